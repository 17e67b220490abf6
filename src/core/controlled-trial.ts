import type { Lock, LockHost } from './lock.js';
import { DEADLOCK, errorOutcome, type TrialValue } from './runner-outcomes.js';
import type { ObservedValue, RunParams, TrialParams, Variant } from './scenario.js';
import { ScenarioError, taskLabel } from './scenario.js';
import type { Picker } from './schedules/strategy.js';
import { LockRegistry, TrialTaskContext, type Doors } from './task-context.js';
import { DEFAULT_MAX_STEPS, TaskState, type TrialEnd, type TrialTracer, type PickLog } from './engine-types.js';
import { TrialDoors } from './trial-doors.js';
import { NEVER, START } from './trial-scheduler.js';
import { useTrialStream } from './trial-random.js';

export { DEFAULT_MAX_STEPS, PickLog, TaskState, type TrialEnd, type TrialTracer } from './engine-types.js';

export type { Picker } from './schedules/strategy.js';

const RUNNING: TaskState = TaskState.RUNNING;
const DONE: TaskState = TaskState.DONE;
const BLOCKED_WAIT: TaskState = TaskState.BLOCKED_WAIT;

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
 *
 * Three layers, each a class extending the one before, so that a trial is one object of one
 * shape and the per-step path calls no other object: trial-scheduler.ts (the task states, the
 * ready set, the baton and the pick), trial-doors.ts (what each door of the task context does
 * to its task) and this one (a trial's start, a task's life, and how the trial ends).
 */
export class ControlledTrial<S, R = unknown> extends TrialDoors implements Doors {
  /** For a deadlock: who holds what and waits for what. */
  waitCycle: string | undefined;
  /** This trial's locks, made on first use (most trials of an unlocked variant never need one). */
  private registry: LockRegistry | undefined;
  /** True when the last trial ended with nothing of it left parked or in flight. */
  private clean = true;
  private readonly contexts: Array<TrialTaskContext>;
  private readonly finishers: Array<() => void>;
  private readonly failer = (error: unknown): void => this.fail(error);
  private stateValue!: S;
  /** The unwrapped state, which `observe` sees: observing is not part of the trace. */
  private observed!: S;
  /** Given to `setup`; one object for every trial of this one, only `trial` changes. */
  private readonly trialParams: TrialParams<R>;

  constructor(
    private readonly variant: Variant<S>,
    params: RunParams,
    private readonly setup: (params: TrialParams<R>) => S | Promise<S>,
    private readonly observe: (state: S, params: RunParams) => ObservedValue | Promise<ObservedValue>,
    private readonly onEnd: TrialEnd,
    /** When given, the task picked at every step is pushed here (the trial's schedule). */
    picks?: PickLog,
    tracer?: TrialTracer,
    /** What the scenario's `open` returned for this run. */
    resource?: R,
    /** A trial that takes more scheduling steps than this ends as a step-limit outcome. */
    maxSteps = DEFAULT_MAX_STEPS,
    /** Called when the engine waits for the microtask queue to drain (arms the watchdog). */
    requestDrain: () => void = () => {},
    /** `--timeout`: how long a trial's real I/O (`t.io`) may take; 0 means the default, 5000 ms. */
    protected readonly ioTimeoutMs = 0,
  ) {
    super(params, picks, tracer, maxSteps, requestDrain);
    const n = params.tasks;
    // Undefined only for a scenario without `open`, whose R is then undefined (its default).
    this.trialParams = { ...params, trial: 0, resource: resource as R };
    this.contexts = new Array<TrialTaskContext>(n);
    this.finishers = new Array<() => void>(n);
    for (let i = 0; i < n; i++) this.finishers[i] = () => this.finishTask(i);
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
    this.restart(picker);
    this.clean = false;
    this.waitCycle = undefined;
    this.registry = undefined;
    for (let i = 0; i < n; i++) this.contexts[i] = new TrialTaskContext(i, this, this.generation);
    this.trialParams.trial = index;
    const state = this.setup(this.trialParams);
    if (isThenable(state)) {
      this.over = true;
      throw new ScenarioError('setup returned a promise: an async setup needs the event-loop or timers schedule');
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

  // --- a task's life and the trial's end ----------------------------------------------------

  protected override begin(task: number): void {
    this.inFlight--;
    if (this.over) return;
    this.holder = task;
    this.running = task;
    this.state[task] = RUNNING;
    this.tracer?.event(task, 'start');
    useTrialStream(this.stream);
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
    this.taskReturned(task);
    this.endSegment(task);
  }

  /** No task is ready and some wait, for locks or promises: name who holds what, for the trace. */
  protected override deadlock(): void {
    const parts: string[] = [];
    for (let task = 0; task < this.params.tasks; task++) {
      const lock = this.waitingFor[task];
      const waitsFor = lock !== undefined ? lock.name : this.state[task] === BLOCKED_WAIT ? 'a promise (t.wait)' : undefined;
      if (waitsFor === undefined) continue;
      const held = (this.registry?.all() ?? []).filter((l) => l.owner === task);
      const holds = held.length > 0 ? `holds ${held.map((l) => l.name).join(' and ')} and ` : '';
      parts.push(`${taskLabel(task)} ${holds}waits for ${waitsFor}`);
    }
    this.waitCycle = parts.join('; ');
    this.tracer?.event(-1, `deadlock: ${this.waitCycle}`);
    this.end(DEADLOCK);
  }

  protected override complete(): void {
    this.clean = this.readyCount === 0 && this.lockBlocked === 0 && this.waits === 0 && this.inFlight === 0 && this.virtual.idle;
    let value: ObservedValue | Promise<ObservedValue>;
    useTrialStream(this.stream);
    try {
      value = this.observe(this.observed, this.params);
    } catch (error) {
      this.fail(error);
      return;
    }
    // A promise (an async observe) is not a value: the batch refuses it as a broken contract
    // (exit 3, observed-value.ts), as it refuses an async setup, never as the trial's outcome.
    // -0 is 0 from here on, as the Maps that count values and JSON have it: a `match` then sees
    // one value, never -0 in one call and 0 in the next (a row of 0 was graded by -0's outcome
    // once and by none the next time: "not declared", forbidden).
    this.end((value === 0 ? 0 : value) as TrialValue);
  }

  private fail(error: unknown): void {
    if (this.over) return;
    const outcome = errorOutcome(error);
    this.tracer?.event(this.running, `throws: ${outcome.detail}`);
    this.end(outcome);
  }

  protected override end(value: TrialValue): void {
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
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
