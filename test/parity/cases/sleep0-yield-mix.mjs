import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'p3-sleep0-yield-mix',
  summary: 'sleep(0) and yield mixed',
  tasks: 3,
  setup: () => ({ log: [] }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        if (t.id === 0) {
          s.log.push('A:0');
          await t.sleep(0);
          s.log.push('A:1');
          await t.yield();
          s.log.push('A:2');
          await t.sleep(0);
          s.log.push('A:3');
        } else if (t.id === 1) {
          s.log.push('B:0');
          await t.yield();
          s.log.push('B:1');
          await t.sleep(0);
          await t.yield();
          s.log.push('B:2');
        } else {
          await t.sleep(0);
          await t.yield();
          s.log.push('C:0');
          await t.sleep(0);
          s.log.push('C:1');
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'log' }],
});
