/**
 * counter — the lost update.
 *
 *   npx lockdemo counter --trials 1000
 *
 * Every task reads the shared counter, awaits (`await t.yield()`, a point where another task may
 * run, as an `await` of real work is in Node.js), then writes back what it read plus one. With 3 tasks under the random schedule the
 * exact odds are 1/3, 1/2 and 1/6, and a 1000-trial run looks like this (seed 12345):
 *
 *   unlocked (races allowed)    1: 33.5%   2: 49.8%   3: 16.7%    race frequency 83.3%
 *   locked   (races forbidden)  3: 100%                          race frequency 0.0%
 *
 * Under `--schedule event-loop`, Node.js itself always ends unlocked at 1 and locked at 3 —
 * exactly what CPython's asyncio prints for the original program.
 *
 * The lesson: a read-then-write of the same variable with an `await` between them is not
 * atomic, even on one thread. Holding a lock across the read, the await and the write makes
 * the sequence atomic, because the other tasks queue on the lock instead of reading a value
 * that is about to go stale.
 */
import { defineScenario } from '../src/index.js';

interface Counter {
  value: number;
}

export default defineScenario<Counter>({
  name: 'counter',
  summary: 'tasks increment a shared counter; the read and the write are split by an await',
  unit: 'count',
  tasks: 3,
  setup: () => ({ value: 0 }),
  variants: {
    unlocked: {
      races: 'allowed',
      summary: 'current = value; await; value = current + 1',
      run: async (state, t) => {
        const current = state.value;
        await t.yield(); // another task may read the same `current` here...
        state.value = current + 1; // ...and this write then erases its increment
      },
    },
    locked: {
      races: 'forbidden',
      summary: 'the same three steps inside lock.run()',
      run: (state, t) =>
        t.lock.run(async () => {
          const current = state.value;
          await t.yield(); // others may run, but they wait at the lock: nobody reads `value`
          state.value = current + 1;
        }),
    },
  },
  observe: (state) => state.value,
  outcomes: ({ tasks }) => [
    { value: tasks, grade: 'correct', description: 'every increment kept' },
    {
      // The final value can only lie between 1 and tasks: each write stores some read + 1.
      match: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v < tasks,
      grade: 'race',
      description: (v) => lostUpdates(tasks - Number(v)),
    },
  ],
});

function lostUpdates(n: number): string {
  return n === 1 ? '1 update lost' : `${n} updates lost`;
}
