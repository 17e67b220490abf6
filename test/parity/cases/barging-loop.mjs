import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'p3-barging-loop',
  summary: 'release and re-acquire in a loop',
  tasks: 2,
  setup: () => ({ log: [] }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        const n = t.id === 0 ? 'A' : 'B';
        for (let i = 0; i < 3; i++) {
          if (n === 'B') s.log.push(`B:req${i}`);
          await t.lock.run(async () => {
            s.log.push(`${n}:in${i}`);
            await t.yield();
          });
          s.log.push(`${n}:rel${i}`);
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'log' }],
});
