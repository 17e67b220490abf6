import { optionWord } from './option-words.js';
import { describeThrown } from './describe-thrown.js';

/**
 * The outcomes the runner produces itself, rather than a scenario's `observe`: a tagged kind,
 * so that no value a scenario returns (the string "deadlock", say) can ever be taken for one.
 * They become display strings only at the report boundary (`toJSON`, `displayValue`).
 */

/** deadlock: no task ready, some blocked; stalled: a task awaited something outside the doors;
 * error: a task, setup or observe threw; step-limit: more scheduling points than --max-steps;
 * hang: the trial exceeded --timeout of wall time (produced from outside the trial's thread). */
export type RunnerKind = 'deadlock' | 'stalled' | 'error' | 'step-limit' | 'hang';

export const RUNNER_KINDS: readonly RunnerKind[] = ['deadlock', 'stalled', 'error', 'step-limit', 'hang'];

/**
 * One runner outcome. Instances are interned per (kind, detail), so a Map of trial values
 * counts equal outcomes together and a comparison is an identity check.
 */
export class RunnerOutcome {
  private constructor(
    readonly kind: RunnerKind,
    /** Why, in one line (empty for a plain deadlock). */
    readonly detail: string,
  ) {}

  private static readonly interned = new Map<string, RunnerOutcome>();

  static of(kind: RunnerKind, detail = ''): RunnerOutcome {
    const key = `${kind}\u0000${detail}`;
    let outcome = RunnerOutcome.interned.get(key);
    if (outcome === undefined) RunnerOutcome.interned.set(key, (outcome = new RunnerOutcome(kind, detail)));
    return outcome;
  }

  /** `deadlock`, or `error: <message>`: what reports show. */
  toString(): string {
    return this.detail === '' ? this.kind : `${this.kind}: ${this.detail}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

/** What a trial ends with: the scenario's observed value, or one of the runner's own outcomes. */
export type TrialValue = number | string | RunnerOutcome;

export function isRunnerOutcome(value: unknown): value is RunnerOutcome {
  return value instanceof RunnerOutcome;
}

/**
 * Tags, in place, every plain object of a report that holds one of the runner's own outcomes:
 * `runner` with its kind beside a `value` (a row, `firstRace`, `firstForbidden`, `minimal`, an
 * entry of `randomOdds`), `firstRunner` / `thenRunner` beside the two values of a nondeterminism
 * finding. As `--json` writes them (cli/report-json.ts): serialized, the runner's deadlock and a
 * scenario's string "deadlock" would otherwise read the same. Returns `node`.
 */
export function tagRunnerValues<T>(node: T): T {
  tagWalk(node, new Set());
  return node;
}

function tagWalk(node: unknown, seen: Set<object>): void {
  if (typeof node !== 'object' || node === null || seen.has(node)) return;
  seen.add(node);
  if (Array.isArray(node)) {
    for (const item of node) tagWalk(item, seen);
    return;
  }
  // Plain objects only: a Map, a class instance (a RunnerOutcome itself) is no report field.
  if (Object.getPrototypeOf(node) !== Object.prototype) return;
  const o = node as Record<string, unknown>;
  if (isRunnerOutcome(o['value']) && o['runner'] === undefined) o['runner'] = o['value'].kind;
  if ('first' in o && 'then' in o && 'schedule' in o) {
    if (isRunnerOutcome(o['first'])) o['firstRunner'] = o['first'].kind;
    if (isRunnerOutcome(o['then'])) o['thenRunner'] = o['then'].kind;
  }
  for (const key of Object.keys(o)) tagWalk(o[key], seen);
}

/** The label of the rows that sum the values over the cap of distinct values, one per grade. */
export const OTHER_VALUES = 'other values';

/**
 * The display string of any trial value. A string that would read as another value is shown
 * quoted (see {@link quoteValue}): the empty string and one that starts or ends with white space
 * (`" "` would read as nothing, `"1 "` as 1); one that reads as a number (`"3"` beside the
 * number 3), as one of the runner's outcomes (`"deadlock"`, `"error: boom"`) or as the label of
 * the folded rows (`"other values"`); one that starts with a quote (so that the string `""`
 * does not read as the empty one); and one with a character that does not show as itself (a
 * control or invisible character, white space other than a space, or a backslash, so that a
 * newline and the two characters `\n` read differently).
 */
export function displayValue(value: TrialValue): string {
  return typeof value === 'string' && readsAsAnother(value) ? quoteValue(value) : String(value);
}

/** Characters that do not show as themselves: control, format and unassigned characters (U+FFFF), separators, white space other than a space. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cn}\p{Zl}\p{Zp}]|[^\S ]/gu;
/** The same, and a backslash, which starts the escapes of the others. */
const HIDDEN_OR_ESCAPE = /[\\\p{Cc}\p{Cf}\p{Cn}\p{Zl}\p{Zp}]|[^\S ]/u;

/** The runner's outcomes as the reports write them: `deadlock`, `error: boom`, `step limit (…)`. */
const RUNNER_WORDS = /^(?:deadlock|stalled|error|step[- ]limit|hang)(?:$|[:( ])/u;

function readsAsAnother(text: string): boolean {
  if (text === '' || /^\s|\s$/u.test(text) || text.startsWith('"') || HIDDEN_OR_ESCAPE.test(text)) return true;
  return text === 'NaN' || !Number.isNaN(Number(text)) || RUNNER_WORDS.test(text) || text === OTHER_VALUES;
}

/**
 * `text` in double quotes as JSON writes it (`"a\nb"`, `"say \"hi\""`), with every other character
 * that does not show as itself escaped too (`\u200b`, `\u00a0`), so that it prints on one line
 * and two different strings never print the same.
 */
export function quoteValue(text: string): string {
  return JSON.stringify(text).replace(HIDDEN, (ch) =>
    Array.from({ length: ch.length }, (_, i) => `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''),
  );
}

/**
 * A value that crossed a thread boundary (structured clone drops the class): a runner outcome
 * comes back as a plain `{ kind, detail }` and is interned again.
 */
export function reviveValue(value: unknown): TrialValue {
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (value instanceof RunnerOutcome) return value;
  const plain = value as { kind?: unknown; detail?: unknown } | null;
  if (plain !== null && typeof plain === 'object' && RUNNER_KINDS.includes(plain.kind as RunnerKind)) {
    return RunnerOutcome.of(plain.kind as RunnerKind, typeof plain.detail === 'string' ? plain.detail : '');
  }
  return String(value);
}

/**
 * `reviveValue` through a whole answer that crossed a thread boundary (a report, a trace, a
 * check result): every plain `{ kind, detail }` with a runner kind becomes the outcome again.
 */
export function reviveDeep<T>(value: T): T {
  if (value === null || typeof value !== 'object' || value instanceof RunnerOutcome) return value;
  if (Array.isArray(value)) {
    const items: unknown[] = value;
    for (let i = 0; i < items.length; i++) items[i] = reviveDeep(items[i]);
    return value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 2 && RUNNER_KINDS.includes(record.kind as RunnerKind) && typeof record.detail === 'string') {
    return RunnerOutcome.of(record.kind as RunnerKind, record.detail) as T;
  }
  for (const key of keys) record[key] = reviveDeep(record[key]);
  return value;
}

/** Every unfinished task is blocked and none can be woken. */
export const DEADLOCK = RunnerOutcome.of('deadlock');

/** A trial in which a task threw (any thrown value, safely described: first line only). */
export function errorOutcome(error: unknown): RunnerOutcome {
  return RunnerOutcome.of('error', describeThrown(error));
}

/** More scheduling points than the bound: a livelock under a controlled schedule. */
export function stepLimitOutcome(maxSteps: number): RunnerOutcome {
  return RunnerOutcome.of(
    'step-limit',
    `more than ${maxSteps} scheduling ${maxSteps === 1 ? 'step' : 'steps'} (${optionWord('maxSteps')})`,
  );
}

export function stalledOutcome(why: string): RunnerOutcome {
  return RunnerOutcome.of('stalled', why);
}

/** A trial stopped from outside after --timeout (see cli/contain): what it had done is unknown. */
export const HANG = RunnerOutcome.of('hang');

export { describeThrown };
