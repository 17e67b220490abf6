import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'p3-release-by-other',
  summary: 'a task releases a lock another acquired',
  tasks: 3,
  setup: () => ({ log: [] }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        const lock = t.lock;
        if (t.id === 0) {
          await lock.acquire();
          s.log.push('A:acquired');
          await t.yield();
          await t.yield();
          await t.yield();
          s.log.push(`A:locked=${lock.locked}`);
        } else if (t.id === 1) {
          await t.yield();
          try {
            lock.release();
            s.log.push('B:released');
          } catch {
            s.log.push('B:raised');
          }
        } else {
          s.log.push('C:req');
          await lock.run(async () => {
            s.log.push('C:in');
          });
          s.log.push('C:out');
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'log' }],
});
