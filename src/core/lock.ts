/**
 * An async mutex with the semantics of Python's `asyncio.Lock`, because that is what the
 * scenarios teach:
 *
 * - acquiring a free lock does not yield: `run(fn)` calls `fn` synchronously, so a task that
 *   finds the lock free cannot be overtaken between the check and the critical section;
 * - FIFO fairness: `release()` hands the lock directly to the oldest waiter, so a newcomer can
 *   never barge in between the release and the waiter's wake-up;
 * - `release()` of an unlocked lock throws;
 * - `run(fn)` is `async with lock:` — it releases in `finally`, even when `fn` throws.
 *
 * It is the project's own rather than a library's because the controlled schedulers must know
 * when a task blocks on it and when it is woken: that is what a {@link LockHost} is told.
 */

/** A task parked on a lock; `wake()` is called once, when the lock has been handed to it. */
export interface LockWaiter {
  readonly task: number;
  wake(): void;
}

/**
 * Where a lock parks its waiters. The default host just makes a promise; a controlled
 * scheduler's host also marks the task blocked, passes the baton, and makes the task runnable
 * again on `wake()`.
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
  /** `next` is the task the lock was handed to, or -1 when it became free. */
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
  private readonly waiters: LockWaiter[] = [];
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

  /** True while some task holds the lock. */
  get locked(): boolean {
    return this.held;
  }

  /** The id of the task holding the lock (under a controlled schedule), else -1. */
  get owner(): number {
    return this.holder;
  }

  /** How many tasks are waiting for the lock. */
  get waiting(): number {
    return this.waiters.length;
  }

  /**
   * Take the lock. A free lock is taken before this returns (the returned promise is already
   * resolved); otherwise the caller queues behind the earlier waiters.
   */
  acquire(): Promise<void> {
    if (this.tryAcquire()) return RESOLVED;
    return this.host.block(this, this.waiters);
  }

  /** Take the lock if it is free, without waiting. */
  tryAcquire(): boolean {
    // Hand-off keeps the lock held while anyone waits, so "free" implies "no waiters".
    if (this.held) return false;
    this.held = true;
    this.holder = this.host.currentTask();
    this.observer?.acquired(this);
    return true;
  }

  /** Release the lock, handing it to the oldest waiter if there is one. */
  release(): void {
    if (!this.held) throw new Error(`release() of ${this.name}, which is not locked`);
    const next = this.waiters.shift();
    if (next === undefined) {
      this.held = false;
      this.holder = -1;
      this.observer?.released(this, -1);
      return;
    }
    // Direct hand-off: the lock never looks free while someone waits (FIFO, no barging).
    this.observer?.released(this, next.task);
    this.holder = next.task;
    next.wake();
  }

  /**
   * Run `fn` while holding the lock (the analog of `async with lock:`). If the lock is free,
   * `fn` starts synchronously: taking a free lock must not yield, or another task could run
   * between the caller's decision to enter and the critical section itself.
   */
  run<T>(fn: () => T | PromiseLike<T>): Promise<T> {
    if (this.tryAcquire()) return this.runHeld(fn);
    return this.host.block(this, this.waiters).then(() => this.runHeld(fn));
  }

  private async runHeld<T>(fn: () => T | PromiseLike<T>): Promise<T> {
    try {
      return await fn();
    } finally {
      this.release();
    }
  }
}
