import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'p3-multi-lock-queues',
  summary: 'two locks with queued waiters',
  tasks: 4,
  setup: () => ({ log: [] }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        const l1 = t.lockNamed('l1'),
          l2 = t.lockNamed('l2');
        if (t.id === 0) {
          await l1.run(async () => {
            s.log.push('A:l1');
            await t.yield();
            s.log.push(`A:req-l2 l2=${l2.locked}`);
            await l2.run(async () => {
              s.log.push('A:l2');
            });
            s.log.push('A:out-l2');
          });
          s.log.push('A:done');
        } else if (t.id === 1) {
          s.log.push('B:req-l1');
          await l1.run(async () => {
            s.log.push(`B:l1 l2=${l2.locked}`);
            await t.yield();
          });
          s.log.push('B:done');
        } else if (t.id === 2) {
          await l2.run(async () => {
            s.log.push('C:l2');
            await t.yield();
            await t.yield();
            s.log.push(`C:rel l1=${l1.locked}`);
          });
          s.log.push('C:done');
        } else {
          s.log.push('D:req-l2');
          await l2.run(async () => {
            s.log.push('D:l2');
            await t.yield();
          });
          s.log.push('D:done');
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'log' }],
});
