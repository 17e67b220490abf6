import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'p4-long-loop',
  summary: '6000 and 5000 yields, no timers',
  tasks: 2,
  setup: () => ({ log: [] }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        const n = t.id === 0 ? 6000 : 5000;
        for (let i = 0; i < n; i++) {
          await t.yield();
          if (i % 1000 === 999) s.log.push(`${t.label.slice(5)}:${i + 1}`);
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'log' }],
});
