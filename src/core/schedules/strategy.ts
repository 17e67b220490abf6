/**
 * The one small interface every schedule implements: which ready task goes next. The engine
 * (controlled-trial.ts) never asks which strategy it runs; it reads only `loop`, which says
 * what kind of world the picks are made in.
 */
/**
 * In `ready`, the observation: once every task's own function has returned while work a task
 * started and did not await is still ready (a `void f()`), observing now is one more choice,
 * offered last, with `previous` set to it (it is the non-preemptive one: what the runtimes do
 * next). A pick of it is no step: a replay string that ends there chooses it.
 */
export const OBSERVE = -3;

export interface Picker {
  /**
   * Called at every scheduling point. `ready[0..count)` holds the ids of the ready tasks, in
   * the order they became ready (wake-up order), so a deterministic picker gives a
   * deterministic trial. `previous` is the task that ran up to this point (-1 at the start);
   * if it is among the ready ones, picking another task preempts it. Returns an index into
   * `ready`.
   */
  pick(ready: readonly number[], count: number, previous: number): number;
  /**
   * `asyncio`'s world instead of the model's: wake-ups are queued in program order, the pick
   * waits until the microtask queue has drained, and `t.sleep(ms)` is a timer on a virtual
   * clock (see asyncio.ts). Absent: any ready task may go next and a sleeper is ready at once.
   */
  readonly loop?: boolean;
  /**
   * Called when a task has two or more strands ready at once (the async functions of a
   * `Promise.all` in one task, each past a door): the engine resumes them oldest first, so
   * their other orders, which the model allows, are not among the picks (outside `loop`'s world:
   * there, see strandsWaiting).
   */
  strandsTogether?(): void;
  /**
   * Called in `loop`'s world when work a task started and did not await runs after every task
   * has returned (as CPython runs it until its loop stops): the model, where a trial observes as
   * soon as every task has returned, cannot replay those picks.
   */
  unawaitedWork?(): void;
  /**
   * Called in `loop`'s world when a task has two or more strands waiting at doors at once: their
   * picks may not replay in the model, where a task's ready strands resume oldest first.
   */
  strandsWaiting?(): void;
  /**
   * Called when the barrier's second detector (async-gaps.ts) stood down in a trial (async hooks
   * on, two runs sharing the thread, or a chain of gaps too long), where a nextTick taken before
   * lockdemo loaded could have queued a callback nothing counted.
   */
  ticksUnwatched?(): void;
  /**
   * Called when a task awaits real I/O (`t.io`): under `asyncio` its completion is modelled as
   * coming by the loop's next turn, which is lockdemo's model, not a claim about CPython.
   */
  realIo?(): void;
  /** Under `asyncio`: a task returned while work of its own still waited (see VariantReport.leftRunning). */
  leftRunning?(): void;
  /** Under `asyncio`: two tasks' timers fired in an order real time could reverse (see VirtualLoop.clockDependent). */
  clockDependent?(): void;
}
