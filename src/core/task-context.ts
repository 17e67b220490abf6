import { Lock, SHARED_LOCK, type LockHost, type LockObserver } from './lock.js';
import { ScenarioError } from './scenario-error.js';
import { taskLabel, type IoOperation, type TaskContext } from './scenario.js';

/**
 * The task context and the lock registry that every trial shares, controlled or not: a trial
 * supplies the {@link Doors}, and the context only forwards to them. A context outlives its
 * trial in the hands of a stray strand, so it carries the trial's generation and is refused
 * (it returns a promise that never settles) once the trial has moved on.
 */

/** What a trial does at each door of the task context. */
export interface Doors {
  /** Bumped per trial by trials that reuse their objects. */
  readonly generation: number;
  /** `t.yield()` (ms undefined) and `t.sleep(ms)`. */
  park(task: number, ms: number | undefined): Promise<void>;
  wait<T>(task: number, promise: PromiseLike<T>): Promise<T>;
  /** `t.io(operation)`, the operation already started (see {@link startOperation}). */
  io<T>(task: number, operation: PromiseLike<T>): Promise<T>;
  readonly locks: LockRegistry;
}

/**
 * Starts a `t.io` operation: a function is called now, in the task's code, and what it returns
 * (or throws, as a rejection) is the operation, so a throw and a rejection reach the task alike.
 */
export function startOperation<T>(operation: IoOperation<T>): PromiseLike<T> {
  return typeof operation === 'function' ? (async () => operation())() : operation;
}

const NEVER: Promise<never> = new Promise<never>(() => {});

/**
 * A door called without its task context (`const { sleep } = t`, `{ sleep: t.sleep }`): it would
 * fail reading its own fields, in words that say nothing of what went wrong.
 */
function detached(door: string): TypeError {
  return new TypeError(
    `t.${door} was called without its task context (a detached method): pass (...args) => t.${door}(...args), or t itself`,
  );
}

/** Parks nobody: a strand that blocks on a detached lock never resumes, like any ended door. */
const endedTrialHost: LockHost = {
  currentTask: () => -1,
  block: () => NEVER,
};

/**
 * What a context of an ended trial gets for `t.lock` or `t.lockNamed`: locks of its own, one per
 * name, the same on every read (a strand that acquires `t.lock` then releases `t.lock` must
 * meet one lock). A trial object is reused for the next trial, and its locks with it would be
 * the next trial's: a stray strand of an ended trial (one that awaited a timer, say) would then
 * take the lock the tasks of another trial contend for, and change their outcome.
 */
class DetachedLocks {
  private readonly byName = new Map<string, Lock>();

  named(name: string): Lock {
    let lock = this.byName.get(name);
    if (lock === undefined) {
      lock = new Lock(name, endedTrialHost);
      this.byName.set(name, lock);
    }
    return lock;
  }
}

export class TrialTaskContext implements TaskContext {
  readonly label: string;

  constructor(
    readonly id: number,
    private readonly doors: Doors,
    private readonly generation: number,
  ) {
    this.label = taskLabel(id);
  }

  /** This context's own locks once its trial has ended (made on first use). */
  private detached: DetachedLocks | undefined;

  yield(): Promise<void> {
    if ((this as unknown) === undefined) throw detached('yield');
    if (this.generation !== this.doors.generation) return NEVER;
    return this.doors.park(this.id, undefined);
  }

  sleep(ms: number): Promise<void> {
    if ((this as unknown) === undefined) throw detached('sleep');
    if (this.generation !== this.doors.generation) return NEVER;
    // A computed delay gone wrong (NaN, a string) is the program's bug, shown as its error: each
    // runtime does something else with it (CPython's sleep(nan) takes the timer path, setTimeout
    // waits 1 ms), so no schedule could claim either's order.
    if (typeof ms !== 'number' || Number.isNaN(ms)) {
      return Promise.reject(new TypeError(`t.sleep(ms) needs a number of milliseconds, got ${typeof ms === 'number' ? 'NaN' : typeof ms}`));
    }
    return this.doors.park(this.id, ms);
  }

  wait<T>(promise: PromiseLike<T>): Promise<T> {
    if ((this as unknown) === undefined) throw detached('wait');
    if (this.generation !== this.doors.generation) return NEVER;
    return this.doors.wait(this.id, promise);
  }

  io<T>(operation: IoOperation<T>): Promise<T> {
    if ((this as unknown) === undefined) throw detached('io');
    if (this.generation !== this.doors.generation) return NEVER;
    return this.doors.io(this.id, startOperation(operation));
  }

  get lock(): Lock {
    if (this.generation !== this.doors.generation) return (this.detached ??= new DetachedLocks()).named('lock');
    return this.doors.locks.shared;
  }

  lockNamed(name: string): Lock {
    if ((this as unknown) === undefined) throw detached('lockNamed');
    // --remove-lock and --ablate name the shared lock `t.lock`: a named lock cannot take that name.
    if (name === SHARED_LOCK)
      throw new ScenarioError(`t.lockNamed("${SHARED_LOCK}"): that name is the shared t.lock's; give the lock another name`);
    if (this.generation !== this.doors.generation) return (this.detached ??= new DetachedLocks()).named(name);
    return this.doors.locks.named(name);
  }

  /** @deprecated Use {@link lockNamed}; kept for one version. */
  newLock(name: string): Lock {
    return this.lockNamed(name);
  }
}

/** The locks of one trial: the shared `t.lock` and the named ones, made on first use. */
export class LockRegistry {
  private sharedLock: Lock | undefined;
  private namedLocks: Map<string, Lock> | undefined;

  constructor(
    private readonly host: LockHost,
    private readonly observer?: LockObserver,
  ) {}

  get shared(): Lock {
    return (this.sharedLock ??= this.make('lock'));
  }

  named(name: string): Lock {
    this.namedLocks ??= new Map();
    let lock = this.namedLocks.get(name);
    if (lock === undefined) this.namedLocks.set(name, (lock = this.make(name)));
    return lock;
  }

  /** Every lock made so far, the shared one first. */
  all(): Lock[] {
    const locks = this.sharedLock ? [this.sharedLock] : [];
    return this.namedLocks ? [...locks, ...this.namedLocks.values()] : locks;
  }

  private make(name: string): Lock {
    const lock = new Lock(name, this.host);
    if (this.observer) lock.observer = this.observer;
    return lock;
  }
}
