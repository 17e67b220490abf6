import type { Picker } from './strategy.js';

/**
 * `asyncio`: CPython's event loop, deterministic. The engine keeps the ready tasks in the
 * order they were woken (a FIFO ready queue, as `loop.call_soon` appends), so the loop's
 * choice is always the oldest: index 0. What makes it asyncio rather than FIFO alone is the
 * world the engine builds when `loop` is set:
 *
 * - tasks start in order A, B, C (as `asyncio.gather` creates them);
 * - a task is appended to the queue at the moment it is woken, in program order: a yield, a
 *   lock hand-off and a settled `t.wait` promise are all queued through the microtask queue
 *   (FIFO), and the pick waits until it has drained;
 * - a lock `release()` wakes the first waiter, and `locked` reads false until it resumes;
 * - `t.sleep(ms)` with ms > 0 is `call_later` on a virtual clock; each turn of the loop
 *   (CPython's `_run_once`) advances the clock by {@link LOOP_TICK_MS}, and when nothing is
 *   ready it jumps to the next deadline; `t.sleep(0)` is `t.yield()`.
 */
export class AsyncioPicker implements Picker {
  readonly loop = true;

  pick(): number {
    return 0;
  }
}

/**
 * Virtual milliseconds one turn of the loop takes: 0.01 ms (10 µs, the order of one
 * `_run_once` of CPython on a laptop). Only polling programs (`while (!flag) await t.yield()`
 * waiting for a sleeper) depend on it, and only in how many times they poll.
 */
export const LOOP_TICK_MS = 0.01;
