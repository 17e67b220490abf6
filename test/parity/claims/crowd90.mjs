import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'p4-crowd90',
  summary: '1 ms sleep vs 30 tasks of 90 yields',
  tasks: 31,
  setup: () => ({ log: [] }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        if (t.id === 0) {
          await t.sleep(1);
          s.log.push('A:woke');
        } else {
          for (let i = 0; i < 90; i++) await t.yield();
          s.log.push(`W${t.id - 1}:done`);
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'log' }],
});
