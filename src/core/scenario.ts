import type { Lock } from './lock.js';
import { ScenarioError } from './scenario-error.js';
import { OPTION_FIELDS, OUTCOME_FIELDS, rejectUnknownFields, SCENARIO_FIELDS, VARIANT_FIELDS } from './spec-fields.js';
import type { RunnerKind } from './runner-outcomes.js';
import { DEFAULT_TRIALS, MAX_TASKS, MAX_TRIALS, MAX_TRIALS_TEXT } from './limits.js';
import { validateOption, type ScenarioOption } from './scenario-option.js';
import { SCHEDULES, type ScheduleName } from './schedules/table.js';
import { closest } from './closest-name.js';

/** What a trial is judged by: a number or a short string. */
export type ObservedValue = number | string;

/** `correct`: what the scenario promises; `race`: a lost update or similar, acceptable only where
 * races are allowed; `forbidden`: must never happen. */
export type Grade = 'correct' | 'race' | 'forbidden';

/** Whether a variant may race (`allowed`: the lesson's broken code) or must not (`forbidden`). */
export type RacePolicy = 'allowed' | 'forbidden';

/** The parameters of one run, passed to `setup` and `outcomes`. */
export interface RunParams {
  /** How many tasks run concurrently in each trial. */
  tasks: number;
  /** The scenario's own options (see `ScenarioSpec.options`), defaults applied. */
  options: Readonly<Record<string, string | undefined>>;
}

/** What `setup` gets: the run's parameters, the trial's index and the run's shared resource. */
export interface TrialParams<R = unknown> extends RunParams {
  /** 0-based index of the trial. */
  trial: number;
  /** What `open` returned (a server, a pool of workers), or undefined without `open`. */
  resource: R;
}

export type { ScenarioOption } from './scenario-option.js';

/** What `t.io` accepts: the operation's promise, or a function that starts it and returns it. */
export type IoOperation<T> = PromiseLike<T> | (() => T | PromiseLike<T>);

/**
 * The task context: the only door to the scheduler. Under a controlled schedule a task that
 * awaits anything else is reported as stalled rather than silently mis-scheduled.
 */
export interface TaskContext {
  /** 0-based task index. */
  readonly id: number;
  /** `task_A`, `task_B`, ... */
  readonly label: string;
  /** A scheduling point: the analog of `await asyncio.sleep(0)`. */
  yield(): Promise<void>;
  /** Simulated I/O: a scheduling point that lets `ms` milliseconds pass. */
  sleep(ms: number): Promise<void>;
  /** Wait for a promise that another task owns; the task is blocked until it settles. */
  wait<T>(promise: PromiseLike<T>): Promise<T>;
  /**
   * Real I/O under control: a scheduling point around a real operation (a promise, or a
   * function called at once whose returned promise is the operation). Under `random`, `pct`,
   * `exhaustive` and replay the scheduler waits for every operation in flight to finish
   * (within `--timeout`, else the trial is a `hang`) before it picks, so the order in which
   * completions reach their tasks is a scheduling decision, explored and replayed like any
   * other. A rejection is thrown in the task. Under `event-loop` and `timers` it is a plain
   * `await` of the operation.
   */
  io<T>(operation: IoOperation<T>): Promise<T>;
  /** A lock shared by every task of this trial (fresh per trial). */
  readonly lock: Lock;
  /**
   * The trial's lock of that name, shared by every task of the trial: the first call with a
   * name makes it (fresh per trial), every later call, from any task, returns that same lock.
   */
  lockNamed(name: string): Lock;
  /** @deprecated Use `t.lockNamed(name)`, the same lock under a name that says so; kept for one version. */
  newLock(name: string): Lock;
}

export interface Variant<S> {
  /** Whether trials of this variant may end in a `race` outcome. */
  races: RacePolicy;
  /** One line shown under the variant's name. */
  summary?: string;
  /** Whether the variant can run with these options: true, or why not (it is then skipped). */
  available?: (params: RunParams) => true | string;
  /** One task's work; every task of a trial runs it concurrently on the same state. */
  run: (state: S, t: TaskContext) => Promise<void>;
}

export interface Outcome {
  /**
   * Matches one of the runner's own outcomes instead of an observed value (`deadlock`,
   * `stalled`, `error`, `step-limit`, `hang`); `value`, `match` and the catch-all never do.
   */
  runner?: RunnerKind;
  /** Matches this exact observed value. */
  value?: ObservedValue;
  /** Matches when this returns true. Without `value` or `match`, the entry is the catch-all. */
  match?: (value: ObservedValue) => boolean;
  grade: Grade;
  description: string | ((value: ObservedValue) => string);
}

/** The schedules a run can use (see run-scenario.ts). */
export type ScheduleChoice = ScheduleName;

export interface ScenarioSpec<S, R = undefined> {
  /** Short name, used on the command line. */
  name: string;
  /** One line: what the tasks do and where the race is. */
  summary: string;
  /**
   * What the observed values count, in a word or two (`fetches`, `widgets reserved`): the
   * title of the RESULT column, and `unit` in the JSON. Default: none (the column says RESULT).
   */
  unit?: string;
  /** A few words on what this run uses, for the header (`counter in a file`). Default: none. */
  setting?: (params: RunParams) => string | undefined;
  /** Default number of tasks (`--tasks` overrides). Default 3. */
  tasks?: number;
  /**
   * Default number of trials per variant (`--trials` overrides), or a function of the run's
   * parameters: a scenario whose trial is expensive (real threads, processes, HTTP) declares
   * fewer. Default 1000.
   */
  trials?: number | ((params: RunParams) => number);
  /** The scenario's own options, by name (`origin` is given as `--origin <value>`). */
  options?: Record<string, ScenarioOption>;
  /**
   * How long one trial may take, in ms, before it is stopped as a `hang` (`--timeout`
   * overrides), or a function of the run's parameters: a scenario whose trial grows with
   * `--tasks` (real processes) scales it. Default 5000.
   */
  timeout?: number | ((params: RunParams) => number);
  /**
   * The schedules the scenario can run under, the first being its default; or a function of
   * the options. Default: all, starting with `random`. A scenario whose tasks await real I/O
   * outside `t.io`, or use real threads, cannot run under the controlled schedules, which only
   * see `t.*` awaits.
   */
  schedules?: readonly ScheduleChoice[] | ((params: RunParams) => readonly ScheduleChoice[]);
  /** Starts what every trial of a run shares (a server, a worker pool), once, before the first trial. */
  open?: (params: RunParams) => R | Promise<R>;
  /** Stops what `open` started, after the last trial, on error and on Ctrl-C too. */
  close?: (resource: R) => void | Promise<void>;
  /** Fresh shared state for one trial (may be async under `event-loop` and `timers`). */
  setup: (params: TrialParams<R>) => S | Promise<S>;
  /** The variants, in the order they are run and printed. */
  variants: Record<string, Variant<S>>;
  /** What a finished trial is judged by (may be async under `event-loop` and `timers`). */
  observe: (state: S, params: RunParams) => ObservedValue | Promise<ObservedValue>;
  /** The declared outcomes; the first that matches grades the value. */
  outcomes: Outcome[] | ((params: RunParams) => Outcome[]);
}

/**
 * A scenario that does not list its outcomes: the values some serial order of its tasks gives
 * are correct, any other is a race (at most 8 tasks; see serializable.ts). A separate shape,
 * not a union member, because a string in the union would hide the contextual type of
 * `match: (v) => ...` in every other scenario (String has a `match` too).
 */
export interface SerializableScenarioSpec<S, R = undefined> extends Omit<ScenarioSpec<S, R>, 'outcomes'> {
  outcomes: 'serializable';
}

/**
 * A scenario made by {@link defineScenario}. A bare `Scenario` is any scenario (a helper that
 * takes a list of them): S and R are both taken (run, close) and returned (setup, open), so no
 * type but `any` accepts every one of them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: the only type every scenario's S and R are assignable to in both directions
export interface Scenario<S = any, R = any>
  extends Required<Pick<ScenarioSpec<S, R>, 'tasks' | 'trials'>>, Omit<ScenarioSpec<S, R>, 'tasks' | 'trials' | 'outcomes'> {
  outcomes: ScenarioSpec<S, R>['outcomes'] | 'serializable';
  readonly [scenarioBrand]: true;
}

const scenarioBrand = Symbol.for('lockdemo.scenario');

export { ScenarioError };

export { MAX_TASKS };

/**
 * Declare a scenario. Checks the shape eagerly so that a mistake is reported when the module
 * loads, naming the field, rather than as a confusing failure in the middle of a run.
 */
export function defineScenario<S, R = undefined>(spec: ScenarioSpec<S, R>): Scenario<S, R>;
export function defineScenario<S, R = undefined>(spec: SerializableScenarioSpec<S, R>): Scenario<S, R>;
export function defineScenario<S, R = undefined>(spec: ScenarioSpec<S, R> | SerializableScenarioSpec<S, R>): Scenario<S, R> {
  validateSpec(spec);
  return Object.freeze({
    ...spec,
    tasks: spec.tasks ?? 3,
    trials: spec.trials ?? DEFAULT_TRIALS,
    [scenarioBrand]: true as const,
  });
}

/** The variant of that name; a ScenarioError when the scenario has none. */
export function variantOf<S, R>(scenario: Scenario<S, R>, name: string): Variant<S> {
  const variant = scenario.variants[name];
  if (variant === undefined) throw new ScenarioError(`scenario "${scenario.name}" has no variant "${name}"`);
  return variant;
}

/** True for a value made by {@link defineScenario} (in this copy of lockdemo or another). */
export function isScenario(value: unknown): value is Scenario {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[scenarioBrand] === true;
}

function validateSpec(spec: unknown): asserts spec is ScenarioSpec<unknown> | SerializableScenarioSpec<unknown> {
  if (typeof spec !== 'object' || spec === null) throw new ScenarioError('defineScenario() expects an object');
  const s = spec as Record<string, unknown>;
  const named = typeof s.name === 'string' && /^[a-z0-9][a-z0-9-]*$/i.test(s.name);
  // A name that is not one (a newline in it, say) is quoted escaped below, never raw in the prefix.
  const where = named ? `scenario "${s.name as string}"` : 'scenario';
  const fail: (field: string, expected: string, got: unknown) => never = (field, expected, got) => {
    throw new ScenarioError(`${where}: "${field}" must be ${expected}, got ${describe(got)}`);
  };
  if (!named) {
    fail('name', 'a word of letters, digits and dashes', s.name);
  }
  rejectUnknownFields(s, SCENARIO_FIELDS, where, '', 'a scenario');
  if (typeof s.summary !== 'string' || s.summary.length === 0 || s.summary.length > MAX_TEXT) {
    fail('summary', `a non-empty string of at most ${MAX_TEXT} characters`, s.summary);
  }
  if (s.unit !== undefined && (typeof s.unit !== 'string' || !/^\S[^\n]{0,23}$/.test(s.unit)))
    fail('unit', 'a word or two (one line, at most 24 characters)', s.unit);
  if (s.setting !== undefined && typeof s.setting !== 'function') fail('setting', 'a function', s.setting);
  if (s.tasks !== undefined && !isIntIn(s.tasks, 1, MAX_TASKS)) fail('tasks', `an integer from 1 to ${MAX_TASKS}`, s.tasks);
  if (s.trials !== undefined && typeof s.trials !== 'function' && !isIntIn(s.trials, 1, MAX_TRIALS)) {
    fail('trials', `an integer from 1 to ${MAX_TRIALS_TEXT} or a function`, s.trials);
  }
  for (const field of ['open', 'close'] as const) {
    if (s[field] !== undefined && typeof s[field] !== 'function') fail(field, 'a function', s[field]);
  }
  if (s.schedules !== undefined && !Array.isArray(s.schedules) && typeof s.schedules !== 'function') {
    fail('schedules', 'an array of schedule names or a function', s.schedules);
  }
  if (Array.isArray(s.schedules) && s.schedules.length === 0) fail('schedules', 'a non-empty array of schedule names', s.schedules);
  if (Array.isArray(s.schedules)) {
    (s.schedules as unknown[]).forEach((name, i) => {
      if ((SCHEDULES as readonly unknown[]).includes(name)) return;
      const near = typeof name === 'string' ? closest(name, SCHEDULES) : undefined;
      fail(`schedules[${i}]`, `one of ${SCHEDULES.join(', ')}${near === undefined ? '' : ` (did you mean ${near}?)`}`, name);
    });
  }
  if (s.timeout !== undefined && typeof s.timeout !== 'function' && !isIntIn(s.timeout, 1, 2 ** 31 - 1)) {
    fail('timeout', 'a number of milliseconds or a function', s.timeout);
  }
  if (s.options !== undefined && (typeof s.options !== 'object' || s.options === null)) fail('options', 'an object', s.options);
  for (const [name, option] of Object.entries((s.options ?? {}) as Record<string, unknown>)) {
    validateOption(name, option, fail);
    rejectUnknownFields(option as object, OPTION_FIELDS, where, `options.${name}.`, 'an option');
  }
  if (typeof s.setup !== 'function') fail('setup', 'a function', s.setup);
  if (typeof s.observe !== 'function') fail('observe', 'a function', s.observe);
  if (!Array.isArray(s.outcomes) && typeof s.outcomes !== 'function' && s.outcomes !== 'serializable') {
    fail('outcomes', "an array, a function returning one, or 'serializable'", s.outcomes);
  }
  if (Array.isArray(s.outcomes)) validateOutcomes(s.outcomes, where);
  if (typeof s.variants !== 'object' || s.variants === null || Object.keys(s.variants).length === 0) {
    fail('variants', 'an object with at least one variant', s.variants);
  }
  for (const [name, v] of Object.entries(s.variants as Record<string, unknown>)) {
    // Every variant must be selectable: `--variant` splits at commas and trims each name.
    if (!isCommandLineName(name) || name.length > MAX_NAME) {
      if (name.length > MAX_NAME)
        throw new ScenarioError(`${where}: a variant name must be at most ${MAX_NAME} characters, got ${name.length}`);
      throw new ScenarioError(
        `${where}: variant name ${JSON.stringify(name)} cannot be given to --variant: a name must be non-empty, with no comma, no control character and no space at either end`,
      );
    }
    const variant = v as Record<string, unknown> | null;
    if (typeof variant !== 'object' || variant === null) fail(`variants.${name}`, 'an object', v);
    rejectUnknownFields(variant, VARIANT_FIELDS, where, `variants.${name}.`, 'a variant');
    if (variant.races !== 'allowed' && variant.races !== 'forbidden') {
      fail(`variants.${name}.races`, '"allowed" or "forbidden"', variant.races);
    }
    if (typeof variant.run !== 'function') fail(`variants.${name}.run`, 'an async function (state, t)', variant.run);
    if (variant.summary !== undefined && (typeof variant.summary !== 'string' || variant.summary.length > MAX_TEXT)) {
      fail(`variants.${name}.summary`, `a string of at most ${MAX_TEXT} characters`, variant.summary);
    }
  }
}

/** Checks the outcome list (also called on the result of an `outcomes` function). */
export function validateOutcomes(outcomes: unknown[], where = 'scenario'): asserts outcomes is Outcome[] {
  outcomes.forEach((o, i) => {
    const field = `outcomes[${i}]`;
    if (typeof o !== 'object' || o === null) throw new ScenarioError(`${where}: "${field}" must be an object, got ${describe(o)}`);
    const entry = o as Record<string, unknown>;
    rejectUnknownFields(entry, OUTCOME_FIELDS, where, `${field}.`, 'an outcome');
    if (entry.grade !== 'correct' && entry.grade !== 'race' && entry.grade !== 'forbidden') {
      throw new ScenarioError(`${where}: "${field}.grade" must be "correct", "race" or "forbidden", got ${describe(entry.grade)}`);
    }
    if ((typeof entry.description !== 'string' || entry.description.length > MAX_TEXT) && typeof entry.description !== 'function') {
      throw new ScenarioError(
        `${where}: "${field}.description" must be a string of at most ${MAX_TEXT} characters or a function, got ${describe(entry.description)}`,
      );
    }
    if (entry.value !== undefined && typeof entry.value !== 'number' && typeof entry.value !== 'string') {
      throw new ScenarioError(`${where}: "${field}.value" must be a number or a string, got ${describe(entry.value)}`);
    }
    if (entry.runner !== undefined && !['deadlock', 'stalled', 'error', 'step-limit', 'hang'].includes(entry.runner as string)) {
      throw new ScenarioError(
        `${where}: "${field}.runner" must be "deadlock", "stalled", "error", "step-limit" or "hang", got ${describe(entry.runner)}`,
      );
    }
    if (entry.match !== undefined && typeof entry.match !== 'function') {
      throw new ScenarioError(`${where}: "${field}.match" must be a function, got ${describe(entry.match)}`);
    }
  });
  rejectUnreachableOutcomes(outcomes as Outcome[], where);
}

/**
 * Refuses an outcome that can never match, which would leave its grade unused while the reader
 * believes it declared: one that gives two ways to match (only one is read), and one after the
 * catch-all. Runner entries are matched apart (by kind), so the catch-all does not hide them. A
 * value declared twice is allowed: an outcomes function may compute one (`value: tasks` beside
 * `value: 1`), and the first entry wins, as the README says.
 */
function rejectUnreachableOutcomes(outcomes: readonly Outcome[], where: string): void {
  let catchAll: number | undefined;
  outcomes.forEach((outcome, i) => {
    const ways = (['runner', 'value', 'match'] as const).filter((key) => outcome[key] !== undefined);
    if (ways.length > 1) {
      throw new ScenarioError(
        `${where}: "outcomes[${i}]" has both "${ways[0]}" and "${ways[1]}"; an outcome matches by one of runner, value or match`,
      );
    }
    if (outcome.runner !== undefined) return;
    if (catchAll !== undefined) {
      throw new ScenarioError(
        `${where}: "outcomes[${i}]" comes after the catch-all "outcomes[${catchAll}]" (no value, match or runner), so it can never match; put the catch-all last`,
      );
    }
    if (outcome.value === undefined && outcome.match === undefined) catchAll = i;
  });
}

/** Whether `--variant <name>` can select the variant `name` (see collectVariants in parse.ts). */
function isCommandLineName(name: string): boolean {
  // Nor bidirectional overrides and isolates: a terminal would show every line naming the variant
  // (its header, its replay command) in another order than the one a shell reads.
  // eslint-disable-next-line no-control-regex -- control characters are what a name must not hold
  return name.length > 0 && name.trim() === name && !/[,\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(name);
}

/**
 * The longest text a scenario may give for its header, a variant's summary, a description or its
 * setting: each is printed whole and wrapped, so a megabyte of it was 12,500 lines of header
 * (and a minute of wrapping). A variant name is printed on one line, in tables and commands.
 */
export const MAX_TEXT = 1000;
const MAX_NAME = 60;

function isIntIn(v: unknown, min: number, max: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return v.length === 0 ? 'an empty array' : 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'symbol') return `symbol ${v.toString()}`;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return `${typeof v} ${String(v)}`;
  return typeof v;
}

export { taskLabel, taskLetters } from './task-labels.js';
