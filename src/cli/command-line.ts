import type { Scenario } from '../core/scenario.js';

/** The command that replays one recorded interleaving of a variant. */
export function replayLine(
  scenarioArg: string,
  variant: string,
  schedule: string,
  tasks: number,
  scenario: Pick<Scenario, 'tasks'>,
  /** A non-default --max-steps, so that a step-limit trial replays to the same end. */
  maxSteps?: number,
  /** The scenario's own options of the run, as words already quoted (`--origin`, `http`). */
  flags: readonly string[] = [],
): string {
  const parts = ['lockdemo', shellQuote(scenarioArg), ...flags, '--variant', shellQuote(variant)];
  if (tasks !== scenario.tasks) parts.push('--tasks', String(tasks));
  if (maxSteps !== undefined) parts.push('--max-steps', String(maxSteps));
  parts.push('--replay', `"${schedule}"`);
  return parts.join(' ');
}

/** Quotes a word for a POSIX shell only when it needs it. */
export function shellQuote(s: string): string {
  return /^[\w./:@%+=,-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}
