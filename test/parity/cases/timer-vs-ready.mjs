import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'p3-timer-vs-ready',
  summary: 'timers vs a busy ready queue',
  tasks: 3,
  setup: () => ({ log: [] }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        if (t.id === 0) {
          await t.sleep(1);
          s.log.push('A:woke');
          await t.yield();
          s.log.push('A:after');
        } else if (t.id === 1) {
          for (let i = 0; i < 5; i++) {
            s.log.push(`B:${i}`);
            await t.yield();
          }
          s.log.push('B:end');
        } else {
          await t.sleep(0.5);
          s.log.push('C:woke');
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'log' }],
});
