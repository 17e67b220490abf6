import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { ControlledTrial, type Picker } from './controlled-trial.js';
import { gradeVariant, type GradedOutcome } from './grading.js';
import { LooseTrial } from './loose-trial.js';
import { freshSeed, streamFor, type Sfc32 } from './prng.js';
import {
  MAX_TASKS,
  ScenarioError,
  validateOutcomes,
  type ObservedValue,
  type RacePolicy,
  type RunParams,
  type Scenario,
  type Variant,
} from './scenario.js';

/** The schedules a run can use; see DESIGN.md. */
export const SCHEDULES = ['random', 'event-loop', 'timers'] as const;
export type ScheduleName = (typeof SCHEDULES)[number];

/** Largest `trials` accepted. */
export const MAX_TRIALS = 1e9;

/**
 * Trials are seeded in chunks of this many: trial k of a variant draws from the stream of
 * (seed, variant, floor(k / CHUNK_TRIALS)). A chunk is the unit that can move to a worker.
 */
export const CHUNK_TRIALS = 1 << 16;

/** How long one batch of trials may hold the event loop before timers and signals get a turn. */
const BATCH_MS = 15;

/** Trials of the `timers` schedule in flight at once (their tasks wait on real timers). */
const TIMERS_CONCURRENCY = 16;

export interface RunOptions {
  /** Trials per variant. Default: the scenario's `trials` (1000 unless it says otherwise). */
  trials?: number;
  /** Seed of the random schedule (0 to 2^53 − 1). Default: a fresh one, reported in the result. */
  seed?: number;
  /** Default `random`. */
  schedule?: ScheduleName;
  /** Which variants to run, in the scenario's order. Default: all. */
  variants?: readonly string[];
  /** Tasks per trial (1–64). Default: the scenario's `tasks`. */
  tasks?: number;
  /** Per-trial timeout in ms under `event-loop` and `timers`. Default 5000. */
  timeoutMs?: number;
  /** Called after every batch of trials (about every 15 ms of work). */
  onProgress?: (progress: Progress) => void;
  /** Called as each variant finishes, before the next starts. */
  onVariant?: (variant: VariantReport) => void;
  /** Aborting stops the run after the trials in flight; the report is then `interrupted`. */
  signal?: AbortSignal;
}

export interface Progress {
  variant: string;
  /** Trials done in this variant. */
  done: number;
  /** Trials planned in this variant. */
  total: number;
  /** Trials done over all variants so far. */
  doneAll: number;
  totalAll: number;
}

export interface VariantReport {
  name: string;
  races: RacePolicy;
  summary?: string;
  /** Trials actually run (fewer than planned only when interrupted). */
  trials: number;
  raceCount: number;
  forbiddenCount: number;
  raceFrequency: number;
  interval95: [number, number];
  verdict: 'pass' | 'fail';
  outcomes: GradedOutcome[];
}

export interface RunReport {
  scenario: string;
  summary: string;
  schedule: ScheduleName;
  seed: number;
  /** Trials planned per variant. */
  trials: number;
  tasks: number;
  verdict: 'pass' | 'fail';
  /** True when the run was stopped early; every variant then reports the trials it completed. */
  interrupted: boolean;
  variants: VariantReport[];
}

/** Thrown for options that do not fit the scenario (an unknown variant, tasks out of range). */
export class RunOptionError extends Error {
  override name = 'RunOptionError';
}

/**
 * Run a scenario: every selected variant, `trials` times each, under one schedule. Counts are
 * kept per distinct value in a Map, so memory is flat for any number of trials.
 */
export async function runScenario(scenario: Scenario<any>, options: RunOptions = {}): Promise<RunReport> {
  const schedule = options.schedule ?? 'random';
  if (!SCHEDULES.includes(schedule)) {
    throw new RunOptionError(`unknown schedule "${String(schedule)}" (accepted: ${SCHEDULES.join(', ')})`);
  }
  const trials = options.trials ?? scenario.trials;
  if (!Number.isInteger(trials) || trials < 1 || trials > MAX_TRIALS) {
    throw new RunOptionError(`trials must be an integer from 1 to 1e9, got ${trials}`);
  }
  const tasks = options.tasks ?? scenario.tasks;
  if (!Number.isInteger(tasks) || tasks < 1 || tasks > MAX_TASKS) {
    throw new RunOptionError(`tasks must be an integer from 1 to ${MAX_TASKS}, got ${tasks}`);
  }
  const seed = options.seed ?? freshSeed();
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RunOptionError(`seed must be an integer from 0 to 2^53 - 1, got ${seed}`);
  }
  const names = selectVariants(scenario, options.variants);
  const params: RunParams = { tasks };
  const outcomes = typeof scenario.outcomes === 'function' ? scenario.outcomes(params) : scenario.outcomes;
  if (!Array.isArray(outcomes)) {
    throw new ScenarioError(`scenario "${scenario.name}": "outcomes" must return an array`);
  }
  validateOutcomes(outcomes, `scenario "${scenario.name}"`);

  const report: RunReport = {
    scenario: scenario.name,
    summary: scenario.summary,
    schedule,
    seed,
    trials,
    tasks,
    verdict: 'pass',
    interrupted: false,
    variants: [],
  };
  const timeoutMs = options.timeoutMs ?? 5000;
  for (const [index, name] of names.entries()) {
    const variant = scenario.variants[name]!;
    const counts = new Map<ObservedValue, number>();
    const plan: TrialPlan = {
      scenario,
      variant,
      variantName: name,
      params,
      seed,
      timeoutMs,
      picker: new RandomPicker(streamFor(seed, name, 0)),
      record: (value) => counts.set(value, (counts.get(value) ?? 0) + 1),
    };
    const runBatch = schedule === 'random' ? controlledBatch : schedule === 'event-loop' ? eventLoopBatch : timersBatch;
    let done = 0;
    while (done < trials && !options.signal?.aborted) {
      // A macrotask between batches: signals, timers and progress output get their turn.
      if (done > 0) await yieldToEventLoop();
      done += await runBatch(plan, done, trials - done);
      options.onProgress?.({ variant: name, done, total: trials, doneAll: index * trials + done, totalAll: names.length * trials });
    }
    const graded = gradeVariant(counts, done, outcomes, variant.races);
    const result: VariantReport = {
      name,
      races: variant.races,
      ...(variant.summary === undefined ? {} : { summary: variant.summary }),
      trials: done,
      raceCount: graded.raceCount,
      forbiddenCount: graded.forbiddenCount,
      raceFrequency: graded.raceFrequency,
      interval95: graded.interval95,
      verdict: graded.verdict,
      outcomes: graded.outcomes,
    };
    report.variants.push(result);
    if (result.verdict === 'fail') report.verdict = 'fail';
    options.onVariant?.(result);
    if (done < trials) {
      report.interrupted = true;
      break;
    }
  }
  return report;
}

function selectVariants(scenario: Scenario<any>, wanted: readonly string[] | undefined): string[] {
  const all = Object.keys(scenario.variants);
  if (wanted === undefined || wanted.length === 0) return all;
  for (const name of wanted) {
    if (!all.includes(name)) {
      throw new RunOptionError(`unknown variant "${name}" for scenario "${scenario.name}" (accepted: ${all.join(', ')})`);
    }
  }
  // The scenario's order, so output and seeds do not depend on how the flags were typed.
  return all.filter((name) => wanted.includes(name));
}

interface TrialPlan {
  scenario: Scenario<any>;
  variant: Variant<any>;
  variantName: string;
  params: RunParams;
  seed: number;
  timeoutMs: number;
  /** Carries the PRNG stream from one batch to the next; reseeded at each chunk boundary. */
  picker: RandomPicker;
  record: (value: ObservedValue) => void;
}

/** Runs up to `max` trials starting at trial `first`; resolves with how many ran. */
type Batch = (plan: TrialPlan, first: number, max: number) => Promise<number>;

class RandomPicker implements Picker {
  constructor(public rng: Sfc32) {}
  pick(_runnable: readonly number[], count: number): number {
    return this.rng.below(count);
  }
}

/**
 * The controlled trial loop. Trials run back to back inside one chain of microtasks: a trial's
 * end starts the next one, with no timer in between. The batch ends after BATCH_MS so that
 * timers and signals get a turn. A trial that stops making progress lets the microtask queue
 * drain; the setImmediate watchdog, which can only run then, records it as stalled or
 * deadlocked and the batch goes on.
 */
const controlledBatch: Batch = (plan, first, max) =>
  new Promise((resolve, reject) => {
    const { scenario, variant, params, picker } = plan;
    const deadline = performance.now() + BATCH_MS;
    let done = 0;
    let closed = false;
    let current: ControlledTrial<unknown> | undefined;
    const onEnd = (value: ObservedValue): void => {
      plan.record(value);
      done++;
      next();
    };
    const next = (): void => {
      if (done >= max || ((done & 63) === 0 && done > 0 && performance.now() > deadline)) {
        closed = true;
        resolve(done);
        return;
      }
      const index = first + done;
      if (index % CHUNK_TRIALS === 0) picker.rng = streamFor(plan.seed, plan.variantName, index / CHUNK_TRIALS);
      try {
        current = new ControlledTrial(variant, params, scenario.setup, scenario.observe, picker, onEnd);
      } catch (error) {
        closed = true;
        reject(setupError(scenario, error));
        return;
      }
      current.start();
    };
    // The drain is caught in whichever phase of the event loop comes first: a timer armed
    // now fires before any timer a stalled task arms later, and this immediate before its
    // immediates, so a task that awaited one of those is caught before it resumes.
    let immediatePending = false;
    let timerPending = false;
    const arm = (): void => {
      if (!immediatePending) {
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
      if (closed) return;
      current!.stall();
      if (!closed) arm();
    };
    arm();
    next();
  });

/** `event-loop`: one trial at a time, so each runs exactly as Node.js would run it alone. */
const eventLoopBatch: Batch = (plan, first, max) => looseBatch(plan, first, max, 1, false);

/** `timers`: several trials in flight, since each spends most of its time waiting on timers. */
const timersBatch: Batch = (plan, first, max) => looseBatch(plan, first, max, TIMERS_CONCURRENCY, true);

function looseBatch(plan: TrialPlan, first: number, max: number, concurrency: number, jitter: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const { scenario, variant, params } = plan;
    const deadline = performance.now() + BATCH_MS;
    let started = 0;
    let finished = 0;
    let failed = false;
    const launch = (): void => {
      const index = first + started++;
      const rng = jitter ? streamFor(plan.seed, plan.variantName, index) : undefined;
      let trial: LooseTrial<unknown>;
      try {
        trial = new LooseTrial(variant, params, scenario.setup, scenario.observe, rng, plan.timeoutMs, onEnd);
      } catch (error) {
        failed = true;
        reject(setupError(scenario, error));
        return;
      }
      trial.start();
    };
    const onEnd = (value: ObservedValue): void => {
      if (failed) return;
      plan.record(value);
      finished++;
      if (started < max && performance.now() < deadline) launch();
      else if (finished === started) resolve(finished);
    };
    while (!failed && started < Math.min(concurrency, max)) launch();
  });
}

/** `setup` runs outside any task, so its exception is a broken scenario, not a trial outcome. */
function setupError(scenario: Scenario<any>, error: unknown): ScenarioError {
  const message = error instanceof Error ? error.message : String(error);
  return new ScenarioError(`scenario "${scenario.name}": setup threw: ${message}`);
}
