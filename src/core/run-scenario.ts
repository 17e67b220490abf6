import { ControlledTrial, PickLog, type Picker } from './controlled-trial.js';
import { gradeVariant, matchOutcome, type GradedOutcome } from './grading.js';
import { Explorer, formatSchedule, parseSchedule, PctPicker, RandomPicker, ReplayError, ReplayPicker } from './pickers.js';
import { freshSeed, streamFor } from './prng.js';
import {
  MAX_TASKS,
  ScenarioError,
  validateOutcomes,
  type Grade,
  type ObservedValue,
  type Outcome,
  type RacePolicy,
  type RunParams,
  type Scenario,
  type Variant,
} from './scenario.js';
import type { TraceEvent } from './trace.js';

/** The schedules a run can use; see DESIGN.md. */
export const SCHEDULES = ['random', 'pct', 'exhaustive', 'event-loop', 'timers'] as const;
export type ScheduleName = (typeof SCHEDULES)[number];

/** Schedules under which lockdemo decides every interleaving: they can trace and replay. */
export const CONTROLLED_SCHEDULES: readonly ScheduleName[] = ['random', 'pct', 'exhaustive'];

/** Largest `trials` accepted. */
export const MAX_TRIALS = 1e9;

/** Default bound of `exhaustive`. */
export const DEFAULT_MAX_INTERLEAVINGS = 1_000_000;

/** Default bug depth of `pct`. */
export const DEFAULT_PCT_DEPTH = 3;

/**
 * Trials are seeded in chunks of this many: trial k of a variant draws from the stream of
 * (seed, variant, floor(k / CHUNK_TRIALS)). A chunk is the unit that can move to a worker.
 */
export const CHUNK_TRIALS = 1 << 16;

/** How long one batch of trials may hold the event loop before timers and signals get a turn. */
const BATCH_MS = 15;

/** Trials of the `timers` schedule in flight at once (their tasks wait on real timers). */
const TIMERS_CONCURRENCY = 16;

/** Random trials run to measure k, the steps of a trial, before a `pct` run. */
const PCT_PILOT_TRIALS = 200;

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

/** A trial worth looking at: which one, what it ended with, and how to replay it. */
export interface TrialRecord {
  /** 1-based index of the trial (of the interleaving, under `exhaustive`). */
  trial: number;
  value: ObservedValue;
  /** The replay string: the task picked at each scheduling step. Controlled schedules only. */
  schedule?: string;
}

export interface VariantReport {
  name: string;
  races: RacePolicy;
  summary?: string;
  /** Trials actually run (under `exhaustive`: interleavings explored). */
  trials: number;
  raceCount: number;
  forbiddenCount: number;
  raceFrequency: number;
  interval95: [number, number];
  verdict: 'pass' | 'fail';
  outcomes: GradedOutcome[];
  /** The first trial whose outcome was a race or forbidden. */
  firstRace?: TrialRecord;
  /** The first trial whose outcome was forbidden. */
  firstForbidden?: TrialRecord;
  /** The trial asked for with `captureTrial`. */
  captured?: TrialRecord;
  /** `exhaustive`: the number of interleavings explored, and whether that was all of them. */
  interleavings?: number;
  complete?: boolean;
  /** `pct`: the measured k and the guarantee it gives. */
  pct?: PctInfo;
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
  schedule: ScheduleName;
  seed: number;
  /** Trials planned per variant (under `exhaustive`: the bound on interleavings). */
  trials: number;
  tasks: number;
  verdict: 'pass' | 'fail';
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
export interface ResolvedRun {
  scenario: Scenario<any>;
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
export function resolveRun(scenario: Scenario<any>, options: RunOptions = {}): ResolvedRun {
  const tasks = options.tasks ?? scenario.tasks;
  if (!Number.isInteger(tasks) || tasks < 1 || tasks > MAX_TASKS) {
    throw new RunOptionError(`tasks must be an integer from 1 to ${MAX_TASKS}, got ${tasks}`);
  }
  const params: RunParams = { tasks, options: resolveScenarioOptions(scenario, options.options ?? {}) };
  const schedules = (typeof scenario.schedules === 'function' ? scenario.schedules(params) : (scenario.schedules ?? SCHEDULES)) as readonly ScheduleName[];
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
  const trials = schedule === 'exhaustive' ? (options.maxInterleavings ?? DEFAULT_MAX_INTERLEAVINGS) : (options.trials ?? defaultTrials);
  if (!Number.isInteger(trials) || trials < 1 || trials > MAX_TRIALS) {
    throw new RunOptionError(`${schedule === 'exhaustive' ? 'maxInterleavings' : 'trials'} must be an integer from 1 to 1e9, got ${trials}`);
  }
  const seed = options.seed ?? freshSeed();
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RunOptionError(`seed must be an integer from 0 to 2^53 - 1, got ${seed}`);
  }
  const depth = options.depth ?? DEFAULT_PCT_DEPTH;
  if (!Number.isInteger(depth) || depth < 1 || depth > 20) throw new RunOptionError(`depth must be an integer from 1 to 20, got ${depth}`);
  const names: string[] = [];
  const skipped: Array<{ name: string; reason: string }> = [];
  for (const name of selectVariants(scenario, options.variants)) {
    const available = scenario.variants[name]!.available?.(params) ?? true;
    if (available === true) names.push(name);
    else skipped.push({ name, reason: available });
  }
  return { scenario, schedule, schedules, trials, tasks, seed, names, skipped, params, outcomes: outcomesFor(scenario, params) };
}

/** The scenario's own options: each given one must be declared; defaults and env applied. */
function resolveScenarioOptions(scenario: Scenario<any>, given: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
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
export function outcomesFor(scenario: Scenario<any>, params: RunParams): Outcome[] {
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
export async function runScenario(scenario: Scenario<any>, options: RunOptions = {}): Promise<RunReport> {
  const r = resolveRun(scenario, options);
  const report: RunReport = {
    scenario: scenario.name,
    summary: scenario.summary,
    schedule: r.schedule,
    seed: r.seed,
    trials: r.trials,
    tasks: r.tasks,
    verdict: 'pass',
    interrupted: false,
    variants: [],
  };
  if (r.schedule === 'exhaustive' && options.preemptions !== undefined) report.preemptions = options.preemptions;
  const timeoutMs = options.timeoutMs ?? 5000;
  const jobs = options.jobs ?? 1;
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) throw new RunOptionError(`jobs must be an integer from 1 to 256, got ${jobs}`);
  if (jobs > 1 && r.schedule !== 'random' && r.schedule !== 'pct') {
    throw new RunOptionError(`jobs apply to the random and pct schedules only, not ${r.schedule}`);
  }
  if (jobs > 1 && options.moduleUrl === undefined) throw new RunOptionError('jobs > 1 needs moduleUrl, where workers import the scenario from');
  const deadline = options.durationMs === undefined ? Infinity : options.durationMs;
  const pool =
    jobs > 1
      ? new (await import('./worker-pool.js')).WorkerPool(jobs, {
          moduleUrl: options.moduleUrl!,
          tasks: r.tasks,
          seed: r.seed,
          schedule: r.schedule as 'random' | 'pct',
          options: r.params.options,
          ...(options.captureTrial !== undefined ? { captureTrial: options.captureTrial } : {}),
        })
      : undefined;
  let resource: unknown;
  let opened = false;
  try {
    if (scenario.open !== undefined) {
      try {
        resource = await scenario.open(r.params);
        opened = true;
      } catch (error) {
        throw new ScenarioError(`${scenario.name} could not start what its trials share: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    options.onStart?.();
    for (const [index, name] of r.names.entries()) {
      const variant = scenario.variants[name]!;
      const tally = new Tally(r.outcomes, variant.races, options.captureTrial);
      const plan = makePlan(scenario, variant, r.params, timeoutMs, tally, resource);
      const started = performance.now();
      const stop = (): boolean => options.signal?.aborted === true || performance.now() - started >= deadline;
      const progress = (done: number): void =>
        options.onProgress?.({ variant: name, done, total: r.trials, doneAll: index * r.trials + done, totalAll: r.names.length * r.trials });
      let explorer: Explorer | undefined;
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
        } else if (r.schedule === 'random' || r.schedule === 'pct') {
          source = sourceFor(r.schedule, r.seed, name, r.tasks, pct);
        }
        done = await runRange(plan, r, name, source, 0, r.trials, stop, progress, () => explorer?.exhausted === true);
      }
      const graded = gradeVariant(tally.counts(), done, r.outcomes, variant.races);
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
        ...(tally.firstRace ? { firstRace: tally.firstRace } : {}),
        ...(tally.firstForbidden ? { firstForbidden: tally.firstForbidden } : {}),
        ...(tally.captured ? { captured: tally.captured } : {}),
        ...(explorer ? { interleavings: done, complete: explorer.exhausted } : {}),
        ...(pct ? { pct } : {}),
      };
      report.variants.push(result);
      if (result.verdict === 'fail') report.verdict = 'fail';
      options.onVariant?.(result);
      if (options.signal?.aborted && (explorer ? !explorer.exhausted : done < r.trials)) {
        report.interrupted = true;
        break;
      }
    }
  } finally {
    await pool?.close();
    if (opened) await scenario.close?.(resource);
  }
  report.skipped = r.skipped;
  return report;
}

/** The trial plan of one variant: what a batch needs, and where each outcome is counted. */
export function makePlan(
  scenario: Scenario<any>,
  variant: Variant<any>,
  params: RunParams,
  timeoutMs: number,
  tally: Tally,
  resource: unknown = undefined,
): TrialPlan {
  const picks = new PickLog();
  return { scenario, variant, params, timeoutMs, picks, resource, record: (value, index) => tally.record(value, index, picks) };
}

/** The picker source of a seeded controlled schedule. */
export function sourceFor(schedule: 'random' | 'pct', seed: number, variant: string, tasks: number, pct: PctInfo | undefined): TrialSource {
  return schedule === 'random' ? randomSource(seed, variant) : pctSource(seed, variant, tasks, pct!.depth, pct!.steps);
}

/**
 * Runs trials [first, first + count) of one variant in batches, with a macrotask between
 * batches so that signals, timers and progress output get their turn. Stops early when `stop`
 * says so or the source runs dry; resolves with the number of trials run.
 */
export async function runRange(
  plan: TrialPlan,
  r: { schedule: ScheduleName; seed: number },
  variantName: string,
  source: TrialSource | undefined,
  first: number,
  count: number,
  stop: () => boolean,
  progress: (done: number) => void,
  exhausted: () => boolean = () => false,
): Promise<number> {
  const LooseTrial = source === undefined ? (await import('./loose-trial.js')).LooseTrial : undefined;
  const batch: Batch =
    source !== undefined
      ? (p, from, max) => controlledBatch(p, source, from, max)
      : r.schedule === 'event-loop'
        ? (p, from, max) => looseBatch(LooseTrial!, p, r.seed, variantName, from, max, 1, false)
        : (p, from, max) => looseBatch(LooseTrial!, p, r.seed, variantName, from, max, TIMERS_CONCURRENCY, true);
  let done = 0;
  while (done < count && !stop() && !exhausted()) {
    if (done > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    done += await batch(plan, first + done, count - done);
    progress(done);
  }
  return done;
}

/** One trial replayed step by step, with everything it did. */
export interface TracedTrial {
  variant: string;
  value: ObservedValue;
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
}

/**
 * Runs exactly one interleaving, recording every step. A schedule that does not fit the
 * scenario (a task that is not runnable where the string picks it, a string too short or too
 * long) throws a ReplayError that says where.
 */
export async function replayTrial(scenario: Scenario<any>, options: ReplayOptions): Promise<TracedTrial> {
  const names = Object.keys(scenario.variants);
  const name = options.variant ?? (names.length === 1 ? names[0]! : undefined);
  if (name === undefined) {
    throw new RunOptionError(`a replay needs one variant (accepted: ${names.join(', ')})`);
  }
  const r = resolveRun(scenario, { variants: [name], ...(options.tasks ? { tasks: options.tasks } : {}), ...(options.options ? { options: options.options } : {}) });
  const picks = typeof options.schedule === 'string' ? parseSchedule(options.schedule, r.tasks) : [...options.schedule];
  const variant = scenario.variants[name]!;
  const picker = new ReplayPicker(picks);
  // Loaded here: a plain run never traces, and `lockdemo counter` should start fast.
  const { TraceRecorder } = await import('./trace.js');
  const tracer = new TraceRecorder();
  let value: ObservedValue | undefined;
  let waitCycle: string | undefined;
  const plan: TrialPlan = {
    scenario,
    variant,
    params: r.params,
    timeoutMs: 0,
    picks: new PickLog(),
    tracer,
    record: (v) => {
      value = v;
    },
    onTrialEnd: (trial) => {
      waitCycle = trial.waitCycle;
    },
  };
  let given = false;
  await controlledBatch(plan, { next: () => (given ? undefined : ((given = true), picker)), ended: () => {} }, 0, 1);
  if (picker.unused > 0) {
    throw new ReplayError(`the replay string is too long: the trial finished after step ${picks.length - picker.unused} of ${picks.length}`);
  }
  const row = gradeVariant(new Map([[value!, 1]]), 1, r.outcomes, variant.races).outcomes.find((o) => o.value === value)!;
  return {
    variant: name,
    value: value!,
    grade: row.grade,
    description: row.description,
    schedule: formatSchedule(plan.picks.toArray()),
    events: tracer.events,
    ...(waitCycle ? { waitCycle } : {}),
  };
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

/**
 * Counts outcomes per distinct value. Whether a value is a race or forbidden is decided once,
 * when it is first seen, so each trial costs one Map lookup; the first racing and the first
 * forbidden trial keep their schedules, for the summary's replay line.
 */
export class Tally {
  private readonly byValue = new Map<ObservedValue, { count: number; race: boolean; forbidden: boolean }>();
  firstRace: TrialRecord | undefined;
  firstForbidden: TrialRecord | undefined;
  captured: TrialRecord | undefined;

  constructor(
    private readonly outcomes: readonly Outcome[],
    private readonly races: RacePolicy,
    private readonly capture: number | undefined,
  ) {}

  record(value: ObservedValue, index: number, picks: PickLog): void {
    let entry = this.byValue.get(value);
    if (entry === undefined) {
      entry = this.classify(value);
      this.byValue.set(value, entry);
    }
    entry.count++;
    if (entry.race && this.firstRace === undefined) this.firstRace = this.keep(value, index, picks);
    if (entry.forbidden && this.firstForbidden === undefined) this.firstForbidden = this.keep(value, index, picks);
    if (this.capture === index + 1) this.captured = this.keep(value, index, picks);
  }

  counts(): Map<ObservedValue, number> {
    return new Map([...this.byValue].map(([value, entry]) => [value, entry.count]));
  }

  /** What a worker sends back for one chunk of trials. */
  snapshot(): ChunkResult {
    return {
      counts: [...this.counts()],
      ...(this.firstRace ? { firstRace: this.firstRace } : {}),
      ...(this.firstForbidden ? { firstForbidden: this.firstForbidden } : {}),
      ...(this.captured ? { captured: this.captured } : {}),
    };
  }

  /** Adds a chunk's counts; its records win only if they came earlier. */
  merge(chunk: ChunkResult): void {
    for (const [value, count] of chunk.counts) {
      let entry = this.byValue.get(value);
      if (entry === undefined) {
        entry = this.classify(value);
        this.byValue.set(value, entry);
      }
      entry.count += count;
    }
    const earlier = (a: TrialRecord | undefined, b: TrialRecord | undefined) => (b !== undefined && (a === undefined || b.trial < a.trial) ? b : a);
    this.firstRace = earlier(this.firstRace, chunk.firstRace);
    this.firstForbidden = earlier(this.firstForbidden, chunk.firstForbidden);
    this.captured ??= chunk.captured;
  }

  private classify(value: ObservedValue): { count: number; race: boolean; forbidden: boolean } {
    const grade = matchOutcome(value, this.outcomes)?.grade ?? 'forbidden';
    const forbidden = grade === 'forbidden' || (grade === 'race' && this.races === 'forbidden');
    return { count: 0, race: grade === 'race' || forbidden, forbidden };
  }

  private keep(value: ObservedValue, index: number, picks: PickLog): TrialRecord {
    return picks.size > 0 ? { trial: index + 1, value, schedule: formatSchedule(picks.toArray()) } : { trial: index + 1, value };
  }
}

/** One chunk's tally, as a worker reports it. */
export interface ChunkResult {
  counts: Array<[ObservedValue, number]>;
  firstRace?: TrialRecord;
  firstForbidden?: TrialRecord;
  captured?: TrialRecord;
}

export interface TrialPlan {
  scenario: Scenario<any>;
  variant: Variant<any>;
  params: RunParams;
  timeoutMs: number;
  /** The picks of the trial in flight (controlled schedules), reset per trial. */
  picks: PickLog;
  /** What the scenario's `open` returned for this run. */
  resource?: unknown;
  tracer?: import('./trace.js').TraceRecorder;
  record: (value: ObservedValue, index: number) => void;
  onTrialEnd?: (trial: ControlledTrial<unknown>) => void;
}

/** Runs up to `max` trials starting at trial `first`; resolves with how many ran. */
type Batch = (plan: TrialPlan, first: number, max: number) => Promise<number>;

/** Where a controlled schedule's trials get their picker; undefined means no trial is left. */
export interface TrialSource {
  next(index: number): Picker | undefined;
  ended(): void;
}

function randomSource(seed: number, variant: string): TrialSource {
  const picker = new RandomPicker(streamFor(seed, variant, 0));
  return {
    next(index) {
      if (index % CHUNK_TRIALS === 0) picker.rng = streamFor(seed, variant, index / CHUNK_TRIALS);
      return picker;
    },
    ended() {},
  };
}

function pctSource(seed: number, variant: string, tasks: number, depth: number, steps: number): TrialSource {
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

function exhaustiveSource(explorer: Explorer): TrialSource {
  return {
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
async function measureSteps(plan: TrialPlan, seed: number, variant: string): Promise<number> {
  let steps = 1;
  const pilot: TrialPlan = {
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
function controlledBatch(plan: TrialPlan, source: TrialSource, first: number, max: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const { scenario, variant, params } = plan;
    const deadline = performance.now() + BATCH_MS;
    let done = 0;
    let closed = false;
    let current: ControlledTrial<unknown> | undefined;
    const close = (): void => {
      closed = true;
      resolve(done);
    };
    const onEnd = (value: ObservedValue): void => {
      const trial = current!;
      if (trial.pickerError !== undefined) {
        closed = true;
        reject(trial.pickerError);
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
        current = new ControlledTrial(variant, params, scenario.setup, scenario.observe, onEnd, plan.picks, plan.tracer, plan.resource);
      }
      try {
        current.start(picker, first + done);
      } catch (error) {
        closed = true;
        reject(setupError(scenario, error));
      }
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
}

/**
 * The loop of `event-loop` (one trial at a time, so each runs exactly as Node.js would run it
 * alone) and `timers` (several trials in flight, since each mostly waits on timers).
 */
function looseBatch(
  LooseTrial: typeof import('./loose-trial.js').LooseTrial,
  plan: TrialPlan,
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
      const trialParams = { ...params, trial: index, resource: plan.resource };
      const onSetupError = (error: unknown): void => {
        if (failed) return;
        failed = true;
        reject(setupError(scenario, error));
      };
      new LooseTrial(variant, params, scenario.setup, scenario.observe, rng, plan.timeoutMs, (value) => onEnd(value, index), trialParams, onSetupError).start();
    };
    const onEnd = (value: ObservedValue, index: number): void => {
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
function setupError(scenario: Scenario<any>, error: unknown): ScenarioError {
  const message = error instanceof Error ? error.message : String(error);
  return new ScenarioError(`scenario "${scenario.name}": setup threw: ${message}`);
}
