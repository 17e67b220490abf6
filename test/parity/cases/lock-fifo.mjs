// Pair of lock-fifo.py: waiters enter in the order they queued.
import { defineScenario } from 'lockdemo';

export default defineScenario({
  name: 'parity-lock-fifo',
  summary: 'lock waiters are served first come, first served',
  tasks: 4,
  setup: () => ({ log: [] }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        const name = t.label.slice(5);
        s.log.push(`${name}:req`);
        await t.lock.run(async () => {
          s.log.push(`${name}:in`);
          await t.yield();
          await t.yield();
        });
        s.log.push(`${name}:out`);
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'the event log' }],
});
