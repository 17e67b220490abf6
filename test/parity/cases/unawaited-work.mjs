// Pair of unawaited-work.py: work a task starts and does not await (`void audit()`). The trial
// ends when every task has returned, as a gather does: task_A's audit lands while task_B still
// sleeps; task_B's, started as it returns, is cut at its sleep (CPython cancels it).
import { defineScenario } from 'lockdemo';

export default defineScenario({
  name: 'parity-unawaited-work',
  summary: 'work started and not awaited is not waited for',
  tasks: 2,
  setup: () => ({ log: [] }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        const name = t.id === 0 ? 'A' : 'B';
        const audit = async () => {
          await t.sleep(5);
          s.log.push(`${name}:audited`);
        };
        s.log.push(`${name}:start`);
        if (name === 'B') await t.sleep(10);
        void audit();
        s.log.push(`${name}:return`);
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'the event log' }],
});
