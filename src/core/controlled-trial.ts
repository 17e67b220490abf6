import { Lock, type LockHost, type LockWaiter } from './lock.js';
import type { ObservedValue, RunParams, TaskContext, TrialParams, Variant } from './scenario.js';
import { ScenarioError, taskLabel } from './scenario.js';
import { DEADLOCK, errorOutcome } from './runner-outcomes.js';

/**
 * Chooses which runnable task goes next at a scheduling point. `runnable[0..count)` holds the
 * ids of the runnable tasks in an order that depends only on the history of the trial, so a
 * deterministic picker gives a deterministic trial. `previous` is the task that ran up to this
 * point (-1 at the start or when none did); if it is among the runnable ones, picking another
 * task preempts it. Returns an index into `runnable`.
 */
export interface Picker {
  pick(runnable: readonly number[], count: number, previous: number): number;
}

/** What a traced trial reports; see trace.ts. Absent on the fast path. */
export interface TrialTracer {
  /** A scheduling step is about to hand the baton to `task` (step numbers start at 1). */
  step(step: number, task: number): void;
  event(task: number, text: string): void;
  /** Wraps the state so reads and writes are recorded, attributed to `running()`. */
  wrapState<S>(state: S, running: () => number): S;
}

/** How a trial ended: the observed value, or one of the outcomes the runner itself produces. */
export type TrialEnd = (value: ObservedValue) => void;


// `holder` is the task whose code may run now. TRANSIT: the baton has been passed but the
// receiving continuation has not started yet (a task's synchronous code after its own park
// must not pass it a second time). IDLE: nobody holds it, so the next event that makes a task
// runnable (a `t.wait` promise settling) passes it.
const TRANSIT = -1;
const IDLE = -2;

const NEVER: Promise<never> = new Promise<never>(() => {});

/**
 * Task starts are queued as reactions to this settled promise: one microtask each, like
 * queueMicrotask, without the AsyncResource that Node.js creates for every queueMicrotask call
 * (a fifth of the cost of a counter trial).
 */
const SETTLED: Promise<void> = Promise.resolve();

/** The picks of the trial in flight, kept without reallocating from trial to trial. */
export class PickLog {
  readonly items: number[] = [];
  size = 0;

  push(task: number): void {
    this.items[this.size++] = task;
  }

  clear(): void {
    this.size = 0;
  }

  toArray(): number[] {
    return this.items.slice(0, this.size);
  }
}

/** Marks a task's first continuation: its start, run as a microtask of its own. */
const START = (): void => {};

/**
 * One trial under a controlled schedule: only one task runs at a time, and at every scheduling
 * point (task start, `t.yield()`, `t.sleep()`, resumption after a lock hand-off or a `t.wait`)
 * the picker chooses the next task among the runnable ones.
 *
 * The baton is passed, not polled for: the task that parks settles the promise the chosen task
 * awaits, and the chosen task continues as a microtask once the parking task's synchronous code
 * has finished, exactly as on a real event loop. No timers, no macrotask per step, so a trial
 * of the counter costs about a microsecond.
 *
 * A task may own several strands (an async function it called and has not awaited yet, such as
 * a fetch it stores for others); each parked strand is a continuation, and a task is runnable
 * while it has one. Its strands resume oldest first.
 *
 * The object is reused for the next trial when a trial ends cleanly (nothing of it still
 * parked or in flight), which keeps the trial loop nearly allocation-free; task contexts and
 * locks carry the trial's generation, so nothing of an ended trial can reach the next one.
 */
export class ControlledTrial<S> implements LockHost {
  /** Set once the trial has ended; late continuations of an ended trial never resume. */
  over = true;
  /** Scheduling decisions taken so far. */
  steps = 0;
  /** For a deadlock: who holds what and waits for what. */
  waitCycle: string | undefined;
  /** Set when the picker refused to go on (a replay string that does not fit): not an outcome. */
  pickerError: unknown;
  /** Bumped by every start(); contexts and locks of older trials are refused. */
  generation = 0;
  /** The task whose code runs now, or ran last: reads, writes and lock events belong to it. */
  private running = -1;
  private holder = IDLE;
  private picker!: Picker;
  private readonly first: Array<(() => void) | undefined>;
  private more: Array<Array<() => void> | undefined> | undefined;
  private readonly runnable: number[];
  private runCount = 0;
  private done = 0;
  private lockBlocked = 0;
  private waitBlocked = 0;
  /** Continuations resumed whose code has not started yet. */
  private inFlight = 0;
  /** True when the last trial ended with nothing of it left parked or in flight. */
  private clean = true;
  private readonly waitingFor: Array<Lock | undefined>;
  private readonly contexts: Array<ControlledContext<S>>;
  private readonly markers: Array<() => void>;
  private readonly beginners: Array<() => void>;
  private readonly finishers: Array<() => void>;
  private readonly failer = (error: unknown): void => this.fail(error);
  private sharedLock: Lock | undefined;
  private namedLocks: Map<string, Lock> | undefined;
  private state!: S;
  /** The unwrapped state, which `observe` sees: observing is not part of the trace. */
  private observed!: S;
  /** Given to `setup`; one object for every trial of this one, only `trial` changes. */
  private readonly trialParams: TrialParams<unknown>;

  constructor(
    private readonly variant: Variant<S>,
    private readonly params: RunParams,
    private readonly setup: (params: TrialParams<any>) => S | Promise<S>,
    private readonly observe: (state: S, params: RunParams) => ObservedValue | Promise<ObservedValue>,
    private readonly onEnd: TrialEnd,
    /** When given, the task picked at every step is pushed here (the trial's schedule). */
    private readonly picks?: PickLog,
    private readonly tracer?: TrialTracer,
    /** What the scenario's `open` returned for this run. */
    resource: unknown = undefined,
  ) {
    const n = params.tasks;
    this.trialParams = { ...params, trial: 0, resource };
    this.first = new Array(n).fill(undefined);
    this.runnable = new Array(n).fill(0);
    this.waitingFor = new Array(n).fill(undefined);
    this.contexts = new Array(n);
    this.markers = new Array(n);
    this.beginners = new Array(n);
    this.finishers = new Array(n);
    for (let i = 0; i < n; i++) {
      this.markers[i] = () => {
        this.inFlight--;
        this.holder = i;
        this.running = i;
      };
      this.beginners[i] = () => this.begin(i);
      this.finishers[i] = () => this.finishTask(i);
    }
  }

  /** True when this object may run another trial: the last one ended and left nothing behind. */
  get reusable(): boolean {
    return this.over && this.clean;
  }

  /**
   * Run one trial: fresh state, every task runnable at its start, and the baton passed to the
   * first one picked. Throws what `setup` throws.
   */
  start(picker: Picker, index = 0): void {
    const n = this.params.tasks;
    this.generation++;
    this.picker = picker;
    this.over = false;
    this.clean = false;
    this.steps = 0;
    this.waitCycle = undefined;
    this.pickerError = undefined;
    this.running = -1;
    this.holder = IDLE;
    this.runCount = 0;
    this.done = 0;
    this.lockBlocked = 0;
    this.waitBlocked = 0;
    this.inFlight = 0;
    this.more = undefined;
    this.sharedLock = undefined;
    this.namedLocks = undefined;
    for (let i = 0; i < n; i++) {
      this.first[i] = undefined;
      this.waitingFor[i] = undefined;
      this.contexts[i] = new ControlledContext(i, this, this.generation);
    }
    this.trialParams.trial = index;
    const state = this.setup(this.trialParams);
    if (isThenable(state)) {
      this.over = true;
      throw new ScenarioError('setup returned a promise: an async setup needs --schedule event-loop or timers');
    }
    this.observed = state;
    this.state = this.tracer ? this.tracer.wrapState(state, () => this.running) : state;
    for (let i = 0; i < n; i++) this.enqueue(i, START);
    this.dispatch();
  }

  /** Called when the microtask queue drained with this trial unfinished: it can make no progress. */
  stall(): void {
    if (this.over) return;
    if (this.runCount === 0 && this.lockBlocked > 0) {
      this.deadlock();
      return;
    }
    const why = this.describeStall();
    this.tracer?.event(this.running, why);
    this.end(why);
  }

  get lock(): Lock {
    return (this.sharedLock ??= this.makeLock('lock'));
  }

  namedLock(name: string): Lock {
    this.namedLocks ??= new Map();
    let lock = this.namedLocks.get(name);
    if (lock === undefined) this.namedLocks.set(name, (lock = this.makeLock(name)));
    return lock;
  }

  private makeLock(name: string): Lock {
    // The lock's host refuses a trial that has ended, should a stray strand still hold the lock.
    const generation = this.generation;
    const host: LockHost = {
      currentTask: () => this.currentTask(),
      block: (lock, queue) => (generation === this.generation ? this.block(lock, queue) : NEVER),
    };
    const lock = new Lock(name, host);
    if (this.tracer) {
      const tracer = this.tracer;
      lock.observer = {
        acquired: (l) => tracer.event(this.running, `acquire ${l.name}`),
        released: (l, next) =>
          tracer.event(this.running, next >= 0 ? `release ${l.name} → ${taskLabel(next)}` : `release ${l.name}`),
      };
    }
    return lock;
  }

  // --- the doors of the task context -------------------------------------------------------

  park(task: number, what = 'yield'): Promise<void> {
    if (this.over) return NEVER;
    this.tracer?.event(task, what);
    let resume!: () => void;
    const parked = new Promise<void>((resolve) => {
      resume = resolve;
    });
    this.enqueue(task, resume);
    if (this.holder === task || this.holder === IDLE) this.dispatch();
    // The marker runs just before the task's code continues: from then on the baton is its.
    return parked.then(this.markers[task]);
  }

  wait<T>(task: number, promise: PromiseLike<T>): Promise<T> {
    if (this.over) return NEVER;
    let resume!: () => void;
    const woken = new Promise<void>((resolve) => {
      resume = resolve;
    });
    let fulfilled = true;
    let result: unknown;
    const generation = this.generation;
    const settle = (ok: boolean, value: unknown): void => {
      if (this.over || generation !== this.generation) return;
      fulfilled = ok;
      result = value;
      this.waitBlocked--;
      this.enqueue(task, resume);
      // The strand that settled the promise may have ended without parking (a fetch that
      // returned): then nobody passes the baton unless the settlement does.
      if (this.holder === IDLE || this.holder === task) this.dispatch();
    };
    this.waitBlocked++;
    this.tracer?.event(task, 'wait for a promise');
    Promise.resolve(promise).then(
      (value) => settle(true, value),
      (error: unknown) => settle(false, error),
    );
    if (this.holder === task || this.holder === IDLE) this.dispatch();
    return woken.then(() => {
      this.markers[task]!();
      this.tracer?.event(task, fulfilled ? 'resume: promise fulfilled' : 'resume: promise rejected');
      if (!fulfilled) throw result;
      return result as T;
    });
  }

  // --- LockHost ----------------------------------------------------------------------------

  currentTask(): number {
    return this.holder >= 0 ? this.holder : -1;
  }

  block(lock: Lock, queue: LockWaiter[]): Promise<void> {
    const task = this.holder;
    if (this.over || task < 0) return NEVER;
    let resume!: () => void;
    const granted = new Promise<void>((resolve) => {
      resume = resolve;
    });
    this.lockBlocked++;
    this.waitingFor[task] = lock;
    this.tracer?.event(task, `wait for ${lock.name} (held by ${lock.owner >= 0 ? taskLabel(lock.owner) : 'nobody'})`);
    queue.push({
      task,
      // Called from release() by the task that is running: it keeps the baton; the woken task
      // just becomes runnable, and its resumption is a scheduling point.
      wake: () => {
        if (this.over) return;
        this.lockBlocked--;
        this.waitingFor[task] = undefined;
        this.enqueue(task, resume);
      },
    });
    this.dispatch();
    if (this.tracer === undefined) return granted.then(this.markers[task]);
    return granted.then(() => {
      this.markers[task]!();
      this.tracer!.event(task, `resume holding ${lock.name}`);
    });
  }

  // --- the scheduler -----------------------------------------------------------------------

  private begin(task: number): void {
    this.inFlight--;
    if (this.over) return;
    this.holder = task;
    this.running = task;
    this.tracer?.event(task, 'start');
    let running: Promise<void>;
    try {
      running = this.variant.run(this.state, this.contexts[task]!);
    } catch (error) {
      this.fail(error);
      return;
    }
    if (running === null || typeof running !== 'object' || typeof running.then !== 'function') {
      this.finishTask(task);
      return;
    }
    running.then(this.finishers[task], this.failer);
  }

  private finishTask(task: number): void {
    if (this.over) return;
    this.tracer?.event(task, 'end');
    this.done++;
    if (this.holder === task || this.holder === IDLE) this.dispatch();
  }

  private enqueue(task: number, resume: () => void): void {
    if (this.first[task] === undefined) {
      this.first[task] = resume;
      this.runnable[this.runCount++] = task;
      return;
    }
    this.more ??= new Array(this.params.tasks);
    (this.more[task] ??= []).push(resume);
  }

  private dispatch(): void {
    const count = this.runCount;
    if (count > 0) {
      let index: number;
      try {
        index = this.picker.pick(this.runnable, count, this.holder >= 0 ? this.holder : -1);
      } catch (error) {
        this.pickerError = error;
        this.end('error: the schedule could not go on');
        return;
      }
      const task = this.runnable[index]!;
      const resume = this.first[task]!;
      const queued = this.more?.[task];
      if (queued !== undefined && queued.length > 0) {
        this.first[task] = queued.shift();
      } else {
        this.first[task] = undefined;
        this.runnable[index] = this.runnable[--this.runCount]!;
      }
      this.holder = TRANSIT;
      this.steps++;
      this.inFlight++;
      this.picks?.push(task);
      this.tracer?.step(this.steps, task);
      // A start runs as a microtask of its own, never inside the caller's synchronous code.
      if (resume === START) void SETTLED.then(this.beginners[task]);
      else resume();
      return;
    }
    this.holder = IDLE;
    if (this.done === this.params.tasks) {
      this.complete();
    } else if (this.waitBlocked === 0 && this.lockBlocked > 0) {
      this.deadlock();
    }
    // Otherwise a `t.wait` promise may still settle; if none does, the microtask queue drains
    // and the runner calls stall().
  }
  /** Every unfinished task waits for a lock: name who holds what, for the trace. */
  private deadlock(): void {
    const parts: string[] = [];
    for (let task = 0; task < this.params.tasks; task++) {
      const lock = this.waitingFor[task];
      if (lock === undefined) continue;
      const held = [this.sharedLock, ...(this.namedLocks?.values() ?? [])].filter((l) => l !== undefined && l.owner === task);
      const holds = held.length > 0 ? `holds ${held.map((l) => l!.name).join(' and ')} and ` : '';
      parts.push(`${taskLabel(task)} ${holds}waits for ${lock.name}`);
    }
    this.waitCycle = parts.join('; ');
    this.tracer?.event(-1, `deadlock: ${this.waitCycle}`);
    this.end(DEADLOCK);
  }

  private complete(): void {
    this.clean = this.runCount === 0 && this.lockBlocked === 0 && this.waitBlocked === 0 && this.inFlight === 0;
    let value: ObservedValue | Promise<ObservedValue>;
    try {
      value = this.observe(this.observed, this.params);
    } catch (error) {
      this.fail(error);
      return;
    }
    if (isThenable(value)) {
      this.fail(new Error('observe returned a promise: an async observe needs --schedule event-loop or timers'));
      return;
    }
    this.end(value);
  }

  private fail(error: unknown): void {
    if (this.over) return;
    const outcome = errorOutcome(error);
    this.tracer?.event(this.running, `throws: ${outcome.slice('error: '.length)}`);
    this.end(outcome);
  }

  private end(value: ObservedValue): void {
    this.over = true;
    this.onEnd(value);
  }

  private describeStall(): string {
    const advice = 'use t.yield, t.sleep, t.lock or t.wait';
    if (this.holder >= 0) {
      return `stalled: ${taskLabel(this.holder)} awaited something the scheduler cannot see (${advice})`;
    }
    if (this.waitBlocked > 0) {
      return `stalled: a promise passed to t.wait never settled (${advice})`;
    }
    return `stalled: a task awaited something the scheduler cannot see (${advice})`;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** A task's door to its trial; refused once that trial has ended and the object moved on. */
class ControlledContext<S> implements TaskContext {
  readonly label: string;

  constructor(
    readonly id: number,
    private readonly trial: ControlledTrial<S>,
    private readonly generation: number,
  ) {
    this.label = taskLabel(id);
  }

  yield(): Promise<void> {
    if (this.generation !== this.trial.generation) return NEVER;
    return this.trial.park(this.id);
  }

  sleep(ms: number): Promise<void> {
    if (this.generation !== this.trial.generation) return NEVER;
    // Time is not simulated: any runnable task may go next, whoever slept longer.
    return this.trial.park(this.id, `sleep ${ms} ms`);
  }

  wait<T>(promise: PromiseLike<T>): Promise<T> {
    if (this.generation !== this.trial.generation) return NEVER;
    return this.trial.wait(this.id, promise);
  }

  get lock(): Lock {
    return this.trial.lock;
  }

  newLock(name: string): Lock {
    return this.trial.namedLock(name);
  }
}
