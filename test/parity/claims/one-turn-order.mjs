import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'p4-one-turn-order',
  summary: '1.3 ms and 1.25 ms sleeps of one turn, 38 tasks between',
  tasks: 40,
  setup: () => ({ log: [] }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        if (t.id === 0) {
          await t.sleep(1.3);
          s.log.push('A:woke');
        } else if (t.id === 39) {
          await t.sleep(1.25);
          s.log.push('Z:woke');
        } else await t.yield();
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'log' }],
});
