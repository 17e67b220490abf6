/**
 * The reference's own lock, written from DESIGN.md ("The lock is asyncio.Lock") and CPython's
 * documented behaviour, sharing no code with src/core/lock.ts:
 *
 * - a free lock with nobody queued is taken without suspending;
 * - otherwise the caller queues (FIFO) and blocks: a scheduling point;
 * - release() of an unlocked lock throws;
 * - release() with waiters wakes the first one, which owns the lock when it *resumes*; until then
 *   `locked` is false, and a newcomer's acquire queues behind the waiters (no barging), as
 *   CPython's `acquire` does when `_waiters` is not empty.
 */

/** What the lock needs from the reference scheduler. */
export interface RefLockHost {
  /** The running task's id. */
  current(): number;
  /** Block the running task; `resume` is called when the scheduler picks it again. */
  block(task: number, resume: () => void): void;
  /** Make a blocked task ready (a candidate at the next pick). */
  wake(task: number): void;
}

interface Waiter {
  task: number;
  woken: boolean;
}

export class RefLock {
  private held = false;
  private readonly waiters: Waiter[] = [];

  constructor(
    readonly name: string,
    private readonly host: RefLockHost,
  ) {}

  /** As asyncio.Lock.locked(): false from a release until the woken waiter resumes. */
  get locked(): boolean {
    return this.held;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  acquire(): Promise<void> {
    if (!this.held && this.waiters.length === 0) {
      this.held = true;
      return Promise.resolve();
    }
    const waiter: Waiter = { task: this.host.current(), woken: false };
    this.waiters.push(waiter);
    return new Promise<void>((resolve) => {
      this.host.block(waiter.task, () => {
        // CPython: the woken waiter removes its future from the queue, then sets _locked.
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        this.held = true;
        resolve();
      });
    });
  }

  tryAcquire(): boolean {
    if (this.held || this.waiters.length > 0) return false;
    this.held = true;
    return true;
  }

  release(): void {
    if (!this.held) throw new Error(`release of an unlocked lock (${this.name})`);
    this.held = false;
    const first = this.waiters[0];
    if (first !== undefined && !first.woken) {
      first.woken = true;
      this.host.wake(first.task);
    }
  }

  /** `async with lock:`. Microtask hops here are invisible to the reference (see ref-trial.ts). */
  async run<T>(fn: () => T | PromiseLike<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }
}
