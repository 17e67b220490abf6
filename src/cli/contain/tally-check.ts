/**
 * What the main thread checks of a variant's counts before it reports them: the worker counted
 * and graded in the scenario's realm (see core/figures.ts), this thread in its own, which the
 * scenario's code cannot reach. Figures that do not add up end the run as the scenario's error
 * (exit 3).
 */
import { mismatchMessage, tallyMismatch, type Figures } from '../../core/figures.js';
import { CliError } from '../exit-codes.js';

/** Throws the scenario's error when the figures of its variant do not add up. */
export function checkTally(scenario: string, variant: string, figures: Figures, done: number): void {
  const mismatch = tallyMismatch(figures, done);
  if (mismatch !== undefined) throw new CliError('scenario', `scenario "${scenario}": ${mismatchMessage(mismatch, variant)}`);
}
