// Pair of due-next-turn.py: t.sleep(0.001) is 1 µs, due at the next tick of the virtual clock.
import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'parity-due-next-turn',
  summary: 'a timer that is due at the next turn',
  tasks: 2,
  setup: () => ({ log: [] }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        if (t.id === 0) {
          await t.sleep(0.001);
          s.log.push('A:woke');
        } else
          for (let i = 0; i < 5; i++) {
            s.log.push(`B:${i}`);
            await t.yield();
          }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'the event log' }],
});
