import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'p3-nested-contended',
  summary: 'nested lock.run with waiters',
  tasks: 3,
  setup: () => ({ log: [] }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        const outer = t.lock,
          inner = t.lockNamed('inner');
        if (t.id === 0) {
          await outer.run(async () => {
            s.log.push('A:outer');
            await inner.run(async () => {
              s.log.push('A:inner');
              await t.yield();
            });
            s.log.push('A:left-inner');
            await t.yield();
          });
          s.log.push('A:done');
        } else if (t.id === 1) {
          s.log.push('B:req');
          await outer.run(async () => {
            s.log.push('B:outer');
            await inner.run(async () => {
              s.log.push('B:inner');
            });
          });
          s.log.push('B:done');
        } else {
          s.log.push('C:req');
          await inner.run(async () => {
            s.log.push('C:inner');
            await t.yield();
          });
          s.log.push('C:done');
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'log' }],
});
