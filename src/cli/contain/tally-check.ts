/**
 * What the main thread checks of a variant's counts before it reports them. The worker counts
 * and grades in the scenario's own realm, where its code could have changed what lockdemo
 * counts with (intrinsics-guard.ts refuses the built-ins it holds being replaced; this catches
 * whatever else makes the figures disagree). Figures that do not add up are never a verdict:
 * the run ends as the scenario's error (exit 3).
 */
import type { GradedOutcome } from '../../core/grading.js';

/** A variant's figures, as a run's grading or a check's result gives them. */
export interface Figures {
  outcomes: readonly GradedOutcome[];
  raceCount: number;
  deadlockCount: number;
  forbiddenCount: number;
  /** A run's grading: `fail` exactly when a trial was forbidden. */
  verdict?: 'pass' | 'fail';
}
import { CliError } from '../exit-codes.js';

/** Why `graded` cannot be the grading of `done` trials, or undefined when its figures agree. */
export function tallyMismatch(graded: Figures, done: number): string | undefined {
  let counted = 0;
  let forbidden = 0;
  let deadlocks = 0;
  for (const row of graded.outcomes) {
    if (!Number.isSafeInteger(row.count) || row.count < 0) return `a count of ${String(row.count)}`;
    counted += row.count;
    if (row.grade === 'forbidden') forbidden += row.count;
    if (row.runner === 'deadlock') deadlocks += row.count;
  }
  if (counted !== done) return `${done} ${done === 1 ? 'trial' : 'trials'} ran, ${counted} counted`;
  if (forbidden !== graded.forbiddenCount) return `${forbidden} forbidden in its rows, ${graded.forbiddenCount} in its total`;
  if (deadlocks !== graded.deadlockCount) return `${deadlocks} deadlocks in its rows, ${graded.deadlockCount} in its total`;
  if (!(graded.raceCount >= 0 && graded.raceCount <= done)) return `${graded.raceCount} races in ${done} trials`;
  if (graded.verdict !== undefined && graded.verdict !== (forbidden > 0 ? 'fail' : 'pass'))
    return `a verdict of ${graded.verdict} with ${forbidden} forbidden`;
  return undefined;
}

/** Throws the scenario's error when the figures of its variant do not add up. */
export function checkTally(scenario: string, variant: string, graded: Figures, done: number): void {
  const mismatch = tallyMismatch(graded, done);
  if (mismatch === undefined) return;
  throw new CliError(
    'scenario',
    `scenario "${scenario}": the counts of ${variant} do not add up (${mismatch}): its code changed something lockdemo counts trials with`,
  );
}
