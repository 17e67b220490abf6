import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'p4-one-turn-2',
  summary: '1.3 ms then 1.299 ms sleeps of one turn',
  tasks: 2,
  setup: () => ({ log: [] }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        if (t.id === 0) {
          await t.sleep(1.3);
          s.log.push('A:woke');
        } else {
          await t.sleep(1.299);
          s.log.push('B:woke');
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'log' }],
});
