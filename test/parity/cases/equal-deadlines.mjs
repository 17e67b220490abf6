import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'p3-equal-deadlines',
  summary: 'equal sleeps started in different turns',
  tasks: 3,
  setup: () => ({ log: [] }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        if (t.id === 0) {
          await t.yield();
          s.log.push('A:sleep');
          await t.sleep(5);
          s.log.push('A:woke');
        } else if (t.id === 1) {
          s.log.push('B:sleep');
          await t.sleep(5);
          s.log.push('B:woke');
          await t.yield();
          s.log.push('B:after');
        } else {
          s.log.push('C:sleep');
          await t.sleep(5);
          s.log.push('C:woke');
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'log' }],
});
