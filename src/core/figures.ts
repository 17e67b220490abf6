/**
 * Whether a variant's figures add up. lockdemo counts and grades trials in the scenario's own
 * realm (the worker, or the library caller's thread), where the scenario's code could have
 * changed what they are counted with: a stubbed Map.prototype.set counted nothing, and a failing
 * variant passed. Figures that do not add up are never a verdict, wherever they are read:
 * grading checks its own (core), and the CLI's main thread checks what a worker reported.
 */
/** A variant's figures, as a grading or a check's result gives them. */
export interface Figures {
  /** The rows: each value's count, its grade, and the runner's kind for a runner outcome. */
  outcomes: ReadonlyArray<{ count: number; grade: string; runner?: string | undefined }>;
  raceCount: number;
  deadlockCount: number;
  forbiddenCount: number;
  /** A run's grading: `fail` exactly when a trial was forbidden. */
  verdict?: 'pass' | 'fail';
  /** The first forbidden trial, when one was kept: there is then at least one forbidden. */
  firstForbidden?: unknown;
}

/** Why `figures` cannot be the grading of `done` trials, or undefined when they agree. */
export function tallyMismatch(figures: Figures, done: number): string | undefined {
  let counted = 0;
  let forbidden = 0;
  let deadlocks = 0;
  for (const row of figures.outcomes) {
    if (!Number.isSafeInteger(row.count) || row.count < 0) return `a count of ${String(row.count)}`;
    counted += row.count;
    if (row.grade === 'forbidden') forbidden += row.count;
    if (row.runner === 'deadlock') deadlocks += row.count;
  }
  if (counted !== done) return `${done} ${done === 1 ? 'trial' : 'trials'} ran, ${counted} counted`;
  if (forbidden !== figures.forbiddenCount) return `${forbidden} forbidden in its rows, ${figures.forbiddenCount} in its total`;
  if (deadlocks !== figures.deadlockCount) return `${deadlocks} deadlocks in its rows, ${figures.deadlockCount} in its total`;
  if (!(figures.raceCount >= 0 && figures.raceCount <= done)) return `${figures.raceCount} races in ${done} trials`;
  if (figures.firstForbidden !== undefined && forbidden === 0) return 'a first forbidden trial, and no forbidden one';
  if (figures.verdict !== undefined && figures.verdict !== (forbidden > 0 ? 'fail' : 'pass'))
    return `a verdict of ${figures.verdict} with ${forbidden} forbidden`;
  return undefined;
}

/** The words of the scenario's error for figures that do not add up (`variant`: whose, if named). */
export function mismatchMessage(mismatch: string, variant?: string): string {
  const whose = variant === undefined ? 'the counts' : `the counts of ${variant}`;
  return `${whose} do not add up (${mismatch}): its code changed something lockdemo counts trials with`;
}
