import { describeThrown } from './describe-thrown.js';
import { DEADLOCK, TIMEOUT } from './runner-outcomes.js';
import { ScenarioError, type Grade, type ObservedValue, type Outcome, type RacePolicy } from './scenario.js';
import { wilsonInterval } from './stats.js';
import type { CappedCounts } from './tally.js';

/**
 * The trial did not come back within --timeout, whatever its code did (a synchronous loop, a
 * microtask loop, a promise that never settles): the supervisor stopped it from outside.
 */
export const HANG = 'hang';

/** The label of the row that sums the values over the cap of distinct values. */
export const OTHER_VALUES = 'other values';

/** One row of a variant's histogram. */
export interface GradedOutcome {
  value: ObservedValue;
  count: number;
  grade: Grade;
  description: string;
  /** Set on the one row that sums the values beyond the cap of distinct values. */
  other?: true;
}

export interface GradedVariant {
  outcomes: GradedOutcome[];
  /** Trials whose outcome the scenario declares a race (whether or not this variant allows it). */
  raceCount: number;
  /** Trials graded forbidden: undeclared results, and races in a variant that forbids them. */
  forbiddenCount: number;
  raceFrequency: number;
  interval95: [number, number];
  verdict: 'pass' | 'fail';
}

/**
 * Outcomes the runner produces itself rather than the scenario's `observe`. The catch-all never
 * matches them: a scenario declares them by value or `match` if it expects them (the deadlock
 * scenario allows `deadlock`); otherwise they are forbidden like any undeclared result.
 */
export function isRunnerOutcome(value: ObservedValue): boolean {
  return (
    typeof value === 'string' &&
    (value === DEADLOCK || value === TIMEOUT || value === HANG || value.startsWith('error: ') || value.startsWith('stalled: '))
  );
}

function runnerDescription(value: ObservedValue): string {
  if (value === DEADLOCK) return 'every unfinished task waits for a lock';
  if (value === TIMEOUT) return 'the trial did not finish within --timeout';
  if (value === HANG) return 'stopped from outside after --timeout';
  if (typeof value === 'string' && value.startsWith('error: ')) return 'a task threw';
  if (typeof value === 'string' && value.startsWith('stalled: ')) return 'the trial could make no progress';
  return 'not declared by the scenario';
}

/** The first declared outcome that matches `value`, per DESIGN: by value, by match, or catch-all. */
export function matchOutcome(value: ObservedValue, outcomes: readonly Outcome[]): Outcome | undefined {
  const runnerMade = isRunnerOutcome(value);
  for (const [i, outcome] of outcomes.entries()) {
    if (outcome.value !== undefined) {
      if (outcome.value === value) return outcome;
    } else if (outcome.match !== undefined) {
      if (callOutcome(i, 'match', () => outcome.match!(value)) === true) return outcome;
    } else if (!runnerMade) {
      return outcome;
    }
  }
  return undefined;
}

/**
 * Grades one variant's histogram. Grading happens once per distinct value, after the trials,
 * so the trial loop only counts.
 */
export function gradeVariant(
  counts: ReadonlyMap<ObservedValue, number> | CappedCounts,
  trials: number,
  outcomes: readonly Outcome[],
  races: RacePolicy,
): GradedVariant {
  const rows: GradedOutcome[] = [];
  let raceCount = 0;
  let forbiddenCount = 0;
  for (const [value, count] of counts) {
    const outcome = matchOutcome(value, outcomes);
    let grade: Grade = outcome?.grade ?? 'forbidden';
    if (grade === 'race') {
      raceCount += count;
      if (races === 'forbidden') grade = 'forbidden';
    }
    if (grade === 'forbidden') forbiddenCount += count;
    rows.push({ value, count, grade, description: outcome ? describeOutcome(outcome, value, outcomes.indexOf(outcome)) : runnerDescription(value) });
  }
  // Declared outcomes never seen are listed with 0 trials: a reader sees what else could happen.
  for (const outcome of outcomes) {
    if (outcome.value === undefined || counts.has(outcome.value)) continue;
    if (rows.some((row) => row.value === outcome.value)) continue;
    const grade = outcome.grade === 'race' && races === 'forbidden' ? 'forbidden' : outcome.grade;
    rows.push({ value: outcome.value, count: 0, grade, description: describeOutcome(outcome, outcome.value, outcomes.indexOf(outcome)) });
  }
  rows.sort(compareRows);
  const other = 'other' in counts ? counts.other : undefined;
  if (other !== undefined && other.count > 0) {
    raceCount += other.raceCount;
    forbiddenCount += other.forbiddenCount;
    const grade: Grade = other.forbiddenCount > 0 ? 'forbidden' : other.raceCount > 0 ? 'race' : 'correct';
    const description = `${other.values.toLocaleString('en-US')} more distinct values, over the first ${rows.length.toLocaleString('en-US')}`;
    rows.push({ value: OTHER_VALUES, count: other.count, grade, description, other: true });
  }
  return {
    outcomes: rows,
    raceCount,
    forbiddenCount,
    raceFrequency: trials > 0 ? raceCount / trials : 0,
    interval95: wilsonInterval(raceCount, trials),
    verdict: forbiddenCount === 0 ? 'pass' : 'fail',
  };
}

function describeOutcome(outcome: Outcome, value: ObservedValue, index: number): string {
  if (typeof outcome.description !== 'function') return outcome.description;
  const describe = outcome.description;
  const described = callOutcome(index, 'description', () => describe(value));
  if (typeof described !== 'string') throw new ScenarioError(`"outcomes[${index}].description" must return a string`);
  return described;
}

/**
 * Calls a scenario's `match` or `description`: one that throws is a broken contract (exit 3)
 * named by the outcome, never a crash with a stack trace.
 */
function callOutcome(index: number, field: 'match' | 'description', call: () => unknown): unknown {
  try {
    return call();
  } catch (error) {
    throw new ScenarioError(`"outcomes[${index}].${field}" threw: ${describeThrown(error)}`);
  }
}

/** Numbers ascending, then strings in natural order ("lost 100–999" before "lost 1,000–9,999"). */
function compareRows(a: GradedOutcome, b: GradedOutcome): number {
  if (typeof a.value === 'number' && typeof b.value === 'number') return a.value - b.value;
  if (typeof a.value === 'number') return -1;
  if (typeof b.value === 'number') return 1;
  return naturalCompare(a.value, b.value);
}

/**
 * Compares strings piecewise, numbers inside them by value (digit groups with commas count as
 * one number). Done by hand rather than with Intl.Collator, whose first use costs start-up time.
 */
export function naturalCompare(a: string, b: string): number {
  const pieces = (s: string) => s.match(/\d[\d,]*\d|\d|\D+/g) ?? [];
  const x = pieces(a);
  const y = pieces(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i]!;
    const q = y[i]!;
    if (p === q) continue;
    const m = /^\d/.test(p) ? Number(p.replaceAll(',', '')) : Number.NaN;
    const n = /^\d/.test(q) ? Number(q.replaceAll(',', '')) : Number.NaN;
    if (!Number.isNaN(m) && !Number.isNaN(n) && m !== n) return m - n;
    return p < q ? -1 : 1;
  }
  return x.length - y.length;
}
