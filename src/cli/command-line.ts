import type { Scenario } from '../core/scenario.js';
import { SCHEDULE_TABLE, type ScheduleName } from '../core/schedules/table.js';

/** The command that replays one recorded interleaving of a variant. */
export function replayLine(
  scenarioArg: string,
  variant: string,
  schedule: string,
  tasks: number,
  scenario: Pick<Scenario, 'tasks'>,
  /** A non-default --max-steps, so that a step-limit trial replays to the same end. */
  maxSteps?: number,
  /** The scenario's own options of the run (`--origin http`), already quoted: the replay runs the same program. */
  optionFlags: readonly string[] = [],
  /**
   * The trial (1-based) whose index `setup` saw, when the schedule numbers its trials (see
   * {@link replayedTrial}): from 2 on it is part of the command, or the replay would run trial 1.
   */
  trial?: number,
  /** The run's seed, for a trial that drew from Math.random (see {@link replaySeed}). */
  seed?: number,
): string {
  const parts = ['lockdemo', shellQuote(scenarioArg), ...optionFlags, '--variant', shellQuote(variant)];
  if (tasks !== scenario.tasks) parts.push('--tasks', String(tasks));
  if (maxSteps !== undefined) parts.push('--max-steps', String(maxSteps));
  parts.push('--replay', `"${schedule}"`);
  if (trial !== undefined && trial > 1) parts.push('--replay-trial', String(trial));
  if (seed !== undefined) parts.push('--seed', String(seed));
  return parts.join(' ');
}

/**
 * The seed a replay of one of the variant's recorded trials needs: the run's, when its trials
 * drew from Math.random, which is seeded per trial by it (trial-random.ts); else none.
 */
export function replaySeed(report: { seed: number }, variant: { drawsRandom?: true }): number | undefined {
  return variant.drawsRandom === true ? report.seed : undefined;
}

/** The trial a replay of `record` must run as: its own under a schedule that numbers trials. */
export function replayedTrial(schedule: ScheduleName, record: { trial: number } | undefined): number | undefined {
  return record !== undefined && SCHEDULE_TABLE[schedule].numbered ? record.trial : undefined;
}

/** The lock a run removed (`--remove-lock`), and which of its variants ask for it. */
export interface RemovedLock {
  name: string;
  /** The run's variants that take or ask for the lock (lock-options.ts): the others never do. */
  variants: readonly string[];
}

/**
 * The lock a printed command for `variants` removes: the run's, when one of them asks for it.
 * Every command a run prints for some of its variants (a replay, a variant's reproduce line)
 * decides here: a variant that never asks for the lock runs the same without the flag, which
 * would be refused for it alone (lock-options.ts), so its lines leave the flag out. Without
 * `variants`, the command runs the run's own selection, which was accepted with it.
 */
export function removedLockFor(removed: RemovedLock | undefined, variants: readonly string[] | undefined): string | undefined {
  if (removed === undefined) return undefined;
  return variants === undefined || variants.length === 0 || variants.some((v) => removed.variants.includes(v)) ? removed.name : undefined;
}

/** The replay command of a run with `--remove-lock`: the flag goes before `--replay`. */
export function withRemoveLock(command: string, lock: string | undefined, quote: (s: string) => string): string {
  return lock === undefined ? command : command.replace(/ --replay /, () => ` --remove-lock ${quote(lock)} --replay `);
}

/**
 * Control characters: printed as they are, they would drive the terminal (an escape sequence);
 * and line separators and bidirectional overrides, which would show the line in another order.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/**
 * Quotes a word for a POSIX shell only when it needs it. A word with control characters (a
 * path with an escape sequence in it) is quoted as $'...' with each of them escaped as its UTF-8
 * bytes (`\xe2\x80\xae`), which bash and zsh read back as the same word in any locale (`\u202e`
 * is that character only in a UTF-8 one), and which prints nothing that drives the terminal.
 */
export function shellQuote(s: string): string {
  if (/^[\w./:@%+=,-]+$/.test(s)) return s;
  if (!CONTROL.test(s)) return `'${s.replaceAll("'", `'\\''`)}'`;
  let quoted = '';
  for (const ch of s) {
    if (ch === '\\' || ch === "'") quoted += `\\${ch}`;
    else if (CONTROL.test(ch)) for (const byte of Buffer.from(ch, 'utf8')) quoted += `\\x${byte.toString(16).padStart(2, '0')}`;
    else quoted += ch;
  }
  return `$'${quoted}'`;
}
