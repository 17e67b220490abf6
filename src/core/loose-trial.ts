import { ownClearTimeout, ownSetTimeout } from './own-timers.js';
import { optionWord } from './option-words.js';
import type { TrialEnd } from './controlled-trial.js';
import { DEADLOCK, errorOutcome, RunnerOutcome, type TrialValue } from './runner-outcomes.js';
import type { Lock, LockHost, LockWaiter } from './lock.js';
import type { Random } from './prng.js';
import type { ObservedValue, RunParams, TrialParams, Variant } from './scenario.js';
import { LockRegistry, TrialTaskContext, type Doors } from './task-context.js';

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * One trial with no scheduler in control: the tasks are started in order, like
 * `asyncio.gather`, and the real event loop interleaves them.
 *
 * - `event-loop`: `t.yield()` (and `t.sleep(0)`) is one microtask hop and `t.sleep(ms)` a real
 *   timer, so the run shows what Node.js does by itself: deterministic, but every `await` of a
 *   promise is a hop here, which is where it differs from asyncio (see the README);
 * - `timers`: every scheduling point, task starts included, is a real `setTimeout` with a small
 *   seeded random delay (0–2 ms), so the races come from the real event loop.
 *
 * A trial that has not finished after `timeoutMs` ends as a `hang`; its tasks are left to run
 * out on their own state, which no later trial shares. A trial whose unfinished tasks all wait
 * for its locks can never go on (only its own tasks could release them): it ends as `deadlock`
 * at once rather than after the timeout.
 */
export class LooseTrial<S, R = unknown> implements LockHost, Doors {
  readonly generation = 0;
  readonly locks = new LockRegistry(this);
  private over = false;
  private done = 0;
  private blocked = 0;
  private timer: NodeJS.Timeout | undefined;
  private state!: S;

  constructor(
    private readonly variant: Variant<S>,
    private readonly params: RunParams,
    private readonly setup: (params: TrialParams<R>) => S | Promise<S>,
    private readonly observe: (state: S, params: RunParams) => ObservedValue | Promise<ObservedValue>,
    /** Jitter source for `timers`; undefined for `event-loop`. */
    readonly jitter: Random | undefined,
    private readonly timeoutMs: number,
    private readonly onEnd: TrialEnd,
    private readonly trialParams: TrialParams<R>,
    /** `setup` threw or rejected: the scenario is broken, which is not a trial outcome. */
    private readonly onSetupError: (error: unknown) => void,
  ) {}

  /** Sets the trial up (a setup may be async here) and starts its tasks in order. */
  start(): void {
    this.timer = ownSetTimeout(
      () => this.end(RunnerOutcome.of('hang', `no end within ${this.timeoutMs} ms (${optionWord('timeoutMs')})`)),
      this.timeoutMs,
    );
    let state: S | Promise<S>;
    try {
      state = this.setup(this.trialParams);
    } catch (error) {
      this.abandon(error);
      return;
    }
    if (typeof state === 'object' && state !== null && typeof (state as { then?: unknown }).then === 'function') {
      (state as Promise<S>).then(
        (ready) => this.startTasks(ready),
        (error: unknown) => this.abandon(error),
      );
    } else {
      this.startTasks(state as S);
    }
  }

  private abandon(error: unknown): void {
    if (this.over) return;
    this.over = true;
    ownClearTimeout(this.timer);
    this.onSetupError(error);
  }

  private startTasks(state: S): void {
    if (this.over) return;
    this.state = state;
    for (let i = 0; i < this.params.tasks; i++) {
      const t = new TrialTaskContext(i, this, 0);
      if (this.jitter === undefined) this.begin(t);
      else void pause(this.delay()).then(() => this.begin(t));
    }
  }

  park(_task: number, ms: number | undefined): Promise<void> {
    // `t.sleep(0)` is `t.yield()`, as `asyncio.sleep(0)` is a bare yield.
    if (ms === undefined || ms <= 0) return this.jitter === undefined ? RESOLVED : pause(this.delay());
    return pause(ms + this.delay());
  }

  wait<T>(_task: number, promise: PromiseLike<T>): Promise<T> {
    if (this.jitter === undefined) return Promise.resolve(promise);
    return Promise.resolve(promise).then(async (value) => {
      await pause(this.delay());
      return value;
    });
  }

  /** `t.io`: with no scheduler in control, a plain await of the operation. */
  io<T>(_task: number, operation: PromiseLike<T>): Promise<T> {
    return Promise.resolve(operation);
  }

  currentTask(): number {
    return -1;
  }

  block(_lock: Lock, queue: LockWaiter[]): Promise<void> {
    return new Promise<void>((resolve) => {
      this.blocked++;
      queue.push({
        task: -1,
        wake: () => {
          this.blocked--;
          resolve();
        },
      });
      if (this.blocked + this.done >= this.params.tasks) {
        // Confirm once every pending microtask has run: a release may still be on its way.
        setImmediate(() => {
          if (this.blocked + this.done >= this.params.tasks) this.end(DEADLOCK);
        });
      }
    });
  }

  /** A random delay of 0, 1 or 2 ms for the next scheduling point under `timers`. */
  delay(): number {
    return this.jitter === undefined ? 0 : this.jitter.below(3);
  }

  private begin(t: TrialTaskContext): void {
    if (this.over) return;
    let running: Promise<void>;
    try {
      running = this.variant.run(this.state, t);
    } catch (error) {
      this.end(errorOutcome(error));
      return;
    }
    Promise.resolve(running).then(
      () => this.finishTask(),
      (error: unknown) => this.end(errorOutcome(error)),
    );
  }

  private finishTask(): void {
    if (this.over || ++this.done < this.params.tasks) return;
    let value: TrialValue | Promise<ObservedValue>;
    try {
      value = this.observe(this.state, this.params);
    } catch (error) {
      value = errorOutcome(error);
    }
    // An observe may be async here (reading a counter back from Redis, say).
    Promise.resolve(value).then(
      // -0 is 0, as everywhere a value is counted (see ControlledTrial.complete).
      (observed) => this.end(observed === 0 ? 0 : observed),
      (error: unknown) => this.end(errorOutcome(error)),
    );
  }

  private end(value: TrialValue): void {
    if (this.over) return;
    this.over = true;
    ownClearTimeout(this.timer);
    this.onEnd(value);
  }
}

/**
 * A real macrotask turn: `setImmediate` for 0 ms (Node.js would clamp `setTimeout(0)` to 1 ms,
 * making 0 and 1 the same delay), a timer otherwise.
 */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0) setImmediate(resolve);
    else ownSetTimeout(resolve, ms);
  });
}
