/**
 * deadlock — two tasks, two locks, opposite order.
 *
 *   npx lockdemo deadlock --trials 1000
 *   npx lockdemo deadlock --schedule exhaustive --trace
 *
 * task_A takes lock1 then lock2; task_B takes lock2 then lock1, and each yields while holding
 * its first lock. If both get their first lock before either gets its second, each waits for
 * the lock the other holds, forever. Under the random schedule about half of the trials
 * deadlock (seed 1):
 *
 *   opposite-order (races allowed)    done 51.2%   deadlock 48.8% (graded "allowed")
 *   ordered        (races forbidden)  done 100%
 *
 * Under `--schedule exhaustive`, 4 of the 8 interleavings of `opposite-order` deadlock, and a
 * random trial does with probability exactly 1/2.
 *
 * The lesson: a lock makes one sequence atomic, but two locks taken in different orders can
 * wait for each other forever. Take locks in one global order (here: lock1 before lock2)
 * and no cycle can form.
 */
import { defineScenario, type TaskContext } from '../src/index.js';

/** Take `first`, yield while holding it, then take `second` too. */
async function takeBoth(t: TaskContext, first: string, second: string): Promise<void> {
  await t.lockNamed(first).run(async () => {
    await t.yield(); // the other task may take its first lock here
    await t.lockNamed(second).run(async () => {
      await t.yield(); // the work that needs both
    });
  });
}

export default defineScenario<{ finished: number }>({
  name: 'deadlock',
  summary: 'two tasks take two locks; with opposite orders each can wait for the other forever',
  unit: 'end state',
  tasks: 2,
  setup: () => ({ finished: 0 }),
  variants: {
    'opposite-order': {
      races: 'allowed',
      summary: 'task_A takes lock1 then lock2, task_B lock2 then lock1 (even tasks like A, odd like B)',
      run: async (state, t) => {
        if (t.id % 2 === 0) await takeBoth(t, 'lock1', 'lock2');
        else await takeBoth(t, 'lock2', 'lock1');
        state.finished++;
      },
    },
    ordered: {
      races: 'forbidden',
      summary: 'every task takes lock1 before lock2: no wait cycle can form',
      run: async (state, t) => {
        await takeBoth(t, 'lock1', 'lock2');
        state.finished++;
      },
    },
  },
  observe: (state, { tasks }) => (state.finished === tasks ? 'done' : `${state.finished} finished`),
  outcomes: [
    { value: 'done', grade: 'correct', description: 'every task got both locks and finished' },
    { runner: 'deadlock', grade: 'race', description: 'each task holds a lock another waits for' },
  ],
});
