// Pair of newcomer.py: a newcomer sees the lock free during the hand-off and still queues.
import { defineScenario } from 'lockdemo';

export default defineScenario({
  name: 'parity-newcomer',
  summary: 'no barging in the hand-off window',
  tasks: 3,
  setup: () => ({ log: [] }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        if (t.id === 0) {
          await t.lock.acquire();
          s.log.push('A:in');
          await t.yield();
          t.lock.release();
          s.log.push(`A:released locked=${t.lock.locked}`);
        } else if (t.id === 1) {
          s.log.push(`B:req locked=${t.lock.locked}`);
          await t.lock.run(async () => {
            s.log.push('B:in');
            await t.yield();
          });
          s.log.push('B:out');
        } else {
          s.log.push('C:wait');
          await t.yield();
          s.log.push(`C:req locked=${t.lock.locked}`);
          await t.lock.run(async () => {
            s.log.push('C:in');
          });
          s.log.push('C:out');
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'the event log' }],
});
