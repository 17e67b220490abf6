import type { LockHost, LockWaiter, Lock } from './lock.js';
import { HANG } from './runner-outcomes.js';
import { taskLabel } from './scenario.js';
import { RealIoGate, type RealIoHost } from './real-io.js';
import { TaskState } from './engine-types.js';
import { NEVER, SETTLED, TrialScheduler } from './trial-scheduler.js';
import { isPromise } from 'node:util/types';

// eslint-disable-next-line @typescript-eslint/unbound-method -- called with .call on a native promise
const nativeThen = Promise.prototype.then;

/**
 * A native promise (of Promise or a subclass) whose `then` is Promise's own: calling it queues
 * the reaction at once if the promise has settled. A subclass that overrides `then` decides
 * for itself, as `await` would let it: it goes through Promise.resolve like any thenable.
 */
/**
 * Calls Promise's own `then` on the promise; false if that threw (a subclass whose constructor,
 * which `then` calls for the promise it returns, throws): then it is adopted like a thenable.
 */
function thenDirectly(promise: Promise<unknown>, onFulfilled: (value: unknown) => void, onRejected: (error: unknown) => void): boolean {
  try {
    void nativeThen.call(promise, onFulfilled, onRejected);
    return true;
  } catch {
    return false;
  }
}

function isPlainNativePromise(value: PromiseLike<unknown>): value is Promise<unknown> {
  return isPromise(value) && value.then === nativeThen;
}

/**
 * The doors of the task context under a controlled schedule (the second layer of
 * ControlledTrial, see controlled-trial.ts): what `t.yield()`, `t.sleep()`, `t.wait()`, `t.io()`
 * and a held lock do to the task's state, and when its segment ends so that the next pick can
 * be made. Each door parks a continuation of the task and hands the baton back to the
 * scheduler; the continuation takes the baton again when it is picked.
 */

// The task states as plain constants: the hot path reads no object for them.
const READY: TaskState = TaskState.READY;
const RUNNING: TaskState = TaskState.RUNNING;
const BLOCKED_LOCK: TaskState = TaskState.BLOCKED_LOCK;
const BLOCKED_WAIT: TaskState = TaskState.BLOCKED_WAIT;
const SLEEPING: TaskState = TaskState.SLEEPING;
const BLOCKED_IO: TaskState = TaskState.BLOCKED_IO;

export abstract class TrialDoors extends TrialScheduler implements LockHost {
  /** `--timeout`: how long a trial's real I/O (`t.io`) may take; 0 means the default, 5000 ms. */
  protected abstract readonly ioTimeoutMs: number;

  /** True while a `t.io` operation of the trial is in flight (no pick is made meanwhile). */
  get awaitingIo(): boolean {
    return this.realIo !== undefined && this.realIo.pending > 0;
  }

  /**
   * One more strand of `task` waits at a door. Under asyncio, two at once (a `Promise.all` of
   * its own async functions) resume in the loop's order, which a replay in the model (where a
   * task's ready strands resume oldest first, and time is not modelled) may not follow.
   */
  private parkStrand(task: number): void {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- task ids are below params.tasks, the length of every per-task array
    const parked = ++this.parked[task]!;
    if (this.loop && parked > 1) this.strandsWaiting();
  }

  /** `t.yield()` (ms undefined) and `t.sleep(ms)`. */
  park(task: number, ms: number | undefined): Promise<void> {
    if (this.over) return NEVER;
    this.tracer?.event(task, ms === undefined ? 'yield' : `sleep ${ms} ms`);
    let resume!: () => void;
    const parked = new Promise<void>((resolve) => {
      resume = resolve;
    });
    this.parkStrand(task);
    if (!this.loop) {
      // Time is not modelled: a sleeper is ready at once, so any order of I/O completions occurs.
      this.makeReady(task, resume);
    } else if (ms !== undefined && ms > 0) {
      this.state[task] = SLEEPING;
      this.virtual.sleep(task, ms, resume);
    } else {
      this.state[task] = READY;
      void SETTLED.then(() => this.makeReady(task, resume));
    }
    this.endSegment(task);
    // The marker runs just before the task's code continues: from then on the baton is its.
    return this.markAtPick ? parked : parked.then(this.markers[task]);
  }

  /**
   * `t.wait(promise)`. On a promise already settled it is not a scheduling point (as asyncio's
   * `await` of a done future): `then(cb)` on a settled native promise queues `cb` at once,
   * before the probe queued right after it, so the probe knows. That holds for an instance of
   * a Promise subclass too (`class Deferred extends Promise {}`, as for a done Future subclass
   * in asyncio), so its own `then` is called on it directly rather than through
   * Promise.resolve, which would adopt it with two extra microtasks. A pending promise, or a
   * non-native thenable (which takes extra microtasks to adopt), blocks the task until it
   * settles, and its segment ends there.
   */
  wait<T>(task: number, promise: PromiseLike<T>): Promise<T> {
    if (this.over) return NEVER;
    let resume!: () => void;
    const woken = new Promise<void>((resolve) => {
      resume = resolve;
    });
    let settled = false;
    let blocked = false;
    let fulfilled = true;
    let result: unknown;
    const generation = this.generation;
    const settle = (ok: boolean, value: unknown): void => {
      if (this.over || generation !== this.generation) return;
      settled = true;
      fulfilled = ok;
      result = value;
      this.waits--;
      if (blocked) this.makeReady(task, resume);
    };
    this.waits++;
    const onFulfilled = (value: unknown): void => settle(true, value);
    const onRejected = (error: unknown): void => settle(false, error);
    if (!isPlainNativePromise(promise) || !thenDirectly(promise, onFulfilled, onRejected)) {
      Promise.resolve(promise).then(onFulfilled, onRejected);
    }
    void SETTLED.then(() => {
      if (this.over || generation !== this.generation) return;
      if (settled) {
        this.tracer?.event(task, 'wait: already settled, no scheduling point');
        resume();
        return;
      }
      blocked = true;
      this.parkStrand(task);
      this.state[task] = BLOCKED_WAIT;
      this.tracer?.event(task, 'wait for a promise');
      this.endSegment(task);
    });
    // Picked, a blocked wait took the baton at its pick when the pick runs the marker (markAtPick).
    return woken.then(() => {
      if (blocked && !this.markAtPick) {
        this.inFlight--;
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- task ids are below params.tasks, the length of every per-task array
        this.parked[task]!--;
        this.holder = task;
        this.running = task;
        this.state[task] = RUNNING;
        this.tracer?.event(task, fulfilled ? 'resume: promise fulfilled' : 'resume: promise rejected');
      }
      if (!fulfilled) throw result;
      return result as T;
    });
  }

  /**
   * `t.io(operation)`: real I/O under control. The real operation is not a scheduling decision
   * by itself. The rule that makes it deterministic and replayable: before a pick, the engine
   * waits until every `t.io` of the trial in flight has finished (in real time: the watchdog's
   * macrotasks let the I/O happen), bounded by the timeout from the trial's first `t.io` (past
   * it the trial ends as a `hang`). Then the tasks whose I/O finished become ready, in the
   * order their operations were started, whatever order they really finished in, and are
   * candidates at that pick like any other ready task. So the order in which completions are
   * delivered to their tasks is what the schedules explore, and a replay delivers them in the
   * same order. A rejection is thrown in the task when it resumes.
   */
  io<T>(task: number, operation: PromiseLike<T>): Promise<T> {
    if (this.over) return NEVER;
    let resume!: () => void;
    const delivered = new Promise<void>((resolve) => {
      resume = resolve;
    });
    this.noteRealIo();
    const io = (this.realIo ??= this.ioGate()).track(task, operation, resume);
    this.parkStrand(task);
    this.state[task] = BLOCKED_IO;
    this.tracer?.event(task, 'real I/O (t.io)');
    this.endSegment(task);
    return delivered.then(() => {
      // Picked, it took the baton at its pick when the pick runs the marker (markAtPick).
      if (!this.markAtPick) {
        this.inFlight--;
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- task ids are below params.tasks, the length of every per-task array
        this.parked[task]!--;
        this.holder = task;
        this.running = task;
        this.state[task] = RUNNING;
      }
      this.tracer?.event(task, io.fulfilled ? 'resume: I/O done' : 'resume: I/O failed');
      if (!io.fulfilled) throw io.result;
      return io.result as T;
    });
  }

  private ioGate(): RealIoGate {
    const host: RealIoHost = {
      generation: () => this.generation,
      live: (generation) => !this.over && generation === this.generation,
      deliver: (io) => this.makeReady(io.task, io.resume),
      // The watchdog polls slowly while I/O is in flight (see controlled-batch.ts): pick promptly now.
      delivered: () => this.requestDrain(),
      hang: (limitMs) => {
        this.tracer?.event(-1, `hang: real I/O (t.io) not finished within ${limitMs} ms`);
        this.end(HANG);
      },
    };
    return new RealIoGate(host, this.ioTimeoutMs);
  }

  // --- LockHost ----------------------------------------------------------------------------

  currentTask(): number {
    return this.running;
  }

  block(lock: Lock, queue: LockWaiter[]): Promise<void> {
    const task = this.running;
    if (this.over || task < 0) return NEVER;
    let resume!: () => void;
    const granted = new Promise<void>((resolve) => {
      resume = resolve;
    });
    this.lockBlocked++;
    this.parkStrand(task);
    this.waitingFor[task] = lock;
    this.state[task] = BLOCKED_LOCK;
    if (this.tracer !== undefined) {
      // In the hand-off window the lock reads free, yet the woken waiter goes first (no barging).
      const why = lock.owner >= 0 ? `held by ${taskLabel(lock.owner)}` : 'released, but a woken waiter goes first';
      this.tracer.event(task, `wait for ${lock.name} (${why})`);
    }
    queue.push({
      task,
      // Called from release() by the running task, which keeps the baton: the woken task
      // becomes ready (under asyncio, in program order with the other wake-ups).
      wake: () => {
        if (this.over) return;
        this.lockBlocked--;
        this.waitingFor[task] = undefined;
        this.state[task] = READY;
        if (this.loop) void SETTLED.then(() => this.makeReady(task, resume));
        else this.makeReady(task, resume);
      },
    });
    this.endSegment(task);
    if (this.markAtPick) return granted;
    if (this.tracer === undefined) return granted.then(this.markers[task]);
    const tracer = this.tracer;
    return granted.then(() => {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- task ids are below params.tasks, the length of every per-task array
      this.markers[task]!();
      tracer.event(task, `resume, taking ${lock.name}`);
    });
  }
}
