import { isRunnerOutcome, type RunnerKind, type TrialValue } from './runner-outcomes.js';
import { gradeIn, matchOutcome } from './grading.js';
import type { Explorer } from './pickers.js';
import type { Grade, Outcome, RacePolicy } from './scenario.js';
import type { TrialPlan } from './trial-plan.js';

/**
 * The exact probability of each outcome under the `random` schedule, computed during an
 * exhaustive search. `random` picks uniformly among the |ready| tasks at every step, so one
 * interleaving happens with probability ∏ 1/|ready| along its path, and an outcome's
 * probability is the sum over the interleavings that end in it. Interleavings are therefore
 * not equally likely: in the 3-task counter, 84 of 90 interleavings race, yet a random trial
 * races with probability 5/6.
 */
export interface RandomOdds {
  /**
   * The probability that one `random` trial ends in an outcome graded `race`: a value the
   * scenario observed, as raceCount counts them. A deadlock is never a race, whatever grade its
   * row has (see `deadlock`).
   */
  race: number;
  /** The probability that one `random` trial deadlocks: only for a variant that deadlocked. */
  deadlock?: number;
  /** Each observed value's probability under `random`, in the order of the variant's outcomes. */
  /** `runner`: the kind of a runner's own outcome (set in reports, see tagRunnerValues). */
  /** `other` and `grade`: a row of folded values (as the variant's outcome row has them), whose value is no value of the scenario's. */
  outcomes: Array<{ value: TrialValue; probability: number; runner?: RunnerKind; other?: true; grade?: Grade }>;
}

/** Sums path probabilities per outcome value while the search runs; O(distinct values) memory. */
export class OddsTally {
  private readonly byValue = new Map<TrialValue, number>();

  add(value: TrialValue, probability: number): void {
    this.byValue.set(value, (this.byValue.get(value) ?? 0) + probability);
  }

  /**
   * The odds, once the search covered every interleaving with no preemption bound (only then
   * do the path probabilities sum to 1), one per row: a row of folded values (`other`) gets
   * the odds of every value without a row of its own that has its grade (`gradeOf`); `isRace`
   * says which values are declared races.
   */
  result(rows: readonly OddsRow[], isRace: (value: TrialValue) => boolean, gradeOf: (value: TrialValue) => Grade): RandomOdds {
    const listed = new Set(rows.filter((row) => row.other !== true).map((row) => row.value));
    const folded = new Map<Grade, number>();
    let race = 0;
    let deadlock = 0;
    let deadlocked = false;
    for (const [value, p] of this.byValue) {
      // A deadlock is never a race: it has odds of its own.
      if (isRunnerOutcome(value)) {
        if (value.kind === 'deadlock') {
          deadlock += p;
          deadlocked = true;
        }
      } else if (isRace(value)) race += p;
      if (listed.has(value)) continue;
      const grade = gradeOf(value);
      folded.set(grade, (folded.get(grade) ?? 0) + p);
    }
    return {
      race: clamp(race),
      ...(deadlocked ? { deadlock: clamp(deadlock) } : {}),
      outcomes: rows.map((row) => ({
        value: row.value,
        probability: clamp((row.other === true ? folded.get(row.grade) : this.byValue.get(row.value)) ?? 0),
        // Several folded rows (one per grade) share the value "other values": told apart as their rows are.
        ...(row.other === true ? { other: true as const, grade: row.grade } : {}),
      })),
    };
  }
}

/** A row of the variant's histogram, as the odds need it. */
export interface OddsRow {
  value: TrialValue;
  grade: Grade;
  other?: true;
}

/**
 * Floating-point sums of exact fractions may land a hair off (0.9999999999999997 for a certain
 * outcome, or outside [0, 1]): rounded to 15 significant digits, within what a double holds of
 * them, and kept in [0, 1].
 */
function clamp(p: number): number {
  return Math.min(1, Math.max(0, Number(p.toPrecision(15))));
}

/**
 * Hooks the odds into one variant's exhaustive search: every recorded interleaving adds its
 * path probability. Only for a search without a preemption bound (a bounded search skips
 * paths, so its probabilities do not sum to 1).
 */
export function trackOdds<S, R>(plan: TrialPlan<S, R>, explorer: Explorer): OddsTally {
  const odds = new OddsTally();
  const record = plan.record;
  plan.record = (value, index) => {
    record(value, index);
    odds.add(value, explorer.pathProbability);
  };
  return odds;
}

/** The odds of a finished search, graded as the variant's rows are (a declared race is a race). */
export function oddsOf(odds: OddsTally, rows: readonly OddsRow[], outcomes: readonly Outcome[], races: RacePolicy): RandomOdds {
  const declared = (value: TrialValue): Grade => matchOutcome(value, outcomes)?.grade ?? 'forbidden';
  return odds.result(
    rows,
    (value) => declared(value) === 'race',
    (value) => gradeIn(declared(value), races),
  );
}
