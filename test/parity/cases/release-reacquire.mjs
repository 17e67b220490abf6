// Pair of release-reacquire.py.
import { defineScenario } from 'lockdemo';
export default defineScenario({
  name: 'parity-release-reacquire',
  summary: 'release and re-acquire in one step queues behind the waiter',
  tasks: 3,
  setup: () => ({ log: [] }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        const lock = t.lock;
        if (t.id === 0) {
          await lock.acquire();
          await t.yield();
          lock.release();
          s.log.push(`A:rel(${lock.locked})`);
          await lock.acquire();
          s.log.push(`A:again(${lock.locked})`);
          lock.release();
          s.log.push('A:done');
        } else if (t.id === 1) {
          s.log.push('B:req');
          await lock.run(async () => {
            s.log.push(`B:in(${lock.locked})`);
            await t.yield();
            s.log.push('B:out');
          });
        } else {
          await t.yield();
          s.log.push(`C:req(${lock.locked})`);
          await lock.run(async () => {
            s.log.push('C:in');
          });
        }
      },
    },
  },
  observe: (s) => s.log.join(' ').replace(/true/g, 'True').replace(/false/g, 'False'),
  outcomes: [{ grade: 'correct', description: 'the event log' }],
});
