import { freshSeed } from './prng.js';
import { ScenarioError, validateOutcomes, variantOf, type Outcome, type RunParams, type Scenario } from './scenario.js';
import {
  CONTROLLED_SCHEDULES,
  SCHEDULE_TABLE,
  SCHEDULES,
  schedulesFor,
  type ScheduleName,
  type ScheduleOption,
} from './schedules/table.js';
import { isSerializable, serialTaskLimit } from './serializable.js';
import { describeThrown } from './describe-thrown.js';
import { describeValue } from './observed-value.js';
import {
  DEFAULT_MAX_INTERLEAVINGS,
  DEFAULT_MAX_STEPS,
  DEFAULT_PCT_DEPTH,
  DEFAULT_TIMEOUT_MS,
  MAX_DURATION_MS,
  MAX_JOBS,
  MAX_TASKS,
  MAX_PCT_DEPTH,
  MAX_STEPS,
  MAX_TIMEOUT_MS,
  MAX_TRIALS,
  MAX_TRIALS_TEXT,
} from './limits.js';
import type { RunOptions } from './run-options.js';
import { RunOptionError } from './run-option-error.js';

export { RunOptionError } from './run-option-error.js';

/**
 * A run's every choice, once every default is applied and every option checked: the run, its
 * header, its traces and its reproduce line all read from this, and nothing resolves again.
 */
export interface ResolvedRun<S = unknown, R = unknown> {
  readonly scenario: Scenario<S, R>;
  readonly schedule: ScheduleName;
  /** The schedules this scenario supports with these options; the first is its default. */
  readonly schedules: readonly ScheduleName[];
  /**
   * Trials planned per variant (under `exhaustive`: the bound on interleavings). A timed run
   * stops at its `durationMs`, or at these trials if it was given them too (else MAX_TRIALS).
   */
  readonly trials: number;
  /** A timed run: each variant runs for this long instead of a number of trials. */
  readonly durationMs?: number;
  readonly tasks: number;
  readonly seed: number;
  /** The variants that will run, in the scenario's order. */
  readonly names: readonly string[];
  /** Variants left out because they cannot run with these options, and why. */
  readonly skipped: ReadonlyArray<{ name: string; reason: string }>;
  readonly params: RunParams;
  outcomes: Outcome[];
  /** Per-trial timeout: the run's, else the scenario's own, else DEFAULT_TIMEOUT_MS. */
  readonly timeoutMs: number;
  readonly jobs: number;
  /** `pct`: the bug depth. */
  readonly depth?: number;
  /** Controlled schedules: the step bound of a trial. */
  readonly maxSteps?: number;
  /** `exhaustive`: the preemption bound, when there is one. */
  readonly preemptions?: number;
  /** The 1-based trial of each variant to record for a trace. */
  readonly captureTrial?: number;
  /** The scenario's `setting` line for these params, if it has one. */
  readonly setting?: string;
}

/** A number as itself; anything else a library caller gave (the string "100") as what it is. */
function shownNumber(value: unknown): string {
  return typeof value === 'number' ? String(value) : describeValue(value);
}

/** A whole number within [min, max], or a RunOptionError naming the option. */
function wholeIn(option: string, value: number, min: number, max: number, maxText = String(max)): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RunOptionError(`${option} must be an integer from ${min} to ${maxText}, got ${shownNumber(value)}`, {
      option,
      given: value,
      accepted: [`${min} to ${maxText}`],
    });
  }
  return value;
}

/**
 * The numbers a check may use only later (its random trials, once a search was cut short),
 * refused at once when they are wrong: a check must not start failing on a bad `seed` only
 * when the code under it grows past what a search can cover.
 */
export function checkSampleOptions(o: { seed?: unknown; trials?: unknown; maxInterleavings?: unknown }): void {
  if (o.seed !== undefined && (typeof o.seed !== 'number' || !Number.isSafeInteger(o.seed) || o.seed < 0)) {
    throw new RunOptionError(`seed must be an integer from 0 to 2^53 - 1, got ${shownNumber(o.seed)}`, { option: 'seed', given: o.seed });
  }
  if (o.trials !== undefined) wholeIn('trials', o.trials as number, 1, MAX_TRIALS, MAX_TRIALS_TEXT);
  if (o.maxInterleavings !== undefined) wholeIn('maxInterleavings', o.maxInterleavings as number, 1, MAX_TRIALS, MAX_TRIALS_TEXT);
}

/** Refuses an option given to a schedule it does not apply to (the table says which). */
function checkApplies(schedule: ScheduleName, options: RunOptions): void {
  const facts = SCHEDULE_TABLE[schedule];
  const given: Record<ScheduleOption, boolean> = {
    trials: options.trials !== undefined,
    durationMs: options.durationMs !== undefined,
    depth: options.depth !== undefined,
    maxInterleavings: options.maxInterleavings !== undefined,
    preemptions: options.preemptions !== undefined,
    maxSteps: options.maxSteps !== undefined,
    captureTrial: options.captureTrial !== undefined,
    jobs: options.jobs !== undefined && options.jobs !== 1,
  };
  for (const option of Object.keys(given) as ScheduleOption[]) {
    if (!given[option] || facts.options.has(option)) continue;
    const accepted = schedulesFor(option);
    const why = facts.nature !== undefined ? `, ${facts.nature}` : '';
    throw new RunOptionError(`${option} does not apply to the ${schedule} schedule${why} (it applies to ${accepted.join(', ')})`, {
      option,
      given: schedule,
      accepted,
    });
  }
}

/**
 * Applies every default and checks every choice against the scenario and the schedule: its
 * options, the schedules it supports, its default trials and timeout, the variants that can
 * run, and which options apply to the schedule. The library and the CLI both come through
 * here, so an option is refused the same way from either. Throws a RunOptionError saying what
 * is accepted.
 */
export function resolveRun<S, R>(scenario: Scenario<S, R>, options: RunOptions = {}): ResolvedRun<S, R> {
  const tasks = wholeIn('tasks', options.tasks ?? scenario.tasks, 1, MAX_TASKS);
  const params: RunParams = { tasks, options: resolveScenarioOptions(scenario, options.options ?? {}) };
  const declared = typeof scenario.schedules === 'function' ? scenario.schedules(params) : (scenario.schedules ?? SCHEDULES);
  // A scenario that runs under one controlled schedule runs under all of them (they share one engine).
  const controlled = declared.some((name) => CONTROLLED_SCHEDULES.includes(name));
  const schedules = controlled ? [...declared, ...CONTROLLED_SCHEDULES.filter((name) => !declared.includes(name))] : declared;
  const schedule = options.schedule ?? schedules[0] ?? 'random';
  if (!SCHEDULES.includes(schedule)) {
    throw new RunOptionError(`unknown schedule "${String(schedule)}" (accepted: ${SCHEDULES.join(', ')})`, {
      option: 'schedule',
      given: schedule,
      accepted: SCHEDULES,
    });
  }
  if (!schedules.includes(schedule)) {
    throw new RunOptionError(
      // The scenario's own reason is its own: it may await real I/O, threads or processes,
      // which the other schedules cannot see, or simply be written for one loop.
      `${scenario.name} runs under the ${schedules.join(' or ')} schedule only: its "schedules" does not list ${schedule}`,
      { option: 'schedule', given: schedule, accepted: schedules },
    );
  }
  checkApplies(schedule, options);
  const facts = SCHEDULE_TABLE[schedule];
  const durationMs =
    options.durationMs === undefined ? undefined : wholeIn('durationMs', Math.ceil(options.durationMs), 1, MAX_DURATION_MS);
  const defaultTrials = typeof scenario.trials === 'function' ? scenario.trials(params) : scenario.trials;
  // A deterministic schedule runs the same trial every time, so one is the default.
  const trials =
    facts.unit === 'interleavings'
      ? wholeIn('maxInterleavings', options.maxInterleavings ?? DEFAULT_MAX_INTERLEAVINGS, 1, MAX_TRIALS, MAX_TRIALS_TEXT)
      : durationMs !== undefined && options.trials === undefined
        ? MAX_TRIALS
        : wholeIn('trials', options.trials ?? (facts.deterministic ? 1 : defaultTrials), 1, MAX_TRIALS, MAX_TRIALS_TEXT);
  const seed = options.seed ?? freshSeed();
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RunOptionError(`seed must be an integer from 0 to 2^53 - 1, got ${shownNumber(seed)}`, { option: 'seed', given: seed });
  }
  const serialLimit = serialTaskLimit(scenario, tasks);
  if (serialLimit !== undefined) throw new RunOptionError(serialLimit, { option: 'tasks', given: tasks });
  const jobs = wholeIn('jobs', options.jobs ?? 1, 1, MAX_JOBS);
  if (jobs > 1 && isSerializable(scenario)) {
    throw new RunOptionError("jobs > 1 does not apply to outcomes: 'serializable' yet", { option: 'jobs', given: jobs });
  }
  const timeoutMs = wholeIn('timeoutMs', options.timeoutMs ?? timeoutOf(scenario, params), 1, MAX_TIMEOUT_MS);
  const setting = scenario.setting?.(params);
  const names: string[] = [];
  const skipped: Array<{ name: string; reason: string }> = [];
  for (const name of selectVariants(scenario, options.variants)) {
    const available = variantOf(scenario, name).available?.(params) ?? true;
    if (available === true) names.push(name);
    else skipped.push({ name, reason: available });
  }
  return {
    scenario,
    schedule,
    schedules,
    trials,
    ...(durationMs !== undefined ? { durationMs } : {}),
    tasks,
    seed,
    names,
    skipped,
    params,
    outcomes: outcomesFor(scenario, params),
    timeoutMs,
    jobs,
    ...(schedule === 'pct' ? { depth: wholeIn('depth', options.depth ?? DEFAULT_PCT_DEPTH, 1, MAX_PCT_DEPTH) } : {}),
    ...(facts.controlled ? { maxSteps: wholeIn('maxSteps', options.maxSteps ?? DEFAULT_MAX_STEPS, 1, MAX_STEPS, MAX_TRIALS_TEXT) } : {}),
    ...(options.preemptions !== undefined ? { preemptions: wholeIn('preemptions', options.preemptions, 0, MAX_STEPS) } : {}),
    ...(options.captureTrial !== undefined ? { captureTrial: wholeIn('captureTrial', options.captureTrial, 1, MAX_TRIALS) } : {}),
    ...(typeof setting === 'string' ? { setting } : {}),
  };
}

/** The scenario's own per-trial timeout, checked; DEFAULT_TIMEOUT_MS when it declares none. */
function timeoutOf<S, R>(scenario: Scenario<S, R>, params: RunParams): number {
  const declared = scenario.timeout;
  if (declared === undefined) return DEFAULT_TIMEOUT_MS;
  let ms: unknown;
  try {
    ms = typeof declared === 'function' ? declared(params) : declared;
  } catch (error) {
    throw new ScenarioError(`scenario "${scenario.name}": "timeout" threw: ${describeThrown(error)}`);
  }
  if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 1 || ms > 2 ** 31 - 1) {
    throw new ScenarioError(`scenario "${scenario.name}": "timeout" must be a whole number of milliseconds, got ${String(ms)}`);
  }
  return ms;
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
      { option: 'options', given: key, accepted: own },
    );
  }
  const resolved: Record<string, string | undefined> = {};
  for (const [key, option] of Object.entries(declared)) {
    const fromEnv = option.env !== undefined ? process.env[option.env] || undefined : undefined;
    const value = given[key] ?? fromEnv ?? option.default;
    if (value !== undefined && option.choices !== undefined && !option.choices.includes(value)) {
      // Named as the user gave it: a value from the environment was never typed as --key.
      const where = given[key] === undefined && fromEnv !== undefined && option.env !== undefined ? `${option.env} (--${key})` : `--${key}`;
      throw new RunOptionError(`${where} must be one of ${option.choices.join(', ')} for ${scenario.name}, got "${value}"`, {
        option: 'options',
        given: value,
        accepted: option.choices,
      });
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

export function selectVariants<S, R>(scenario: Scenario<S, R>, wanted: readonly string[] | undefined): string[] {
  const all = Object.keys(scenario.variants);
  if (wanted === undefined || wanted.length === 0) return all;
  for (const name of wanted) {
    if (!all.includes(name)) {
      throw new RunOptionError(`unknown variant "${name}" for scenario "${scenario.name}" (accepted: ${all.join(', ')})`, {
        option: 'variants',
        given: name,
        accepted: all,
      });
    }
  }
  // The scenario's order, so output and seeds do not depend on how the flags were typed.
  return all.filter((name) => wanted.includes(name));
}
