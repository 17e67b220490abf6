import { type LockHost, type LockWaiter, type Lock } from './lock.js';
import { DEADLOCK, errorOutcome, HANG, stalledOutcome, stepLimitOutcome, type TrialValue } from './runner-outcomes.js';
import type { ObservedValue, RunParams, TrialParams, Variant } from './scenario.js';
import { ScenarioError, taskLabel } from './scenario.js';
import type { Picker } from './schedules/strategy.js';
import { LockRegistry, TrialTaskContext, type Doors } from './task-context.js';
import { RealIoGate, type RealIoHost } from './real-io.js';
import { VirtualLoop } from './virtual-loop.js';
import { DEFAULT_MAX_STEPS, type PickLog, TaskState, type TrialEnd, type TrialTracer } from './engine-types.js';

export { DEFAULT_MAX_STEPS, PickLog, TaskState, type TrialEnd, type TrialTracer } from './engine-types.js';

export type { Picker } from './schedules/strategy.js';

// The task states as plain constants: the hot path reads no object for them.
const READY: TaskState = TaskState.READY;
const RUNNING: TaskState = TaskState.RUNNING;
const BLOCKED_LOCK: TaskState = TaskState.BLOCKED_LOCK;
const BLOCKED_WAIT: TaskState = TaskState.BLOCKED_WAIT;
const SLEEPING: TaskState = TaskState.SLEEPING;
const DONE: TaskState = TaskState.DONE;
const BLOCKED_IO: TaskState = TaskState.BLOCKED_IO;

// `holder` is the task whose code may run now. TRANSIT: the baton has been passed but the
// receiving continuation has not started yet. IDLE: nobody holds it.
const TRANSIT = -1;
const IDLE = -2;

const NEVER: Promise<never> = new Promise<never>(() => {});

/**
 * Task starts and `asyncio`'s wake-ups are queued as reactions to this settled promise: one
 * microtask each, like queueMicrotask, without the AsyncResource that Node.js creates for every
 * queueMicrotask call (a fifth of the cost of a counter trial).
 */
const SETTLED: Promise<void> = Promise.resolve();

/** Marks a task's first continuation: its start, run as a microtask of its own. */
const START = (): void => {};

/**
 * The engine: one trial under a controlled schedule. Exactly one task runs at a time; at every
 * scheduling point (a start, `t.yield()`, `t.sleep()`, a held lock, `t.wait` on an unsettled
 * promise) the picker chooses the next task among the ready ones.
 *
 * The baton is passed, not polled for: the chosen task's parked promise is resolved, and it
 * continues as a microtask once the current synchronous code has finished, as on a real event
 * loop. No timers, no macrotask per step on the fast path, so a counter trial costs about a
 * microsecond.
 *
 * Wake-ups are seen before the next pick, by construction. A lock hand-off is synchronous. A
 * `t.wait` promise settles one or more microtasks after the code that settled it, which the
 * engine cannot see coming; so while any task is blocked on `t.wait` (or under `asyncio`,
 * which queues every wake-up as a microtask), the pick is deferred until the microtask queue
 * has drained: the trial loop's watchdog, a macrotask, calls {@link drained}. Without such a
 * task no promise can wake anyone, and the synchronous pick is the same pick.
 *
 * A task may own several strands (an async function it called and has not awaited yet, such as
 * a fetch it stores for others); each parked strand is a continuation, a task is ready while it
 * has one, and its strands resume oldest first.
 *
 * The object is reused for the next trial when a trial ends cleanly; task contexts and locks
 * carry the trial's generation, so nothing of an ended trial can reach the next one.
 */
export class ControlledTrial<S, R = unknown> implements LockHost, Doors {
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
  /** This trial's locks, made on first use (most trials of an unlocked variant never need one). */
  private registry: LockRegistry | undefined;
  /** The state of each task. */
  readonly state: TaskState[];
  /** The task whose code runs now, or ran last: reads, writes and lock events belong to it. */
  private running = -1;
  private holder = IDLE;
  private picker!: Picker;
  /** `asyncio`'s world (see schedules/asyncio.ts). */
  private loop = false;
  private pickPending = false;
  private readonly first: Array<(() => void) | undefined>;
  private more: Array<Array<() => void> | undefined> | undefined;
  /** The ready tasks, in the order they became ready. */
  private readonly ready: number[];
  private readyCount = 0;
  private readonly finished: boolean[];
  /** Continuations of each task parked at a door (ready, blocked or sleeping), not yet resumed. */
  private readonly parked: number[];
  private done = 0;
  private lockBlocked = 0;
  /** `t.wait` calls not yet resumed (including those whose promise is being probed). */
  private waits = 0;
  /** Continuations resumed whose code has not started yet. */
  private inFlight = 0;
  /** True when the last trial ended with nothing of it left parked or in flight. */
  private clean = true;
  private readonly waitingFor: Array<Lock | undefined>;
  private readonly contexts: Array<TrialTaskContext>;
  private readonly markers: Array<() => void>;
  private readonly beginners: Array<() => void>;
  private readonly finishers: Array<() => void>;
  private readonly failer = (error: unknown): void => this.fail(error);
  /** asyncio's turns and timers. */
  private readonly virtual = new VirtualLoop();
  private readonly readyNow = (): number => this.readyCount;
  private readonly wake = (task: number, resume: () => void): void => this.makeReady(task, resume);
  private stateValue!: S;
  /** The unwrapped state, which `observe` sees: observing is not part of the trace. */
  private observed!: S;
  /** Given to `setup`; one object for every trial of this one, only `trial` changes. */
  private readonly trialParams: TrialParams<R>;
  /** The trial's real I/O (`t.io`), made on first use. */
  private realIo: RealIoGate | undefined;

  constructor(
    private readonly variant: Variant<S>,
    private readonly params: RunParams,
    private readonly setup: (params: TrialParams<R>) => S | Promise<S>,
    private readonly observe: (state: S, params: RunParams) => ObservedValue | Promise<ObservedValue>,
    private readonly onEnd: TrialEnd,
    /** When given, the task picked at every step is pushed here (the trial's schedule). */
    private readonly picks?: PickLog,
    private readonly tracer?: TrialTracer,
    /** What the scenario's `open` returned for this run. */
    resource?: R,
    /** A trial that takes more scheduling steps than this ends as a step-limit outcome. */
    private readonly maxSteps = DEFAULT_MAX_STEPS,
    /** Called when the engine waits for the microtask queue to drain (arms the watchdog). */
    private readonly requestDrain: () => void = () => {},
    /** `--timeout`: how long a trial's real I/O (`t.io`) may take; 0 means the default, 5000 ms. */
    private readonly ioTimeoutMs = 0,
  ) {
    const n = params.tasks;
    // Undefined only for a scenario without `open`, whose R is then undefined (its default).
    this.trialParams = { ...params, trial: 0, resource: resource as R };
    this.first = new Array<(() => void) | undefined>(n).fill(undefined);
    this.ready = new Array<number>(n).fill(0);
    this.finished = new Array<boolean>(n).fill(false);
    this.parked = new Array<number>(n).fill(0);
    this.state = new Array<TaskState>(n).fill(TaskState.READY);
    this.waitingFor = new Array<Lock | undefined>(n).fill(undefined);
    this.contexts = new Array<TrialTaskContext>(n);
    this.markers = new Array<() => void>(n);
    this.beginners = new Array<() => void>(n);
    this.finishers = new Array<() => void>(n);
    for (let i = 0; i < n; i++) {
      this.markers[i] = () => {
        this.inFlight--;
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- task ids are below params.tasks, the length of every per-task array
        this.parked[i]!--;
        this.holder = i;
        this.running = i;
        this.state[i] = RUNNING;
      };
      this.beginners[i] = () => this.begin(i);
      this.finishers[i] = () => this.finishTask(i);
    }
  }

  /** True while a `t.io` operation of the trial is in flight (no pick is made meanwhile). */
  get awaitingIo(): boolean {
    return this.realIo !== undefined && this.realIo.pending > 0;
  }

  /** True when this object may run another trial: the last one ended and left nothing behind. */
  get reusable(): boolean {
    return this.over && this.clean;
  }

  /**
   * Run one trial: fresh state, every task ready at its start, and the baton passed to the
   * first one picked. Throws what `setup` throws.
   */
  start(picker: Picker, index = 0): void {
    const n = this.params.tasks;
    this.generation++;
    this.picker = picker;
    this.loop = picker.loop === true;
    this.over = false;
    this.clean = false;
    this.steps = 0;
    this.waitCycle = undefined;
    this.pickerError = undefined;
    this.running = -1;
    this.holder = IDLE;
    this.pickPending = false;
    this.readyCount = 0;
    this.done = 0;
    this.lockBlocked = 0;
    this.waits = 0;
    this.inFlight = 0;
    this.more = undefined;
    this.virtual.reset();
    this.registry = undefined;
    for (let i = 0; i < n; i++) {
      this.first[i] = undefined;
      this.finished[i] = false;
      this.parked[i] = 0;
      this.waitingFor[i] = undefined;
      this.contexts[i] = new TrialTaskContext(i, this, this.generation);
    }
    this.trialParams.trial = index;
    const state = this.setup(this.trialParams);
    if (isThenable(state)) {
      this.over = true;
      throw new ScenarioError('setup returned a promise: an async setup needs --schedule event-loop or timers');
    }
    this.observed = state;
    this.stateValue = this.tracer ? this.tracer.wrapState(state, () => this.running) : state;
    for (let i = 0; i < n; i++) this.makeReady(i, START);
    this.requestPick(false);
  }

  get locks(): LockRegistry {
    if (this.registry !== undefined) return this.registry;
    // The host refuses a trial that has ended, should a stray strand still hold one of its locks.
    const generation = this.generation;
    const host: LockHost = {
      currentTask: () => this.currentTask(),
      block: (lock, queue) => (generation === this.generation ? this.block(lock, queue) : NEVER),
    };
    return (this.registry = new LockRegistry(host, this.tracer ? this.lockObserver(this.tracer) : undefined));
  }

  /**
   * Called by the watchdog once the microtask queue has drained with this trial unfinished:
   * make the deferred pick, or, if nothing was pending, the trial can make no progress.
   */
  drained(): void {
    if (this.over) return;
    // Real I/O in flight: no pick, and nothing is stalled, until all of it has finished.
    if (this.realIo !== undefined && this.realIo.pending > 0) return;
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- task ids are below params.tasks, the length of every per-task array (holder >= 0 is checked first)
    if (this.pickPending || (this.holder >= 0 && (this.finished[this.holder] || this.parked[this.holder]! > 0))) {
      // A deferred pick; or a strand ended without parking while the task's other strands
      // are finished or parked at a door (a fetch that returned to the tasks waiting on it).
      this.dispatch(true);
      return;
    }
    if (this.holder === IDLE) {
      this.dispatch(true);
      return;
    }
    const why = this.describeStall();
    this.tracer?.event(this.running, `stalled: ${why}`);
    this.end(stalledOutcome(why));
  }

  // --- the doors of the task context -------------------------------------------------------

  park(task: number, ms: number | undefined): Promise<void> {
    if (this.over) return NEVER;
    this.tracer?.event(task, ms === undefined ? 'yield' : `sleep ${ms} ms`);
    let resume!: () => void;
    const parked = new Promise<void>((resolve) => {
      resume = resolve;
    });
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- task ids are below params.tasks, the length of every per-task array
    this.parked[task]!++;
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
    return parked.then(this.markers[task]);
  }

  /**
   * `t.wait(promise)`. On a promise already settled it is not a scheduling point (as asyncio's
   * `await` of a done future): `promise.then(cb)` on a settled native promise queues `cb` at
   * once, before the probe queued right after it, so the probe knows. A pending promise, or a
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
    Promise.resolve(promise).then(
      (value) => settle(true, value),
      (error: unknown) => settle(false, error),
    );
    void SETTLED.then(() => {
      if (this.over || generation !== this.generation) return;
      if (settled) {
        this.tracer?.event(task, 'wait: already settled, no scheduling point');
        resume();
        return;
      }
      blocked = true;
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- task ids are below params.tasks, the length of every per-task array
      this.parked[task]!++;
      this.state[task] = BLOCKED_WAIT;
      this.tracer?.event(task, 'wait for a promise');
      this.endSegment(task);
    });
    return woken.then(() => {
      if (blocked) {
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
    const io = (this.realIo ??= this.ioGate()).track(task, operation, resume);
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- task ids are below params.tasks, the length of every per-task array
    this.parked[task]!++;
    this.state[task] = BLOCKED_IO;
    this.tracer?.event(task, 'real I/O (t.io)');
    this.endSegment(task);
    return delivered.then(() => {
      this.inFlight--;
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- task ids are below params.tasks, the length of every per-task array
      this.parked[task]!--;
      this.holder = task;
      this.running = task;
      this.state[task] = RUNNING;
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
      // The watchdog polls slowly while I/O is in flight (see trial-loop.ts): pick promptly now.
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
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- task ids are below params.tasks, the length of every per-task array
    this.parked[task]!++;
    this.waitingFor[task] = lock;
    this.state[task] = BLOCKED_LOCK;
    // In the hand-off window the lock reads free, yet the woken waiter goes first (no barging).
    const why = lock.owner >= 0 ? `held by ${taskLabel(lock.owner)}` : 'released, but a woken waiter goes first';
    this.tracer?.event(task, `wait for ${lock.name} (${why})`);
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
    if (this.tracer === undefined) return granted.then(this.markers[task]);
    const tracer = this.tracer;
    return granted.then(() => {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- task ids are below params.tasks, the length of every per-task array
      this.markers[task]!();
      tracer.event(task, `resume, taking ${lock.name}`);
    });
  }

  // --- the scheduler -----------------------------------------------------------------------

  private begin(task: number): void {
    this.inFlight--;
    if (this.over) return;
    this.holder = task;
    this.running = task;
    this.state[task] = RUNNING;
    this.tracer?.event(task, 'start');
    let running: Promise<void>;
    try {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- task ids are below params.tasks, the length of every per-task array
      running = this.variant.run(this.stateValue, this.contexts[task]!);
    } catch (error) {
      this.fail(error);
      return;
    }
    if (!isThenable(running)) {
      this.finishTask(task);
      return;
    }
    running.then(this.finishers[task], this.failer);
  }

  private finishTask(task: number): void {
    if (this.over) return;
    this.tracer?.event(task, 'end');
    this.finished[task] = true;
    if (this.first[task] === undefined) this.state[task] = DONE;
    this.done++;
    this.endSegment(task);
  }

  /** The task that holds the baton has ended its segment (parked, blocked or finished). */
  private endSegment(task: number): void {
    if (this.pickPending || (this.holder !== task && this.holder !== IDLE)) return;
    this.requestPick();
  }

  /**
   * Asks for the next pick once the segment that just ended has run out: even with no t.wait
   * pending, it may have left microtasks behind (a strand of the task, a promise chain it
   * settled that a later t.wait will probe), and they belong to that segment, so they must run
   * before the pick (DESIGN: wake-ups). The barrier is a nextTick queued from a microtask:
   * Node.js runs it only once the whole microtask queue has drained
   * (processTicksAndRejections), which costs far less than a macrotask. Task code, and so every
   * door, runs in a microtask; `start()` does not, so it first hops into one.
   */
  private requestPick(inMicrotask = true): void {
    this.pickPending = true;
    if (this.loop || this.waits > 0) this.requestDrain();
    else if (inMicrotask) process.nextTick(this.barrierPick);
    else void SETTLED.then(this.queueBarrierPick);
  }

  private readonly barrierPick = (): void => {
    // With real I/O in flight the pick waits for the watchdog (see io()).
    if (this.pickPending && !this.over && (this.realIo === undefined || this.realIo.pending === 0)) this.dispatch(false);
  };

  private readonly queueBarrierPick = (): void => {
    process.nextTick(this.barrierPick);
  };

  private makeReady(task: number, resume: () => void): void {
    if (this.over) return;
    if (this.first[task] === undefined) {
      this.first[task] = resume;
      this.ready[this.readyCount++] = task;
      if (this.state[task] !== RUNNING) this.state[task] = READY;
      return;
    }
    this.more ??= new Array(this.params.tasks);
    (this.more[task] ??= []).push(resume);
  }

  private dispatch(atDrain: boolean): void {
    this.pickPending = false;
    if (this.loop) this.virtual.beginTurnIfDone(this.readyNow, this.wake);
    const count = this.readyCount;
    if (count > 0) {
      if (this.steps >= this.maxSteps) {
        this.tracer?.event(-1, `step limit: more than ${this.maxSteps} steps`);
        this.end(stepLimitOutcome(this.maxSteps));
        return;
      }
      let index: number;
      try {
        index = this.picker.pick(this.ready, count, this.holder >= 0 ? this.holder : this.running);
      } catch (error) {
        this.pickerError = error;
        this.end(errorOutcome(error));
        return;
      }
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the picker returns an index below count, the number of ready tasks
      const task = this.ready[index]!;
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a ready task has its next strand waiting in first
      const resume = this.first[task]!;
      const queued = this.more?.[task];
      if (this.loop) {
        this.virtual.ran();
        this.ready.copyWithin(index, index + 1, count);
        this.readyCount--;
        if (queued !== undefined && queued.length > 0) {
          // Its next strand waits its turn at the back.
          this.first[task] = queued.shift();
          this.ready[this.readyCount++] = task;
        } else {
          this.first[task] = undefined;
        }
      } else if (queued !== undefined && queued.length > 0) {
        this.first[task] = queued.shift();
      } else {
        this.first[task] = undefined;
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- readyCount > 0: a task was just picked from the ready set
        this.ready[index] = this.ready[--this.readyCount]!;
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
    } else if (this.lockBlocked > 0 && (atDrain || this.waits === 0)) {
      this.deadlock();
    } else if (atDrain) {
      const why = this.describeStall();
      this.tracer?.event(this.running, `stalled: ${why}`);
      this.end(stalledOutcome(why));
    }
    // Otherwise a task awaits something the engine cannot see; the drain will tell.
  }

  /** No task is ready and some wait for locks: name who holds what, for the trace. */
  private deadlock(): void {
    const parts: string[] = [];
    for (let task = 0; task < this.params.tasks; task++) {
      const lock = this.waitingFor[task];
      if (lock === undefined) continue;
      const held = (this.registry?.all() ?? []).filter((l) => l.owner === task);
      const holds = held.length > 0 ? `holds ${held.map((l) => l.name).join(' and ')} and ` : '';
      parts.push(`${taskLabel(task)} ${holds}waits for ${lock.name}`);
    }
    this.waitCycle = parts.join('; ');
    this.tracer?.event(-1, `deadlock: ${this.waitCycle}`);
    this.end(DEADLOCK);
  }

  private complete(): void {
    this.clean = this.readyCount === 0 && this.lockBlocked === 0 && this.waits === 0 && this.inFlight === 0 && this.virtual.idle;
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
    this.tracer?.event(this.running, `throws: ${outcome.detail}`);
    this.end(outcome);
  }

  private end(value: TrialValue): void {
    this.over = true;
    this.onEnd(value);
  }

  private lockObserver(tracer: TrialTracer) {
    return {
      acquired: (l: Lock) => tracer.event(this.running, `acquire ${l.name}`),
      released: (l: Lock, next: number) =>
        tracer.event(this.running, next >= 0 ? `release ${l.name}, waking ${taskLabel(next)}` : `release ${l.name}`),
    };
  }

  private describeStall(): string {
    const advice = 'use t.yield, t.sleep, t.lock, t.wait or t.io';
    if (this.holder >= 0) return `${taskLabel(this.holder)} awaited something the scheduler cannot see (${advice})`;
    if (this.waits > 0) return `a promise passed to t.wait never settled (${advice})`;
    return `a task awaited something the scheduler cannot see (${advice})`;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
