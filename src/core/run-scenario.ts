import { Explorer } from './schedules/exhaustive.js';
import { PctPicker } from './schedules/pct.js';
import { formatSchedule, parseSchedule, ReplayError, ReplayPicker } from './schedules/replay.js';
import { freshSeed } from './prng.js';
import {
  MAX_TASKS,
  ScenarioError,
  validateOutcomes,
  variantOf,
  type Grade,
  type Outcome,
  type RacePolicy,
  type RunParams,
  type Scenario,
} from './scenario.js';
import { gradeVariant, type GradedOutcome } from './grading.js';
import { Tally, type TrialRecord } from './tally.js';
import type { TraceEvent } from './trace.js';
import {
  asyncioSource,
  controlledBatch,
  exhaustiveSource,
  makePlan,
  measureSteps,
  runRange,
  sourceFor,
  type TrialPlan,
  type TrialSource,
} from './trial-loop.js';
import { DEFAULT_MAX_STEPS, PickLog } from './controlled-trial.js';
import type { RunnerKind, TrialValue } from './runner-outcomes.js';
import { oddsOf, trackOdds, type OddsTally, type RandomOdds } from './random-odds.js';
import { CoverageTracker } from './coverage.js';
import type { VariantExtras } from './extras-types.js';
import { isSerializable, serialOutcomes, serialTaskLimit } from './serializable.js';

export type { TrialRecord } from './tally.js';
export { CHUNK_TRIALS } from './trial-loop.js';

/** The schedules a run can use; see DESIGN.md and schedules/table.ts. */
export { SCHEDULES, CONTROLLED_SCHEDULES, SCHEDULE_TABLE, type ScheduleName } from './schedules/table.js';
import { CONTROLLED_SCHEDULES, SCHEDULES, type ScheduleName } from './schedules/table.js';

export { DEFAULT_MAX_STEPS } from './controlled-trial.js';

import { DEFAULT_MAX_INTERLEAVINGS, DEFAULT_PCT_DEPTH, MAX_TRIALS } from './limits.js';

export { DEFAULT_MAX_INTERLEAVINGS, DEFAULT_PCT_DEPTH, MAX_TRIALS } from './limits.js';
export { gradedVariantReport } from './variant-report.js';
import { gradedVariantReport } from './variant-report.js';

export interface RunOptions {
  /** Trials per variant. Default: the scenario's `trials` (1000 unless it says otherwise). Ignored by `exhaustive`. */
  trials?: number;
  /** Seed of the `random`, `pct` and `timers` schedules (0 to 2^53 − 1). Default: a fresh one, reported. */
  seed?: number;
  /** Default `random`. */
  schedule?: ScheduleName;
  /** Which variants to run, in the scenario's order. Default: all. */
  variants?: readonly string[];
  /** Tasks per trial (1–64). Default: the scenario's `tasks`. */
  tasks?: number;
  /** Per-trial timeout in ms under `event-loop` and `timers`. Default 5000. */
  timeoutMs?: number;
  /** `pct`: the bug depth d to target. Default 3. */
  depth?: number;
  /** `exhaustive`: stop after this many interleavings per variant. Default 1,000,000. */
  maxInterleavings?: number;
  /** `exhaustive`: at most this many preemptions per interleaving. Default: unbounded. */
  preemptions?: number;
  /**
   * Controlled schedules: a trial that takes more scheduling steps than this ends as a
   * `step-limit` outcome (a livelock), with its replay string. Default 10,000.
   */
  maxSteps?: number;
  /** Record the schedule of this trial (1-based) of every variant, to trace it. */
  captureTrial?: number;
  /**
   * Worker threads to spread the trials over (random and pct only). Default 1: in this
   * thread. Trials are seeded per chunk, so the results are the same for any number of jobs.
   */
  jobs?: number;
  /** Where workers import the scenario module from (a file: URL); required when jobs > 1. */
  moduleUrl?: string;
  /** Stop starting trials of a variant after this many ms; the report says how many ran. */
  durationMs?: number;
  /** The scenario's own options by name, such as the cache's `{ origin: 'http' }`. */
  options?: Readonly<Record<string, string | undefined>>;
  /**
   * `random` and `pct` in this thread: count the distinct interleavings the trials reach (a
   * hash per trial, memory capped) and report them as `coverage`. Default false.
   */
  coverage?: boolean;
  /**
   * Called as each variant finishes, before `onVariant`: what it resolves with (the smallest
   * race, a coverage total, a lock ablation) is added to the variant's report.
   */
  extendVariant?: (variant: VariantReport) => Promise<VariantExtras | undefined>;
  /** Called after every batch of trials (about every 15 ms of work). */
  onProgress?: (progress: Progress) => void;
  /** Called as each variant finishes, before the next starts. */
  onVariant?: (variant: VariantReport) => void;
  /** Called once what the trials share is up (`open` succeeded), before the first trial. */
  onStart?: () => void;
  /** Aborting stops the run after the trials in flight; the report is then `interrupted`. */
  signal?: AbortSignal;
}

export interface Progress {
  variant: string;
  /** Trials done in this variant. */
  done: number;
  /** Trials planned in this variant (for `exhaustive`: the bound). */
  total: number;
  /** Trials done over all variants so far. */
  doneAll: number;
  totalAll: number;
}

export interface VariantReport extends VariantExtras {
  name: string;
  races: RacePolicy;
  summary?: string;
  /** Trials actually run (under `exhaustive`: interleavings explored). */
  trials: number;
  raceCount: number;
  /** Trials that ended in a deadlock (never counted as races). */
  deadlockCount: number;
  forbiddenCount: number;
  raceFrequency: number;
  interval95: [number, number];
  /**
   * `fail`: a forbidden outcome was seen; `incomplete`: stopped (Ctrl-C) before its trials were
   * done, so nothing is claimed; `pass`: ran to completion and met its declaration.
   */
  verdict: 'pass' | 'fail' | 'incomplete';
  /** False when the run was stopped before this variant's trials (or search) were done. */
  finished: boolean;
  outcomes: GradedOutcome[];
  /** The first trial whose outcome was a race or forbidden. */
  firstRace?: TrialRecord;
  /** The first trial whose outcome was forbidden. */
  firstForbidden?: TrialRecord;
  /** The trial asked for with `captureTrial`. */
  captured?: TrialRecord;
  /**
   * `exhaustive`: the number of interleavings explored, and whether the search ran to its end
   * (false when `--max-interleavings` cut it short). With `preemptions`, the end is that of
   * the interleavings with at most that many preemptions, not of all of them.
   */
  interleavings?: number;
  complete?: boolean;
  /** `exhaustive --preemptions k`: the bound the search was under. */
  preemptions?: number;
  /** `asyncio`: every trial is the same one, so the counts are not a sample. */
  deterministic?: boolean;
  /** `pct`: the measured k and the guarantee it gives. */
  pct?: PctInfo;
  /** A complete `exhaustive` search without a preemption bound: each outcome's exact probability under `random`. */
  randomOdds?: RandomOdds;
}

export interface PctInfo {
  depth: number;
  /** k: the most scheduling steps seen in a trial (measured by a pilot of random trials). */
  steps: number;
  /** Each trial finds a given bug of depth d with at least this probability: 1/(n·k^(d−1)). */
  guarantee: number;
  /** Trials that find such a bug with probability 0.99. */
  trialsFor99: number;
}

export interface RunReport {
  scenario: string;
  summary: string;
  /** What the observed values count (the scenario's `unit`), when it declares one. */
  unit?: string;
  schedule: ScheduleName;
  seed: number;
  /** Trials planned per variant (under `exhaustive`: the bound on interleavings). */
  trials: number;
  tasks: number;
  /** `fail` if any variant failed, else `incomplete` if the run was interrupted, else `pass`. */
  verdict: 'pass' | 'fail' | 'incomplete';
  /** Controlled schedules: the bound on scheduling steps per trial. */
  maxSteps?: number;
  /** True when the run was stopped early; every variant then reports the trials it completed. */
  interrupted: boolean;
  /** `exhaustive`: the preemption bound, when there is one. */
  preemptions?: number;
  variants: VariantReport[];
  /** Variants that could not run with these options, and why. */
  skipped?: Array<{ name: string; reason: string }>;
}

/** Thrown for options that do not fit the scenario (an unknown variant, tasks out of range). */
export class RunOptionError extends Error {
  override name = 'RunOptionError';
}

/** A run's choices once every default is applied: what the header of a run can print. */
export interface ResolvedRun<S = unknown, R = unknown> {
  scenario: Scenario<S, R>;
  schedule: ScheduleName;
  /** The schedules this scenario supports with these options; the first is its default. */
  schedules: readonly ScheduleName[];
  trials: number;
  tasks: number;
  seed: number;
  /** The variants that will run, in the scenario's order. */
  names: string[];
  /** Variants left out because they cannot run with these options, and why. */
  skipped: Array<{ name: string; reason: string }>;
  params: RunParams;
  outcomes: Outcome[];
}

/**
 * Applies every default and checks every choice against the scenario: its options, the
 * schedules it supports, its default trials, the variants that can run. Throws a RunOptionError
 * saying what is accepted.
 */
export function resolveRun<S, R>(scenario: Scenario<S, R>, options: RunOptions = {}): ResolvedRun<S, R> {
  const tasks = options.tasks ?? scenario.tasks;
  if (!Number.isInteger(tasks) || tasks < 1 || tasks > MAX_TASKS) {
    throw new RunOptionError(`tasks must be an integer from 1 to ${MAX_TASKS}, got ${tasks}`);
  }
  const params: RunParams = { tasks, options: resolveScenarioOptions(scenario, options.options ?? {}) };
  const declared = (
    typeof scenario.schedules === 'function' ? scenario.schedules(params) : (scenario.schedules ?? SCHEDULES)
  ) as readonly ScheduleName[];
  // A scenario that runs under one controlled schedule runs under all of them (they share one engine).
  const controlled = declared.some((name) => CONTROLLED_SCHEDULES.includes(name));
  const schedules = controlled ? [...declared, ...CONTROLLED_SCHEDULES.filter((name) => !declared.includes(name))] : declared;
  const schedule = options.schedule ?? schedules[0] ?? 'random';
  if (!SCHEDULES.includes(schedule)) {
    throw new RunOptionError(`unknown schedule "${String(schedule)}" (accepted: ${SCHEDULES.join(', ')})`);
  }
  if (!schedules.includes(schedule)) {
    throw new RunOptionError(
      `${scenario.name} runs under --schedule ${schedules.join(' or ')} only: its tasks await real I/O, threads or processes, ` +
        `which the ${schedule} schedule cannot see`,
    );
  }
  const defaultTrials = typeof scenario.trials === 'function' ? scenario.trials(params) : scenario.trials;
  // asyncio is deterministic: every trial is the same, so one is the default.
  const trials =
    schedule === 'exhaustive'
      ? (options.maxInterleavings ?? DEFAULT_MAX_INTERLEAVINGS)
      : (options.trials ?? (schedule === 'asyncio' ? 1 : defaultTrials));
  if (!Number.isInteger(trials) || trials < 1 || trials > MAX_TRIALS) {
    throw new RunOptionError(
      `${schedule === 'exhaustive' ? 'maxInterleavings' : 'trials'} must be an integer from 1 to 1e9, got ${trials}`,
    );
  }
  const seed = options.seed ?? freshSeed();
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RunOptionError(`seed must be an integer from 0 to 2^53 - 1, got ${seed}`);
  }
  const serialLimit = serialTaskLimit(scenario, tasks);
  if (serialLimit !== undefined) throw new RunOptionError(serialLimit);
  const depth = options.depth ?? DEFAULT_PCT_DEPTH;
  if (!Number.isInteger(depth) || depth < 1 || depth > 20) throw new RunOptionError(`depth must be an integer from 1 to 20, got ${depth}`);
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  if (!Number.isInteger(maxSteps) || maxSteps < 1 || maxSteps > 1e9)
    throw new RunOptionError(`maxSteps must be an integer from 1 to 1e9, got ${maxSteps}`);
  const names: string[] = [];
  const skipped: Array<{ name: string; reason: string }> = [];
  for (const name of selectVariants(scenario, options.variants)) {
    const available = variantOf(scenario, name).available?.(params) ?? true;
    if (available === true) names.push(name);
    else skipped.push({ name, reason: available });
  }
  return { scenario, schedule, schedules, trials, tasks, seed, names, skipped, params, outcomes: outcomesFor(scenario, params) };
}

/** The scenario's own options: each given one must be declared; defaults and env applied. */
function resolveScenarioOptions<S, R>(
  scenario: Scenario<S, R>,
  given: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  const declared = scenario.options ?? {};
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined || key in declared) continue;
    const own = Object.keys(declared);
    throw new RunOptionError(
      `${scenario.name} has no option --${key}${own.length > 0 ? ` (its options: ${own.map((o) => `--${o}`).join(', ')})` : ''}`,
    );
  }
  const resolved: Record<string, string | undefined> = {};
  for (const [key, option] of Object.entries(declared)) {
    const fromEnv = option.env !== undefined ? process.env[option.env] || undefined : undefined;
    const value = given[key] ?? fromEnv ?? option.default;
    if (value !== undefined && option.choices !== undefined && !option.choices.includes(value)) {
      throw new RunOptionError(`--${key} must be one of ${option.choices.join(', ')} for ${scenario.name}, got "${value}"`);
    }
    resolved[key] = value;
  }
  return resolved;
}

/** The scenario's declared outcomes for these parameters, checked. */
export function outcomesFor<S, R>(scenario: Scenario<S, R>, params: RunParams): Outcome[] {
  // Serializable outcomes depend on the variant and are computed by running it: see runScenario.
  if (isSerializable(scenario)) return [];
  const outcomes = typeof scenario.outcomes === 'function' ? scenario.outcomes(params) : scenario.outcomes;
  if (!Array.isArray(outcomes)) {
    throw new ScenarioError(`scenario "${scenario.name}": "outcomes" must return an array`);
  }
  validateOutcomes(outcomes, `scenario "${scenario.name}"`);
  return outcomes;
}

/**
 * Run a scenario: every selected variant under one schedule, `trials` times each (or every
 * interleaving, under `exhaustive`). Counts are kept per distinct value in a Map, so memory is
 * flat for any number of trials.
 */
export async function runScenario<S, R>(scenario: Scenario<S, R>, options: RunOptions = {}): Promise<RunReport> {
  const r = resolveRun(scenario, options);
  const report: RunReport = {
    scenario: scenario.name,
    summary: scenario.summary,
    ...(scenario.unit !== undefined ? { unit: scenario.unit } : {}),
    schedule: r.schedule,
    seed: r.seed,
    trials: r.trials,
    tasks: r.tasks,
    verdict: 'pass',
    interrupted: false,
    variants: [],
  };
  if (CONTROLLED_SCHEDULES.includes(r.schedule)) report.maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  if (r.schedule === 'exhaustive' && options.preemptions !== undefined) report.preemptions = options.preemptions;
  const timeoutMs = options.timeoutMs ?? 5000;
  const jobs = options.jobs ?? 1;
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) throw new RunOptionError(`jobs must be an integer from 1 to 256, got ${jobs}`);
  if (jobs > 1 && r.schedule !== 'random' && r.schedule !== 'pct') {
    throw new RunOptionError(`jobs apply to the random and pct schedules only, not ${r.schedule}`);
  }
  if (jobs > 1 && isSerializable(scenario)) throw new RunOptionError("jobs > 1 does not apply to outcomes: 'serializable' yet");
  const moduleUrl = options.moduleUrl;
  if (jobs > 1 && moduleUrl === undefined) throw new RunOptionError('jobs > 1 needs moduleUrl, where workers import the scenario from');
  const deadline = options.durationMs === undefined ? Infinity : options.durationMs;
  const pool =
    jobs > 1 && moduleUrl !== undefined
      ? new (await import('./worker-pool.js')).WorkerPool(jobs, {
          moduleUrl,
          tasks: r.tasks,
          seed: r.seed,
          schedule: r.schedule as 'random' | 'pct',
          options: r.params.options,
          ...(options.captureTrial !== undefined ? { captureTrial: options.captureTrial } : {}),
          ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
        })
      : undefined;
  let resource: R | undefined;
  let opened = false;
  try {
    if (scenario.open !== undefined) {
      try {
        resource = await scenario.open(r.params);
        opened = true;
      } catch (error) {
        throw new ScenarioError(
          `${scenario.name} could not start what its trials share: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    options.onStart?.();
    for (const [index, name] of r.names.entries()) {
      const variant = variantOf(scenario, name);
      const outcomes = isSerializable(scenario) ? await serialOutcomes(scenario, name, r.params, resource) : r.outcomes;
      const tally = new Tally(outcomes, variant.races, options.captureTrial);
      const plan = makePlan(scenario, variant, r.params, timeoutMs, tally, resource, options.maxSteps ?? DEFAULT_MAX_STEPS);
      const coverage =
        options.coverage === true && pool === undefined && (r.schedule === 'random' || r.schedule === 'pct')
          ? new CoverageTracker()
          : undefined;
      if (coverage !== undefined) {
        const count = plan.record;
        plan.record = (value, trial) => {
          count(value, trial);
          coverage.add(plan.picks.items, plan.picks.size);
        };
      }
      const started = performance.now();
      const stop = (): boolean => options.signal?.aborted === true || performance.now() - started >= deadline;
      const progress = (done: number): void =>
        options.onProgress?.({
          variant: name,
          done,
          total: r.trials,
          doneAll: index * r.trials + done,
          totalAll: r.names.length * r.trials,
        });
      let explorer: Explorer | undefined;
      let odds: OddsTally | undefined;
      let pct: PctInfo | undefined;
      if (r.schedule === 'pct') {
        const steps = await measureSteps(plan, r.seed, name);
        const depth = options.depth ?? DEFAULT_PCT_DEPTH;
        const guarantee = PctPicker.guarantee(r.tasks, steps, depth);
        pct = { depth, steps, guarantee, trialsFor99: PctPicker.trialsFor99(guarantee) };
      }
      let done: number;
      if (pool !== undefined) {
        done = await pool.runVariant(name, r.trials, pct, tally, stop, progress);
      } else {
        let source: TrialSource | undefined;
        if (r.schedule === 'exhaustive') {
          explorer = new Explorer(options.preemptions ?? Infinity);
          source = exhaustiveSource(explorer);
          if (options.preemptions === undefined) odds = trackOdds(plan, explorer);
        } else if (r.schedule === 'random' || r.schedule === 'pct') {
          source = sourceFor(r.schedule, r.seed, name, r.tasks, pct);
        } else if (r.schedule === 'asyncio') {
          source = asyncioSource();
        }
        done = await runRange(plan, r, name, source, 0, r.trials, stop, progress, () => explorer?.exhausted === true);
      }
      const graded = gradeVariant(tally.counts(), done, outcomes, variant.races);
      const finished = explorer ? explorer.exhausted || done >= r.trials : !(options.signal?.aborted === true && done < r.trials);
      const result: VariantReport = {
        ...gradedVariantReport(
          { name, races: variant.races, summary: variant.summary },
          done,
          graded,
          finished,
          tally,
          explorer ? { complete: explorer.exhausted, preemptions: options.preemptions } : undefined,
        ),
        ...(r.schedule === 'asyncio' ? { deterministic: true } : {}),
        ...(pct ? { pct } : {}),
        ...(odds && explorer?.exhausted ? { randomOdds: oddsOf(odds, graded.outcomes, r.outcomes) } : {}),
        ...(coverage ? { coverage: coverage.summary() } : {}),
      };
      if (options.extendVariant !== undefined && !options.signal?.aborted) Object.assign(result, await options.extendVariant(result));
      report.variants.push(result);
      if (result.verdict === 'fail') report.verdict = 'fail';
      options.onVariant?.(result);
      if (options.signal?.aborted && (!finished || index < r.names.length - 1)) {
        // Stopped: this variant, or the ones not yet started, did not run to completion.
        report.interrupted = true;
        break;
      }
    }
  } finally {
    await pool?.close();
    // opened: `resource` is what `open` returned.
    if (opened) await scenario.close?.(resource as R);
  }
  if (report.interrupted && report.verdict !== 'fail') report.verdict = 'incomplete';
  report.skipped = r.skipped;
  return report;
}

/** One trial replayed step by step, with everything it did. */
export interface TracedTrial {
  variant: string;
  value: TrialValue;
  /** Set when the value is one of the runner's own outcomes (a deadlock, a step limit…). */
  runner?: RunnerKind;
  grade: Grade;
  description: string;
  /** The replay string of the trial. */
  schedule: string;
  events: TraceEvent[];
  /** For a deadlock: who holds which lock and waits for which. */
  waitCycle?: string;
}

export interface ReplayOptions {
  /** The variant to replay; may be omitted when the scenario has only one. */
  variant?: string;
  /** Tasks per trial. Default: the scenario's. */
  tasks?: number;
  /** The replay string (`A B A C B C`) or the picks as task ids. */
  schedule: string | readonly number[];
  /** The scenario's own options. */
  options?: Readonly<Record<string, string | undefined>>;
  /** The step bound the trial ran under (a step-limit trial replays to the same end). Default 10,000. */
  maxSteps?: number;
  /** The 0-based index `setup` gets, as the trial had in its run. Default 0. */
  trial?: number;
}

/**
 * Runs exactly one interleaving, recording every step. A schedule that does not fit the
 * scenario (a task that is not runnable where the string picks it, a string too short or too
 * long) throws a ReplayError that says where.
 */
export async function replayTrial<S, R>(scenario: Scenario<S, R>, options: ReplayOptions): Promise<TracedTrial> {
  const names = Object.keys(scenario.variants);
  const name = options.variant ?? (names.length === 1 ? names[0] : undefined);
  if (name === undefined) {
    throw new RunOptionError(`a replay needs one variant (accepted: ${names.join(', ')})`);
  }
  const r = resolveRun(scenario, {
    variants: [name],
    ...(options.tasks ? { tasks: options.tasks } : {}),
    ...(options.options ? { options: options.options } : {}),
  });
  if (!r.schedules.includes('random')) {
    throw new RunOptionError(
      `${scenario.name} runs under --schedule ${r.schedules.join(' or ')} only with these options: there is no schedule lockdemo could replay`,
    );
  }
  const picks = typeof options.schedule === 'string' ? parseSchedule(options.schedule, r.tasks) : [...options.schedule];
  const variant = variantOf(scenario, name);
  const picker = new ReplayPicker(picks);
  // Loaded here: a plain run never traces, and `lockdemo counter` should start fast.
  const { TraceRecorder } = await import('./trace.js');
  const tracer = new TraceRecorder();
  let value: TrialValue | undefined;
  let waitCycle: string | undefined;
  const plan: TrialPlan<S, R> = {
    scenario,
    variant,
    params: r.params,
    timeoutMs: 0,
    maxSteps: options.maxSteps ?? DEFAULT_MAX_STEPS,
    picks: new PickLog(),
    tracer,
    record: (v) => {
      value = v;
    },
    onTrialEnd: (trial) => {
      waitCycle = trial.waitCycle;
    },
  };
  // The one trial gets what every trial of a run shares, exactly as in runScenario.
  let opened = false;
  try {
    if (scenario.open !== undefined) {
      plan.resource = await scenario.open(r.params);
      opened = true;
    }
    if (isSerializable(scenario)) r.outcomes = await serialOutcomes(scenario, name, r.params, plan.resource);
    let given = false;
    await controlledBatch(plan, { next: () => (given ? undefined : ((given = true), picker)), ended: () => {} }, options.trial ?? 0, 1);
  } finally {
    // opened: `plan.resource` is what `open` returned.
    if (opened) await scenario.close?.(plan.resource as R);
  }
  if (picker.unused > 0) {
    throw new ReplayError(
      `the replay string is too long: the trial finished after step ${picks.length - picker.unused} of ${picks.length}`,
    );
  }
  if (value === undefined) throw new Error('the replayed trial ended without a value');
  const ended = value;
  const row = gradeVariant(new Map([[ended, 1]]), 1, r.outcomes, variant.races).outcomes.find((o) => o.value === ended);
  if (row === undefined) throw new Error('the replayed trial has no graded outcome');
  return {
    variant: name,
    value: ended,
    grade: row.grade,
    ...(row.runner !== undefined ? { runner: row.runner } : {}),
    description: row.description,
    schedule: formatSchedule(plan.picks.toArray()),
    events: tracer.events,
    ...(waitCycle ? { waitCycle } : {}),
  };
}

function selectVariants<S, R>(scenario: Scenario<S, R>, wanted: readonly string[] | undefined): string[] {
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
