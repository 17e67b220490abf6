// Pair of release-unlocked.py: release() of a lock that is not held throws, including in the
// window after a release that woke a waiter.
import { defineScenario } from 'lockdemo';

export default defineScenario({
  name: 'parity-release-unlocked',
  summary: 'release of an unlocked lock raises',
  tasks: 2,
  setup: () => ({ log: [] }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        if (t.id === 0) {
          await t.lock.acquire();
          await t.yield();
          t.lock.release();
          try {
            t.lock.release();
            s.log.push('A:released-twice');
          } catch {
            s.log.push('A:second-release-raised');
          }
        } else {
          await t.lock.run(async () => {
            s.log.push('B:in');
          });
          try {
            t.lock.release();
            s.log.push('B:released-again');
          } catch {
            s.log.push('B:release-raised');
          }
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'the event log' }],
});
