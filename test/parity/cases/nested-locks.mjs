// Pair of nested-locks.py: t.lock around a named lock, both free: no scheduling point.
import { defineScenario } from 'lockdemo';

export default defineScenario({
  name: 'parity-nested-locks',
  summary: 'nested free locks do not suspend',
  tasks: 2,
  setup: () => ({ log: [] }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        if (t.id === 0) {
          s.log.push('A:start');
          await t.lock.run(async () => {
            await t.lockNamed('inner').run(async () => {
              s.log.push('A:in');
            });
            s.log.push('A:between');
          });
          s.log.push('A:out');
        } else {
          s.log.push('B:1');
          await t.yield();
          s.log.push('B:2');
        }
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'the event log' }],
});
