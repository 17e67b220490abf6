import { describeThrown } from './describe-thrown.js';
import { ControlledTrial, DEFAULT_MAX_STEPS, PickLog, type Picker } from './controlled-trial.js';
import { AsyncioPicker } from './schedules/asyncio.js';
import type { Explorer } from './schedules/exhaustive.js';
import { PctPicker } from './schedules/pct.js';
import { RandomPicker } from './schedules/random.js';
import type { TrialValue } from './runner-outcomes.js';
import type { LooseTrial as LooseTrialClass } from './loose-trial.js';
import { streamFor } from './prng.js';
import { CHUNK_TRIALS } from './limits.js';
import type { PctInfo, ScheduleName } from './run-scenario.js';
import { ScenarioError, type RunParams, type Scenario, type Variant } from './scenario.js';
import type { Tally } from './tally.js';
import type { TraceRecorder } from './trace.js';

/**
 * The trial loop: runs a variant's trials in batches, under a controlled schedule (one chain of
 * microtasks per batch, with a watchdog for trials that stall) or an uncontrolled one (real
 * timers, one trial or several in flight), and counts each outcome in the variant's Tally.
 */

/** Trials are seeded in chunks of CHUNK_TRIALS (see limits.ts): the unit that can move to a worker. */
export { CHUNK_TRIALS } from './limits.js';

/** How long one batch of trials may hold the event loop before timers and signals get a turn. */
const BATCH_MS = 15;

/** Trials of the `timers` schedule in flight at once (their tasks wait on real timers). */
const TIMERS_CONCURRENCY = 16;

/** Random trials run to measure k, the steps of a trial, before a `pct` run. */
const PCT_PILOT_TRIALS = 200;

/** What the batches of one variant's trials share. */
export interface TrialPlan<S = unknown, R = unknown> {
  scenario: Scenario<S, R>;
  variant: Variant<S>;
  params: RunParams;
  timeoutMs: number;
  /** Controlled schedules: a trial with more scheduling steps ends as a step-limit outcome. */
  maxSteps?: number;
  /** The picks of the trial in flight (controlled schedules), reset per trial. */
  picks: PickLog;
  /** What the scenario's `open` returned for this run. */
  resource?: R;
  tracer?: TraceRecorder;
  record: (value: TrialValue, index: number) => void;
  onTrialEnd?: (trial: ControlledTrial<S, R>) => void;
}

/** The trial plan of one variant: what a batch needs, and where each outcome is counted. */
export function makePlan<S, R>(
  scenario: Scenario<S, R>,
  variant: Variant<S>,
  params: RunParams,
  timeoutMs: number,
  tally: Tally,
  resource?: R,
  maxSteps = DEFAULT_MAX_STEPS,
): TrialPlan<S, R> {
  const picks = new PickLog();
  return { scenario, variant, params, timeoutMs, maxSteps, picks, resource, record: (value, index) => tally.record(value, index, picks) };
}

/** `asyncio`: the same deterministic loop for every trial. */
export function asyncioSource(): TrialSource {
  const picker = new AsyncioPicker();
  return { next: () => picker, ended() {} };
}

/** The picker source of a seeded controlled schedule. */
export function sourceFor(schedule: 'random' | 'pct', seed: number, variant: string, tasks: number, pct: PctInfo | undefined): TrialSource {
  if (schedule === 'random') return randomSource(seed, variant);
  if (pct === undefined) throw new Error('the pct schedule needs its depth and steps (PctInfo)');
  return pctSource(seed, variant, tasks, pct.depth, pct.steps);
}

/**
 * Runs trials [first, first + count) of one variant in batches, with a macrotask between
 * batches so that signals, timers and progress output get their turn. Stops early when `stop`
 * says so or the source runs dry; resolves with the number of trials run.
 */
export async function runRange<S, R>(
  plan: TrialPlan<S, R>,
  r: { schedule: ScheduleName; seed: number },
  variantName: string,
  source: TrialSource | undefined,
  first: number,
  count: number,
  stop: () => boolean,
  progress: (done: number) => void,
  exhausted: () => boolean = () => false,
): Promise<number> {
  let batch: Batch;
  if (source !== undefined) batch = (p, from, max) => controlledBatch(p, source, from, max);
  else {
    const { LooseTrial } = await import('./loose-trial.js');
    batch =
      r.schedule === 'event-loop'
        ? (p, from, max) => looseBatch(LooseTrial, p, r.seed, variantName, from, max, 1, false)
        : (p, from, max) => looseBatch(LooseTrial, p, r.seed, variantName, from, max, TIMERS_CONCURRENCY, true);
  }
  let done = 0;
  while (done < count && !stop() && !exhausted()) {
    if (done > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    done += await batch(plan, first + done, count - done);
    progress(done);
  }
  return done;
}

/** Runs up to `max` trials starting at trial `first`; resolves with how many ran. */
type Batch = <S, R>(plan: TrialPlan<S, R>, first: number, max: number) => Promise<number>;

/** Where a controlled schedule's trials get their picker; undefined means no trial is left. */
export interface TrialSource {
  next(index: number): Picker | undefined;
  ended(): void;
  /**
   * The `trial` index `setup` sees for the trial at `index`. Exhaustive search explores the
   * interleavings of one program, so every interleaving is trial 0 (a setup that varies with
   * its index would otherwise make each interleaving a different program); sampled schedules
   * pass the trial's own index.
   */
  trialIndex?: (index: number) => number;
}

export function randomSource(seed: number, variant: string): TrialSource {
  const picker = new RandomPicker(streamFor(seed, variant, 0));
  return {
    next(index) {
      if (index % CHUNK_TRIALS === 0) picker.rng = streamFor(seed, variant, index / CHUNK_TRIALS);
      return picker;
    },
    ended() {},
  };
}

export function pctSource(seed: number, variant: string, tasks: number, depth: number, steps: number): TrialSource {
  const picker = new PctPicker(streamFor(seed, `pct ${variant}`, 0), tasks, depth, steps);
  return {
    next(index) {
      if (index % CHUNK_TRIALS === 0) picker.rng = streamFor(seed, `pct ${variant}`, index / CHUNK_TRIALS);
      picker.startTrial();
      return picker;
    },
    ended() {},
  };
}

export function exhaustiveSource(explorer: Explorer): TrialSource {
  return {
    trialIndex: () => 0,
    next() {
      if (explorer.exhausted) return undefined;
      explorer.startTrial();
      return explorer;
    },
    ended() {
      explorer.endTrial();
    },
  };
}

/** k for PCT: the most steps any of a few random trials took (the pilot's outcomes are not counted). */
export async function measureSteps<S, R>(plan: TrialPlan<S, R>, seed: number, variant: string): Promise<number> {
  let steps = 1;
  const pilot: TrialPlan<S, R> = {
    ...plan,
    picks: new PickLog(),
    record: () => {},
    onTrialEnd: (trial) => {
      steps = Math.max(steps, trial.steps);
    },
  };
  const source = randomSource(seed, `pilot ${variant}`);
  let done = 0;
  while (done < PCT_PILOT_TRIALS) done += await controlledBatch(pilot, source, done, PCT_PILOT_TRIALS - done);
  return steps;
}

/**
 * The controlled trial loop. Trials run back to back inside one chain of microtasks: a trial's
 * end starts the next one, with no timer in between. The batch ends after BATCH_MS so that
 * timers and signals get a turn. A trial that stops making progress lets the microtask queue
 * drain; the watchdog, which can only run then, records it as stalled or deadlocked and the
 * batch goes on.
 */
export function controlledBatch<S, R>(plan: TrialPlan<S, R>, source: TrialSource, first: number, max: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const { scenario, variant, params } = plan;
    const deadline = performance.now() + BATCH_MS;
    let done = 0;
    let closed = false;
    let current: ControlledTrial<S, R> | undefined;
    const setup: typeof scenario.setup = (p) => {
      try {
        return scenario.setup(p);
      } catch (error) {
        throw setupError(scenario, error);
      }
    };
    const close = (): void => {
      closed = true;
      resolve(done);
    };
    const onEnd = (value: TrialValue): void => {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- onEnd is only ever called by the trial held in current
      const trial = current!;
      if (trial.pickerError !== undefined) {
        closed = true;
        const failure = trial.pickerError;
        reject(failure instanceof Error ? failure : new Error(describeThrown(failure)));
        return;
      }
      plan.record(value, first + done);
      plan.onTrialEnd?.(trial);
      source.ended();
      done++;
      next();
    };
    const next = (): void => {
      if (done >= max || ((done & 63) === 0 && done > 0 && performance.now() > deadline)) return close();
      const picker = source.next(first + done);
      if (picker === undefined) return close();
      plan.picks.clear();
      // Reuse the trial object while trials end cleanly; a fresh one after anything else.
      if (current === undefined || !current.reusable) {
        current = new ControlledTrial(
          variant,
          params,
          setup,
          scenario.observe,
          onEnd,
          plan.picks,
          plan.tracer,
          plan.resource,
          plan.maxSteps ?? DEFAULT_MAX_STEPS,
          arm,
          plan.timeoutMs,
        );
      }
      try {
        current.start(picker, source.trialIndex?.(first + done) ?? first + done);
      } catch (error) {
        closed = true;
        // What setup threw comes as the scenario's (see `setup` above); anything else is the engine's.
        reject(error instanceof Error ? error : new Error(describeThrown(error)));
      }
    };
    // The drain is caught in whichever phase of the event loop comes first: a timer armed
    // now fires before any timer a stalled task arms later, and this immediate before its
    // immediates, so a task that awaited one of those is caught before it resumes. The engine
    // also arms it when it defers a pick until the microtask queue has drained.
    let immediatePending = false;
    let timerPending = false;
    const arm = (immediate = true): void => {
      if (immediate && !immediatePending) {
        immediatePending = true;
        setImmediate(() => {
          immediatePending = false;
          watchdog();
        });
      }
      if (!timerPending) {
        timerPending = true;
        setTimeout(() => {
          timerPending = false;
          watchdog();
        }, 0);
      }
    };
    const watchdog = (): void => {
      if (closed || current === undefined) return;
      current.drained();
      // While real I/O (t.io) is in flight, poll on the timer alone instead of spinning on
      // immediates: the engine arms both again once the I/O has finished.
      if (!closed) arm(!current.awaitingIo);
    };
    arm();
    next();
  });
}

/**
 * The loop of `event-loop` (one trial at a time, so each runs exactly as Node.js would run it
 * alone) and `timers` (several trials in flight, since each mostly waits on timers).
 */
export function looseBatch<S, R>(
  LooseTrial: typeof LooseTrialClass,
  plan: TrialPlan<S, R>,
  seed: number,
  variantName: string,
  first: number,
  max: number,
  concurrency: number,
  jitter: boolean,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const { scenario, variant, params } = plan;
    const deadline = performance.now() + BATCH_MS;
    let started = 0;
    let finished = 0;
    let failed = false;
    const launch = (): void => {
      const index = first + started++;
      const rng = jitter ? streamFor(seed, variantName, index) : undefined;
      // Undefined only for a scenario without `open`, whose R is then undefined (its default).
      const trialParams = { ...params, trial: index, resource: plan.resource as R };
      const onSetupError = (error: unknown): void => {
        if (failed) return;
        failed = true;
        reject(setupError(scenario, error));
      };
      new LooseTrial(
        variant,
        params,
        scenario.setup,
        scenario.observe,
        rng,
        plan.timeoutMs,
        (value) => onEnd(value, index),
        trialParams,
        onSetupError,
      ).start();
    };
    const onEnd = (value: TrialValue, index: number): void => {
      if (failed) return;
      plan.record(value, index);
      finished++;
      if (started < max && performance.now() < deadline) launch();
      else if (finished === started) resolve(finished);
    };
    while (!failed && started < Math.min(concurrency, max)) launch();
  });
}

/** `setup` runs outside any task, so its exception is a broken scenario, not a trial outcome. */
export function setupError<S, R>(scenario: Scenario<S, R>, error: unknown): ScenarioError {
  return new ScenarioError(`scenario "${scenario.name}": setup threw: ${describeThrown(error)}`);
}
