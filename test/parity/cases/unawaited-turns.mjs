// Pair of unawaited-turns.py: work a task starts and does not await (`void background()`) goes
// on for the three turns CPython's loop takes to stop once every task has returned. A coroutine
// given to create_task starts a turn later, and a JavaScript async function at once: the
// background function's first `await t.yield()` stands for that turn.
import { defineScenario } from 'lockdemo';

export default defineScenario({
  name: 'parity-unawaited-turns',
  summary: 'work started and not awaited runs until the loop stops',
  tasks: 2,
  setup: () => ({ log: [] }),
  variants: {
    program: {
      races: 'allowed',
      run: async (s, t) => {
        const name = t.id === 0 ? 'A' : 'B';
        const background = async () => {
          await t.yield();
          for (let i = 0; i < 3; i++) {
            await t.yield();
            s.log.push(`${name}${i}`);
          }
        };
        s.log.push(`${name}:start`);
        void background();
        await t.yield();
        s.log.push(`${name}:return`);
      },
    },
  },
  observe: (s) => s.log.join(' '),
  outcomes: [{ grade: 'correct', description: 'the event log' }],
});
