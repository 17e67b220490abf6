import { describeThrown } from './describe-thrown.js';
import { optionWord } from './option-words.js';
import { currentPhase, Phase, setPhase } from './heartbeat.js';
import { isRunnerOutcome, OTHER_VALUES, RunnerOutcome, type RunnerKind, type TrialValue } from './runner-outcomes.js';
import { MAX_TEXT, ScenarioError, type Grade, type Outcome, type RacePolicy } from './scenario.js';
import { wilsonInterval } from './stats.js';
import { sameValue } from './observed-value.js';
import { mismatchMessage, tallyMismatch } from './figures.js';
import type { CappedCounts, FoldedValues } from './tally.js';

/** The order of the folded rows, after every counted value. */
const GRADES: readonly Grade[] = ['correct', 'race', 'forbidden'];

/** One row of a variant's histogram. */
export interface GradedOutcome {
  /** A scenario's value, or a runner outcome (shown as `deadlock`, `error: …` in reports and JSON). */
  value: TrialValue;
  /** Set when the value is one of the runner's own outcomes: which kind. */
  runner?: RunnerKind;
  count: number;
  grade: Grade;
  description: string;
  /**
   * Set on the rows that sum the values beyond the cap of distinct values: one row per grade,
   * each with the value {@link OTHER_VALUES}.
   */
  other?: true;
}

export interface GradedVariant {
  outcomes: GradedOutcome[];
  /** Trials whose outcome the scenario declares a race (whether or not this variant allows it). */
  raceCount: number;
  /** Trials that ended in a deadlock: shown as such, never counted as races. */
  deadlockCount: number;
  /** Trials graded forbidden: undeclared results, and races in a variant that forbids them. */
  forbiddenCount: number;
  raceFrequency: number;
  interval95: [number, number];
  verdict: 'pass' | 'fail';
}

/**
 * The grading rule, in one place: a race in a variant that forbids races is forbidden; every
 * other grade stands as declared.
 */
export function gradeIn(grade: Grade, races: RacePolicy): Grade {
  return grade === 'race' && races === 'forbidden' ? 'forbidden' : grade;
}

/** The runner's outcomes described; the options named as this thread's reader knows them. */
const RUNNER_DESCRIPTIONS: Record<RunnerKind, () => string> = {
  // Not always a cycle: a lock whose holder has ended, or a waiter on a promise, is one too.
  deadlock: () => 'no task could go on: every unfinished task waits, and none can free another',
  stalled: () => 'the trial could make no progress',
  error: () => 'a task threw',
  'step-limit': () => `the trial did not end within ${optionWord('maxSteps')} scheduling steps`,
  hang: () => `the trial did not finish within ${optionWord('timeoutMs')}`,
};

/**
 * The first declared outcome that matches `value`, per DESIGN. A scenario's value matches by
 * `value`, by `match`, or the catch-all; a runner outcome matches only an entry that names its
 * kind (`runner: 'deadlock'`), so neither can be taken for the other.
 */
export { sameValue } from './observed-value.js';

export function matchOutcome(value: TrialValue, outcomes: readonly Outcome[]): Outcome | undefined {
  if (isRunnerOutcome(value)) return outcomes.find((outcome) => outcome.runner === value.kind);
  for (const [i, outcome] of outcomes.entries()) {
    if (outcome.runner !== undefined) continue;
    if (outcome.value !== undefined) {
      if (sameValue(outcome.value, value)) return outcome;
    } else if (outcome.match !== undefined) {
      const match = outcome.match;
      const matched = callOutcome(i, 'match', () => match(value));
      if (matched === true) return outcome;
      // Anything but a boolean is a contract mistake, never a quiet "no" that turns a declared
      // value into a forbidden one (an async match returns a promise, which is not true).
      if (matched !== false) {
        const what =
          typeof matched === 'object' && matched !== null && typeof (matched as { then?: unknown }).then === 'function'
            ? 'a promise (an async match)'
            : typeof matched;
        throw new ScenarioError(`"outcomes[${i}].match" must return true or false, got ${what}`);
      }
    } else {
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
  counts: ReadonlyMap<TrialValue, number> | CappedCounts,
  trials: number,
  outcomes: readonly Outcome[],
  races: RacePolicy,
): GradedVariant {
  const rows: GradedOutcome[] = [];
  let raceCount = 0;
  let deadlockCount = 0;
  let forbiddenCount = 0;
  // An outcome's place in the list names it in messages; looked up, not searched, per value.
  let places: Map<Outcome, number> | undefined;
  const placeOf = (outcome: Outcome): number => (places ??= new Map(outcomes.map((o, i) => [o, i]))).get(outcome) ?? -1;
  for (const [value, count] of counts) {
    const outcome = matchOutcome(value, outcomes);
    const runner = isRunnerOutcome(value) ? value : undefined;
    const declared: Grade = outcome?.grade ?? 'forbidden';
    // A declared runner outcome graded `race` is allowed where races are, but is not a race.
    if (declared === 'race' && runner === undefined) raceCount += count;
    const grade = gradeIn(declared, races);
    if (runner?.kind === 'deadlock') deadlockCount += count;
    if (grade === 'forbidden') forbiddenCount += count;
    rows.push({
      value,
      count,
      grade,
      description: outcome
        ? describeOutcome(outcome, value, placeOf(outcome))
        : runner
          ? describeRunner(runner)
          : 'not declared by the scenario',
      ...(runner ? { runner: runner.kind } : {}),
    });
  }
  const other = 'other' in counts ? counts.other : undefined;
  // What the rows hold so far, so that each declared outcome below is one lookup (a scenario may
  // declare 200,000 of them: a scan per outcome was quadratic, minutes of lockdemo's own time).
  const listedValues = new Set<TrialValue>(rows.map((row) => row.value));
  const listedRunners = new Set<RunnerKind>(rows.flatMap((row) => (row.runner === undefined ? [] : [row.runner])));
  // Declared outcomes never seen are listed with 0 trials: a reader sees what else could happen.
  for (const [index, outcome] of outcomes.entries()) {
    // A declared runner outcome (a deadlock…) that never happened is listed too, by its kind;
    // unless values were folded, which may hold one with details (an error's message).
    if (outcome.runner !== undefined) {
      if (other !== undefined) continue;
      if (listedRunners.has(outcome.runner)) continue;
      listedRunners.add(outcome.runner);
      const value = RunnerOutcome.of(outcome.runner);
      const grade = gradeIn(outcome.grade, races);
      const description = describeOutcome(outcome, value, index);
      rows.push({ value, count: 0, grade, description, runner: outcome.runner });
      continue;
    }
    if (outcome.value === undefined || counts.has(outcome.value)) continue;
    if (listedValues.has(outcome.value)) continue;
    listedValues.add(outcome.value);
    const grade = gradeIn(outcome.grade, races);
    rows.push({ value: outcome.value, count: 0, grade, description: describeOutcome(outcome, outcome.value, index) });
  }
  rows.sort(compareRows);
  if (other !== undefined) {
    // One row per grade: a row's grade is true of every trial it counts.
    for (const grade of GRADES) {
      const folded = other[grade];
      if (folded === undefined || folded.count === 0) continue;
      raceCount += folded.raceCount;
      if (grade === 'forbidden') forbiddenCount += folded.count;
      rows.push({ value: OTHER_VALUES, count: folded.count, grade, description: describeFolded(folded, counts.size), other: true });
    }
  }
  // Counted in the scenario's realm: figures that do not add up are no verdict (figures.ts).
  const graded = { outcomes: rows, raceCount, deadlockCount, forbiddenCount };
  const mismatch = tallyMismatch(graded, trials);
  if (mismatch !== undefined) throw new ScenarioError(mismatchMessage(mismatch));
  return {
    outcomes: rows,
    raceCount,
    deadlockCount,
    forbiddenCount,
    raceFrequency: trials > 0 ? raceCount / trials : 0,
    interval95: wilsonInterval(raceCount, trials),
    verdict: forbiddenCount === 0 ? 'pass' : 'fail',
  };
}

/** How many distinct values a folded row sums: exact where known, else the bound that is known. */
function describeFolded(folded: FoldedValues, listed: number): string {
  const format = (n: number) => n.toLocaleString('en-US');
  const over = `over the first ${format(listed)}`;
  // A row has trials, so at least one value.
  const least = Math.max(folded.values, 1);
  if (folded.maxValues === least) return `${format(least)} more distinct ${least === 1 ? 'value' : 'values'}, ${over}`;
  if (folded.maxValues !== null) return `up to ${format(folded.maxValues)} more distinct values, ${over}`;
  return `at least ${format(least)} more distinct ${least === 1 ? 'value' : 'values'}, ${over}`;
}

function describeOutcome(outcome: Outcome, value: TrialValue, index: number): string {
  if (typeof outcome.description !== 'function') return outcome.description;
  const describe = outcome.description;
  const shown = isRunnerOutcome(value) ? String(value) : value;
  const described = callOutcome(index, 'description', () => describe(shown));
  if (typeof described !== 'string') throw new ScenarioError(`"outcomes[${index}].description" must return a string`);
  if (described.length > MAX_TEXT) {
    throw new ScenarioError(
      `"outcomes[${index}].description" must return at most ${MAX_TEXT} characters, got ${described.length.toLocaleString('en-US')}`,
    );
  }
  return described;
}

function describeRunner(runner: RunnerOutcome): string {
  return RUNNER_DESCRIPTIONS[runner.kind]();
}

/**
 * Calls a scenario's `match` or `description`: one that throws is a broken contract (exit 3)
 * named by the outcome, never a crash with a stack trace.
 */
function callOutcome(index: number, field: 'match' | 'description', call: () => unknown): unknown {
  // Its own phase: a `match` that loops is the outcome's fault (exit 3, named), not a hanging
  // trial to skip, since the next trial with the same value would loop in it again.
  const interrupted = currentPhase();
  setPhase(Phase.Outcome);
  try {
    return call();
  } catch (error) {
    throw new ScenarioError(`"outcomes[${index}].${field}" threw: ${describeThrown(error)}`);
  } finally {
    setPhase(interrupted);
  }
}

/** Numbers ascending, then strings in natural order ("lost 100–999" before "lost 1,000–9,999"). */
function compareRows(a: GradedOutcome, b: GradedOutcome): number {
  if (typeof a.value === 'number' && typeof b.value === 'number') return a.value - b.value;
  if (typeof a.value === 'number') return -1;
  if (typeof b.value === 'number') return 1;
  // A scenario's strings first, then the runner's outcomes.
  if ((a.runner === undefined) !== (b.runner === undefined)) return a.runner === undefined ? -1 : 1;
  return naturalCompare(String(a.value), String(b.value));
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
    const p = x[i];
    const q = y[i];
    if (p === undefined || q === undefined) break;
    if (p === q) continue;
    const m = /^\d/.test(p) ? Number(p.replaceAll(',', '')) : Number.NaN;
    const n = /^\d/.test(q) ? Number(q.replaceAll(',', '')) : Number.NaN;
    if (!Number.isNaN(m) && !Number.isNaN(n) && m !== n) return m - n;
    return p < q ? -1 : 1;
  }
  return x.length - y.length;
}
