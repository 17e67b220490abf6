import { stalledOutcome, stepLimitOutcome, errorOutcome, type TrialValue } from './runner-outcomes.js';
import { taskLabel, type RunParams } from './scenario.js';
import type { Lock } from './lock.js';
import type { Picker } from './schedules/strategy.js';
import type { RealIoGate } from './real-io.js';
import { VirtualLoop } from './virtual-loop.js';
import { type PickLog, TaskState, type TrialTracer } from './engine-types.js';
import { countedFromStart, keepWatching, nextTick, ticks } from './tick-watch.js';
import { AsyncGaps } from './async-gaps.js';
import { canDrain, drain, drainChecked, stopDraining } from './drain.js';
import { deliverRejections, holdRejections } from './held-rejections.js';
import { AsyncResource } from 'node:async_hooks';

/**
 * The engine's state machine (the first layer of ControlledTrial, see controlled-trial.ts):
 * the explicit state of each task, the ready set, who holds the baton, and the pick, made once
 * the segment that ended has run out (or, when a promise may still wake a task, once the
 * microtask queue has drained: {@link TrialScheduler.drained}). The layers are classes that
 * extend each other, not objects that call each other, so a trial is still one object of one
 * shape and the per-step path has no indirection.
 */

// The task states as plain constants: the hot path reads no object for them.
const READY: TaskState = TaskState.READY;
const RUNNING: TaskState = TaskState.RUNNING;
const BLOCKED_WAIT: TaskState = TaskState.BLOCKED_WAIT;

// `holder` is the task whose code may run now. TRANSIT: the baton has been passed but the
// receiving continuation has not started yet. IDLE: nobody holds it.
const TRANSIT = -1;
const IDLE = -2;

/** What a door of an ended trial returns: its strand never resumes. */
export const NEVER: Promise<never> = new Promise<never>(() => {});

/**
 * Task starts and `asyncio`'s wake-ups are queued as reactions to this settled promise: one
 * microtask each, like queueMicrotask, without the AsyncResource that Node.js creates for every
 * queueMicrotask call (a fifth of the cost of a counter trial).
 */
export const SETTLED: Promise<void> = Promise.resolve();

/** Marks a task's first continuation: its start, run as a microtask of its own. */
export const START = (): void => {};

/** True while a drive loop runs in this thread (see TrialScheduler.drive): never two at once. */
let driving = false;
/**
 * Trials whose barrier came up while another trial was driven: they are driven next, each in
 * the async context its barrier came up in (`scope`), not the driving trial's: the setup, the
 * starts and the observe of a run's trials see that run's AsyncLocalStorage stores, whatever
 * other run in the thread drives them. Undefined for a trial driven in the context it is in.
 */
const waitingToDrive: Array<{ trial: TrialScheduler; scope: AsyncResource | undefined }> = [];

export abstract class TrialScheduler {
  /** Set once the trial has ended; late continuations of an ended trial never resume. */
  over = true;
  /** Scheduling decisions taken so far. */
  steps = 0;
  /** Set when the picker refused to go on (a replay string that does not fit): not an outcome. */
  pickerError: unknown;
  /** Bumped by every start(); contexts and locks of older trials are refused. */
  generation = 0;
  /** The state of each task. */
  readonly state: TaskState[];
  /** The task whose code runs now, or ran last: reads, writes and lock events belong to it. */
  protected running = -1;
  protected holder = IDLE;
  private picker!: Picker;
  /** `asyncio`'s world (see schedules/asyncio.ts). */
  protected loop = false;
  private pickPending = false;
  /** This trial's drive loop is running: it makes the pick requested now, once it has drained. */
  private driving = false;
  /** Callbacks queued with process.nextTick that had run when the pending pick's barrier was queued. */
  private ticksSeen = 0;
  /** Async ids allocated behind the barrier's back: ticks queued through references not counted. */
  private readonly gaps = new AsyncGaps();
  protected readonly first: Array<(() => void) | undefined>;
  private more: Array<Array<() => void> | undefined> | undefined;
  /** The ready tasks, in the order they became ready. */
  private readonly ready: number[];
  protected readyCount = 0;
  protected readonly finished: boolean[];
  /** Continuations of each task parked at a door (ready, blocked or sleeping), not yet resumed. */
  protected readonly parked: number[];
  protected done = 0;
  protected lockBlocked = 0;
  /** `t.wait` calls not yet resumed (including those whose promise is being probed). */
  protected waits = 0;
  /** Continuations resumed whose code has not started yet. */
  protected inFlight = 0;
  /** The lock each task blocked on a lock waits for. */
  protected readonly waitingFor: Array<Lock | undefined>;
  /** Run just before a parked task's code continues: from then on the baton is its. */
  protected readonly markers: Array<() => void>;
  private readonly beginners: Array<() => void>;
  /** asyncio's turns and timers. */
  protected readonly virtual = new VirtualLoop();
  private readonly readyNow = (): number => this.readyCount;
  private readonly wake = (task: number, resume: () => void): void => this.makeReady(task, resume);
  /** The trial's real I/O (`t.io`), made on first use; no pick while any of it is in flight. */
  protected realIo: RealIoGate | undefined;

  constructor(
    protected readonly params: RunParams,
    /** When given, the task picked at every step is pushed here (the trial's schedule). */
    private readonly picks: PickLog | undefined,
    protected readonly tracer: TrialTracer | undefined,
    /** A trial that takes more scheduling steps than this ends as a step-limit outcome. */
    private readonly maxSteps: number,
    /** Called when the engine waits for the microtask queue to drain (arms the watchdog). */
    protected readonly requestDrain: () => void,
  ) {
    const n = params.tasks;
    this.first = new Array<(() => void) | undefined>(n).fill(undefined);
    this.ready = new Array<number>(n).fill(0);
    this.finished = new Array<boolean>(n).fill(false);
    this.parked = new Array<number>(n).fill(0);
    this.state = new Array<TaskState>(n).fill(TaskState.READY);
    this.waitingFor = new Array<Lock | undefined>(n).fill(undefined);
    this.markers = new Array<() => void>(n);
    this.beginners = new Array<() => void>(n);
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
    }
  }

  /** A task's first continuation, picked: it starts running the variant's code. */
  protected abstract begin(task: number): void;
  /** Every task has finished: observe the state. */
  protected abstract complete(): void;
  /** No task is ready and some wait for locks (others may wait for promises). */
  protected abstract deadlock(): void;
  /** The trial ends with this value. */
  protected abstract end(value: TrialValue): void;

  /** Resets the state machine for a new trial under `picker`: every task not yet ready. */
  protected restart(picker: Picker): void {
    this.generation++;
    this.picker = picker;
    this.loop = picker.loop === true;
    this.over = false;
    this.steps = 0;
    this.pickerError = undefined;
    this.running = -1;
    this.holder = IDLE;
    this.pickPending = false;
    this.gaps.begin();
    this.readyCount = 0;
    this.done = 0;
    this.lockBlocked = 0;
    this.waits = 0;
    this.inFlight = 0;
    this.more = undefined;
    this.virtual.reset();
    for (let i = 0; i < this.params.tasks; i++) {
      this.first[i] = undefined;
      this.finished[i] = false;
      this.parked[i] = 0;
      this.waitingFor[i] = undefined;
    }
  }

  /**
   * Called by the watchdog once the microtask queue has drained with this trial unfinished:
   * make the deferred pick, or, if nothing was pending, the trial can make no progress.
   */
  drained(): void {
    if (this.over) return;
    // An exception thrown from a callback queued with process.nextTick ends the tick routine
    // that ran it, and Node.js then runs the next macrotask, this watchdog, before the
    // microtasks and callbacks left queued behind it (a process that keeps running after an
    // uncaught exception: a listener of its own, vitest's). What they wake or settle must be
    // seen before the trial is judged, or a pick misses a woken task and a stall is declared
    // that is none: run them first, as the barrier does before every pick. Should one of
    // those throw in turn, Node.js reports it (catching it here would leave Node.js's stack of
    // async contexts corrupt) and this watchdog, cut short, is armed again to try once more.
    if (canDrain() && !driving) {
      let threw = true;
      try {
        drainChecked();
        threw = false;
      } finally {
        if (threw) this.requestDrain();
      }
      if (this.over) return;
    }
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
    this.stall();
  }

  /** The task that holds the baton has ended its segment (parked, blocked or finished). */
  protected endSegment(task: number): void {
    if (this.pickPending || (this.holder !== task && this.holder !== IDLE)) return;
    this.requestPick();
  }

  /**
   * Asks for the next pick once the segment that just ended has run out: it may have left
   * microtasks behind (a strand of the task, a promise chain it settled, a `t.wait` probing its
   * promise), and callbacks queued with process.nextTick, with the promise work they start in
   * turn; all of it belongs to that segment, so it must run before the pick (DESIGN: wake-ups).
   * The barrier is a nextTick queued from a microtask: Node.js runs it only once the whole
   * microtask queue has drained (processTicksAndRejections), which costs far less than a
   * macrotask, and lets no timer fire in between. Task code, and so every door, runs in a
   * microtask; `start()` does not, so it first hops into one.
   */
  protected requestPick(inMicrotask = true): void {
    this.pickPending = true;
    if (this.driving) return;
    if (inMicrotask) {
      keepWatching();
      this.ticksSeen = ticks.ran;
      nextTick(this.barrierPick);
    } else void SETTLED.then(this.queueBarrierPick);
  }

  private readonly barrierPick = (): void => {
    if (!this.pickPending || this.over) return;
    // With real I/O in flight the pick waits for the watchdog (see trial-doors.ts, io()).
    if (this.realIo !== undefined && this.realIo.pending > 0) {
      this.requestDrain();
      return;
    }
    if (canDrain()) {
      if (driving) waitingToDrive.push({ trial: this, scope: new AsyncResource('lockdemo.drive') });
      else this.drive();
      return;
    }
    // A callback queued with process.nextTick ran in this turn before the barrier, or is still
    // queued: the promise work it starts runs after this turn. Hop past it and look again. The
    // counts see calls through the wrapper (tick-watch.ts), the gaps any other (async-gaps.ts).
    const quiet = this.gaps.quiet();
    // Stood down: where a nextTick taken before lockdemo loaded may exist, the search says so.
    if (!this.gaps.watching && !countedFromStart) this.picker.ticksUnwatched?.();
    if (ticks.ran !== this.ticksSeen || ticks.queued !== ticks.ran || (!quiet && this.gaps.again())) {
      void SETTLED.then(this.queueBarrierPick);
      return;
    }
    // The queues have drained: what the segment settled or released has been seen.
    this.dispatch(true);
  };

  /**
   * The barrier without a process.nextTick per pick: drain, pick, drain, pick... Entered from
   * the barrier (a process.nextTick callback, never a microtask). Each drain runs everything
   * pending until the microtask and nextTick queues are empty (drain.ts): the segment that
   * ended, whatever it left behind, and callbacks queued with process.nextTick through any
   * reference, so the pick after it sees all of it, with no counting of ticks or async ids.
   * Each pick resumes one continuation, which the next drain runs; meanwhile requestPick() only
   * marks the pick pending. Trial after trial runs in the loop while they reuse this object.
   * A trial on another object whose barrier comes up during a drain (the next batch, a fresh
   * object after a trial that did not end cleanly) waits its turn and is driven next. The loop
   * hands back as soon as no pick is pending after a drain (the trial ended, or a segment ended
   * outside the doors: the watchdog tells a stall), or real I/O is in flight.
   */
  private drive(): void {
    driving = true;
    holdRejections();
    // The trial being driven: left set only when an exception from a callback in a drain ends it.
    let current: { trial: TrialScheduler; scope: AsyncResource | undefined } | undefined;
    try {
      if (!drainChecked()) {
        // Inside a microtask after all, where nothing can be drained: never try again.
        stopDraining();
        waitingToDrive.push({ trial: this, scope: undefined });
        return;
      }
      waitingToDrive.unshift({ trial: this, scope: undefined });
      while ((current = waitingToDrive.shift()) !== undefined) {
        const { trial, scope } = current;
        if (scope === undefined) trial.driveOwn();
        else {
          scope.runInAsyncScope(() => trial.driveOwn());
          scope.emitDestroy();
        }
      }
    } finally {
      driving = false;
      if (current !== undefined) current.trial.driving = false;
      for (const { trial, scope } of waitingToDrive.splice(0)) {
        if (scope === undefined) nextTick(trial.barrierPick);
        else scope.runInAsyncScope(nextTick, undefined, trial.barrierPick);
      }
      deliverRejections();
    }
  }

  /** This trial's picks, each after a drain, while they can be made so (see drive). */
  private driveOwn(): void {
    this.driving = true;
    while (this.pickPending && !this.over) {
      if (this.realIo !== undefined && this.realIo.pending > 0) {
        this.requestDrain();
        break;
      }
      this.dispatch(true);
      drain();
    }
    this.driving = false;
  }

  private readonly queueBarrierPick = (): void => {
    this.gaps.hopped();
    this.ticksSeen = ticks.ran;
    nextTick(this.barrierPick);
  };

  protected makeReady(task: number, resume: () => void): void {
    if (this.over) return;
    if (this.first[task] === undefined) {
      this.first[task] = resume;
      this.ready[this.readyCount++] = task;
      if (this.state[task] !== RUNNING) this.state[task] = READY;
      return;
    }
    // A second strand of the task ready at once: their order is not a pick (see Picker).
    if (!this.loop) this.picker.strandsTogether?.();
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
      // Only promises are waited for (no lock): the engine cannot tell a wait cycle (each task
      // waits for a promise another would settle) from a promise something outside the doors
      // would settle (a real timer), so it claims no deadlock, and names every waiter.
      this.stall();
    }
    // Otherwise a task awaits something the engine cannot see; the drain will tell.
  }

  /** A task awaits real I/O (t.io): the picker may need to know (see Picker.realIo). */
  protected noteRealIo(): void {
    this.picker.realIo?.();
  }

  /** The trial can make no progress and no lock explains it: it ends as stalled. */
  private stall(): void {
    const why = this.describeStall();
    this.tracer?.event(this.running, `stalled: ${why}`);
    this.end(stalledOutcome(why));
  }

  private describeStall(): string {
    const advice = 'use t.yield, t.sleep, t.lock, t.wait or t.io';
    if (this.holder >= 0) return `${taskLabel(this.holder)} awaited something the scheduler cannot see (${advice})`;
    if (this.waits > 0) {
      const waiting: string[] = [];
      for (let task = 0; task < this.params.tasks; task++) if (this.state[task] === BLOCKED_WAIT) waiting.push(taskLabel(task));
      const who = waiting.length > 1 ? `${waiting.join(' and ')} wait with t.wait for promises` : 'a promise passed to t.wait';
      return waiting.length > 1
        ? `${who} that nothing the scheduler runs settles: a wait cycle, or something outside the doors such as a real timer (${advice})`
        : `${who} never settled (${advice})`;
    }
    return `a task awaited something the scheduler cannot see (${advice})`;
  }
}
