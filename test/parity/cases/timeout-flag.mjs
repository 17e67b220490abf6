// Pair of timeout-flag.py: the timer and the worker's steps as t.sleep on the virtual clock.
import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'parity-timeout-flag',
  summary: 'a timeout by a sleeping task and a flag',
  tasks: 2,
  setup: () => ({ log: [], timedOut: false, done: false }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        if (t.id === 0) {
          await t.sleep(50);
          if (!s.done) {
            s.timedOut = true;
            s.log.push('timer:fired');
          }
        } else {
          for (let i = 0; i < 5; i++) {
            if (s.timedOut) {
              s.log.push(`worker:gave-up@${i}`);
              return;
            }
            await t.sleep(20);
            s.log.push(`worker:step${i}`);
          }
          s.done = true;
          s.log.push('worker:done');
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'the event log' }],
});
