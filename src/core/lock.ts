/**
 * An async mutex with the semantics of CPython's `asyncio.Lock` (3.10 and later), because that
 * is what the scenarios teach:
 *
 * - acquiring a free lock does not yield: `run(fn)` calls `fn` synchronously, so a task that
 *   finds the lock free cannot be overtaken between the check and the critical section;
 * - FIFO: `release()` with waiters wakes the first one, which owns the lock when it resumes.
 *   Until then `locked` reads false, as in CPython, yet a newcomer's `acquire` in that window
 *   queues behind the waiters (CPython checks `_waiters` too), so nobody barges in;
 * - `release()` of an unlocked lock throws;
 * - `run(fn)` is `async with lock:` — it releases in `finally`, even when `fn` throws.
 *
 * It is the project's own rather than a library's because the controlled schedules must know
 * when a task blocks on it and when it is woken: that is what a {@link LockHost} is told.
 */
import { ScenarioError } from './scenario-error.js';

/** A task parked on a lock; `wake()` is called once, when the lock is released to it. */
export interface LockWaiter {
  readonly task: number;
  wake(): void;
}

/** The name of the trial's shared lock, `t.lock`, as --remove-lock and --ablate name it. */
export const SHARED_LOCK = 't.lock';

/**
 * Where a lock parks its waiters. The default host just makes a promise; a controlled
 * engine's host also marks the task blocked, ends its segment, and makes it ready on `wake()`.
 */
export interface LockHost {
  /** The id of the task that is running now, or -1 when unknown. */
  currentTask(): number;
  /** Park the running task on `lock`: push a waiter onto `queue` and return what the task awaits. */
  block(lock: Lock, queue: LockWaiter[]): Promise<void>;
}

/** Told of acquisitions and releases, for traces; absent on the fast path. */
export interface LockObserver {
  acquired(lock: Lock): void;
  /** `next` is the task woken to take the lock, or -1 when nobody waits. */
  released(lock: Lock, next: number): void;
}

const RESOLVED: Promise<void> = Promise.resolve();

/** Parks waiters on plain promises: the lock used outside controlled schedules. */
export const plainLockHost: LockHost = {
  currentTask: () => -1,
  block(_lock, queue) {
    return new Promise<void>((resolve) => {
      queue.push({ task: -1, wake: resolve });
    });
  },
};

export class Lock {
  /** Shown in traces and deadlock reports. */
  readonly name: string;
  private held = false;
  private holder = -1;
  /** Waiters in arrival order; a woken waiter stays first until it resumes and takes the lock. */
  private readonly waiters: LockWaiter[] = [];
  /** True from a release that woke the first waiter until that waiter resumes. */
  private handing = false;
  private readonly host: LockHost;
  /** Set by a traced trial. */
  observer: LockObserver | undefined;

  /**
   * @param name shown in deadlock reports (default `"lock"`)
   * @param host where waiters are parked (default: plain promises, no scheduler)
   */
  constructor(name = 'lock', host: LockHost = plainLockHost) {
    this.name = name;
    this.host = host;
  }

  /** True while some task holds the lock (false between a release and the woken waiter's resumption). */
  get locked(): boolean {
    return this.held;
  }

  /** The id of the task holding the lock (under a controlled schedule), else -1. */
  get owner(): number {
    return this.holder;
  }

  /** How many tasks are waiting for the lock (a woken one counts until it resumes). */
  get waiting(): number {
    return this.waiters.length;
  }

  /**
   * Take the lock. A free lock with nobody waiting is taken before this returns (the returned
   * promise is already resolved); otherwise the caller queues behind the earlier waiters.
   */
  acquire(): Promise<void> {
    if (this.tryAcquire()) return RESOLVED;
    return this.host.block(this, this.waiters).then(() => this.take());
  }

  /** Take the lock if it is free and nobody waits for it, without waiting. */
  tryAcquire(): boolean {
    // Free with waiters means a woken waiter has not resumed yet: it goes first (no barging).
    if (this.held || this.waiters.length > 0) return false;
    this.held = true;
    this.holder = this.host.currentTask();
    this.observer?.acquired(this);
    return true;
  }

  /** Release the lock, waking the oldest waiter if there is one. */
  release(): void {
    if (!this.held) throw new ScenarioError(`release() of ${this.name}, which is not locked`);
    this.held = false;
    this.holder = -1;
    const next = this.waiters[0];
    if (next === undefined || this.handing) {
      this.observer?.released(this, -1);
      return;
    }
    this.handing = true;
    this.observer?.released(this, next.task);
    next.wake();
  }

  /**
   * Run `fn` while holding the lock (the analog of `async with lock:`). If the lock is free,
   * `fn` starts synchronously: taking a free lock must not yield, or another task could run
   * between the caller's decision to enter and the critical section itself.
   */
  run<T>(fn: () => T | PromiseLike<T>): Promise<T> {
    if (this.tryAcquire()) return this.runHeld(fn);
    return this.runQueued(fn);
  }

  /**
   * `run` on a lock that is held or has waiters: queue, block until the lock is handed over,
   * then run `fn` holding it. One async function rather than a `then` that returns
   * `runHeld(fn)`: a promise returned from a `then` callback costs two more hops to adopt.
   */
  private async runQueued<T>(fn: () => T | PromiseLike<T>): Promise<T> {
    await this.host.block(this, this.waiters);
    this.take();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  /** The woken first waiter resumes: it leaves the queue and owns the lock. */
  private take(): void {
    const waiter = this.waiters.shift();
    this.handing = false;
    this.held = true;
    this.holder = waiter?.task ?? -1;
    this.observer?.acquired(this);
  }

  private async runHeld<T>(fn: () => T | PromiseLike<T>): Promise<T> {
    try {
      return await fn();
    } finally {
      this.release();
    }
  }
}
