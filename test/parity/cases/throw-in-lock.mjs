import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'p3-throw-in-lock',
  summary: 'a throw inside lock.run releases',
  tasks: 2,
  setup: () => ({ log: [] }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        const lock = t.lock;
        if (t.id === 0) {
          try {
            await lock.run(async () => {
              s.log.push('A:in');
              await t.yield();
              throw new Error('boom');
            });
          } catch {
            s.log.push(`A:caught locked=${lock.locked}`);
          }
          await t.yield();
          s.log.push('A:end');
        } else {
          s.log.push('B:req');
          await lock.run(async () => {
            s.log.push(`B:in locked=${lock.locked}`);
          });
          s.log.push('B:end');
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'log' }],
});
