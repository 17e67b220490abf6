import { asyncioFlagsOf, type AsyncioFlags } from '../run-report.js';
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
 *   (CPython's `_run_once`) advances the clock by LOOP_TICK_MS (virtual-loop.ts), and when nothing is
 *   ready it jumps to the next deadline; `t.sleep(0)` is `t.yield()`.
 */
export class AsyncioPicker implements Picker {
  readonly loop = true;
  /** A trial awaited real I/O (t.io): its order is the model's, not necessarily CPython's. */
  usedRealIo = false;
  /**
   * A task had two of its own strands waiting at once: the loop resumes them as their wake-ups
   * come (a timer's deadline), which a replay in the model, where a task's ready strands resume
   * oldest first and time is not modelled, may not follow. Its picks are then no replay string.
   */
  strandsWaitingTogether = false;
  /**
   * Work a task started and did not await ran after every task had returned (the three turns
   * CPython's loop takes to stop): the model's replay, which observes as soon as every task has
   * returned, cannot follow those picks, so the trial has no replay string.
   */
  unawaitedWorkQueued = false;
  /** A task returned with work of its own still waiting (see VariantReport.leftRunning). */
  leftRunningSeen = false;

  leftRunning(): void {
    this.leftRunningSeen = true;
  }
  /** `setup` read its trial index: each trial may set up another program (see VariantReport.setupReadsTrial). */
  setupReadsTrial = false;
  /** Two tasks' timers fired in an order real time could reverse in CPython (see VariantReport.clockDependent). */
  clockDependentSeen = false;

  clockDependent(): void {
    this.clockDependentSeen = true;
  }

  realIo(): void {
    this.usedRealIo = true;
  }

  strandsWaiting(): void {
    this.strandsWaitingTogether = true;
  }

  unawaitedWork(): void {
    this.unawaitedWorkQueued = true;
  }

  pick(): number {
    return 0;
  }

  /** What these trials saw that keeps their result from being a claim about CPython (see AsyncioFlags). */
  flags(): AsyncioFlags {
    return asyncioFlagsOf({
      realIo: this.usedRealIo,
      clockDependent: this.clockDependentSeen,
      strandsAtOnce: this.strandsWaitingTogether,
      unawaitedWork: this.unawaitedWorkQueued,
      leftRunning: this.leftRunningSeen,
    });
  }
}

export { LOOP_TICK_MS } from '../virtual-loop.js';
