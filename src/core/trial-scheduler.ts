import { stalledOutcome, stepLimitOutcome, errorOutcome, type TrialValue } from './runner-outcomes.js';
import { taskLabel, type RunParams } from './scenario.js';
import type { Lock } from './lock.js';
import { OBSERVE, type Picker } from './schedules/strategy.js';
import type { RealIoGate } from './real-io.js';
import { VirtualLoop } from './virtual-loop.js';
import { type PickLog, TaskState, type TrialTracer } from './engine-types.js';
import { PickBarrier, SETTLED } from './pick-barrier.js';
import { canDrain } from './drain.js';
import { TrialStream, useTrialStream } from './trial-random.js';

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

/**
 * Turns of CPython's loop between the last gathered task's end and loop.stop taking effect: the
 * gather's done callback, the main coroutine's wake-up, and the stop callback that its end
 * schedules (asyncio.run, then `print` after it, as the parity programs do).
 */
const LOOP_TURNS_TO_STOP = 3;

/** What a door of an ended trial returns: its strand never resumes. */
export const NEVER: Promise<never> = new Promise<never>(() => {});

export { SETTLED };

/** Marks a task's first continuation: its start, run as a microtask of its own. */
export const START = (): void => {};

export abstract class TrialScheduler extends PickBarrier {
  /** Scheduling decisions taken so far. */
  steps = 0;
  /** This trial's Math.random numbers, current whenever its code runs (see TrialStream). */
  readonly stream = new TrialStream();
  /** The numbers of what runs between its steps (see TrialStream). */
  readonly between = new TrialStream(1);
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
  /**
   * The pick itself runs the marker of the continuation it resumes, which the doors then return
   * without a reaction of their own (a promise and a microtask fewer per step). Only where picks
   * follow a drain of both queues (drain.ts) and the trial is not traced: the continuation is then
   * the next code to run, so taking the baton at the pick is taking it just before the task's code
   * resumes. Under the process.nextTick barrier, callbacks queued with process.nextTick may run in
   * between, and a lock wait of theirs must stay their own task's (test/fixtures/tick-strand-lock.mjs).
   */
  protected markAtPick = false;
  private readonly beginners: Array<() => void>;
  /** asyncio's turns and timers. */
  // The picker of the trial in flight is told when timers fire close together (only asyncio's trials have timers).
  protected readonly virtual = new VirtualLoop(() => this.picker.clockDependent?.());
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
    super();
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
    this.resetBarrier();
    this.markAtPick = canDrain() && this.tracer === undefined;
    this.readyCount = 0;
    this.done = 0;
    this.lockBlocked = 0;
    this.waits = 0;
    this.inFlight = 0;
    this.more = undefined;
    this.endTurn = undefined;
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
    if (!this.settleLeftovers()) return;
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
    // Out of the trial's code: what runs now (its pending I/O, other code) draws other numbers.
    useTrialStream(this.between);
    if (this.pickPending || (this.holder !== task && this.holder !== IDLE)) return;
    this.requestPick();
  }

  protected makeReady(task: number, resume: () => void): void {
    if (this.over) return;
    if (this.first[task] === undefined) {
      this.first[task] = resume;
      this.ready[this.readyCount++] = task;
      if (this.state[task] !== RUNNING) this.state[task] = READY;
      return;
    }
    // A second strand of the task ready at once: their order is not a pick (see Picker; under
    // asyncio, strands waiting at once are said already: see trial-doors.ts).
    if (!this.loop) this.picker.strandsTogether?.();
    this.more ??= new Array(this.params.tasks);
    (this.more[task] ??= []).push(resume);
  }

  /**
   * Once every task has returned: whether the trial observes now, with no choice left. In the
   * model, when nothing is ready; otherwise observing is one choice of the next pick, beside the
   * work still ready (see OBSERVE), and what is left when it observes is cut at its door. Under
   * asyncio, asyncio.run's gather callback, its main coroutine's wake-up and loop.stop
   * take three more turns of the loop, every handle of which runs, so work a task left running
   * goes on for three turns; then the loop stops and what is left is cancelled.
   */
  private endsHere(): boolean {
    if (!this.loop) return this.readyCount === 0;
    this.endTurn ??= this.virtual.turns + LOOP_TURNS_TO_STOP;
    while (!this.virtual.turnLeft && this.virtual.turns <= this.endTurn) {
      if (this.readyCount > 0) this.virtual.beginTurnIfDone(this.readyNow, this.wake);
      else this.virtual.loopTurn(this.readyNow, this.wake);
    }
    if (this.virtual.turns > this.endTurn || this.readyCount === 0) return true;
    // A pick after every task returned: the model's replay ends before it (see Picker.unawaitedWork).
    this.picker.unawaitedWork?.();
    return false;
  }

  /** Under asyncio, the turn of the loop in which the trial observes, once every task returned. */
  private endTurn: number | undefined;

  protected ioPending(): boolean {
    return this.realIo !== undefined && this.realIo.pending > 0;
  }

  protected ticksUnwatched(): void {
    this.picker.ticksUnwatched?.();
  }

  /**
   * Under asyncio, a task's function returned: its done callback takes a handle of the loop's
   * next turn; and work it left running (a strand still parked at a door) started at once, where
   * CPython's create_task starts it a turn later (see VariantReport.leftRunning).
   */
  protected taskReturned(task: number): void {
    if (!this.loop) return;
    this.virtual.taskReturned();
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- task ids are below params.tasks, the length of every per-task array
    if (this.parked[task]! > 0) this.picker.leftRunning?.();
  }

  protected strandsWaiting(): void {
    this.picker.strandsWaiting?.();
  }

  protected dispatch(atDrain: boolean): void {
    this.pickPending = false;
    // Every task's own function has returned: the trial ends, as Node.js's Promise.all of the
    // tasks and asyncio.run's gather end. What a task started and did not await (a `void f()`,
    // the loser of a Promise.race) is not waited for to its end.
    if (this.done === this.params.tasks && this.endsHere()) {
      this.holder = IDLE;
      this.complete();
      return;
    }
    if (this.loop) this.virtual.beginTurnIfDone(this.readyNow, this.wake);
    const count = this.readyCount;
    if (count > 0) {
      if (this.steps >= this.maxSteps) {
        this.tracer?.event(-1, `step limit: more than ${this.maxSteps} steps`);
        this.end(stepLimitOutcome(this.maxSteps));
        return;
      }
      // In the model, once every task has returned, observing now is a choice beside the work
      // still ready (see OBSERVE): the search explores both.
      const observer = this.done === this.params.tasks && !this.loop;
      let index: number;
      try {
        if (observer) {
          this.ready[count] = OBSERVE;
          index = this.picker.pick(this.ready, count + 1, OBSERVE);
          if (index === count) {
            this.holder = IDLE;
            this.complete();
            return;
          }
        } else index = this.picker.pick(this.ready, count, this.holder >= 0 ? this.holder : this.running);
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
      else {
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- task ids are below params.tasks, the length of every per-task array
        if (this.markAtPick) this.markers[task]!();
        useTrialStream(this.stream);
        resume();
      }
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
