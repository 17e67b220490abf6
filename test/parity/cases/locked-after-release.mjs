// Pair of locked-after-release.py: `t.lock.locked` is false from a release with a waiter
// until the waiter resumes.
import { defineScenario } from 'lockdemo';

export default defineScenario({
  name: 'parity-locked-after-release',
  summary: 'lock.locked right after a release that has a waiter',
  tasks: 2,
  setup: () => ({ log: [] }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        if (t.id === 0) {
          await t.lock.acquire();
          s.log.push('A:acquired');
          await t.yield();
          t.lock.release();
          s.log.push(`A:released locked=${t.lock.locked}`);
          await t.yield();
          s.log.push(`A:after locked=${t.lock.locked}`);
        } else {
          s.log.push(`B:req locked=${t.lock.locked}`);
          await t.lock.run(async () => {
            s.log.push(`B:in locked=${t.lock.locked}`);
          });
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'the event log' }],
});
