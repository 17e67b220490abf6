/**
 * Observed values as every report shows them, the terminal's tables and lines, the HTML report
 * and JUnit alike: a value as displayValue writes it (a string that would read as another value
 * quoted), the folded rows' label as lockdemo's own words, and nothing that can move the cursor.
 * A value too long for its room is cut inside its quotes, and the note on it counts the value's
 * own characters, not those of its quotes and escapes.
 */
import { displayValue, isRunnerOutcome, OTHER_VALUES, quoteValue, type TrialValue } from '../core/runner-outcomes.js';
import type { GradedOutcome } from '../core/grading.js';
import type { Grade } from '../core/scenario.js';
import { formatCount } from './numbers.js';
import { cutToWidth, printable, visibleWidth, wrapText } from './text-width.js';

/** A row of a histogram, or any value a report names. */
export interface ValueRow {
  value: TrialValue;
  /** The row that sums the values over the cap (see Tally): its label is lockdemo's. */
  other?: boolean;
}

/** The value as the reports show it. */
export function shownValue(value: TrialValue): string {
  // A runner outcome's detail (an error's message) is the scenario's text: its control characters are escaped.
  return printable(displayValue(value));
}

/** A histogram row's value as the reports show it: the folded rows say so in lockdemo's words. */
export function shownRowValue(row: ValueRow): string {
  return row.other === true ? OTHER_VALUES : shownValue(row.value);
}

/** True when the shown value is the string in quotes. */
export function shownQuoted(value: TrialValue): boolean {
  return typeof value === 'string' && displayValue(value) !== value;
}

/**
 * A grade as the reports write it: one of the runner's own outcomes (a deadlock, a hang) that
 * the scenario declares a race reads `allowed`, since it is never counted as a race.
 */
export function shownGrade(o: { runner?: unknown; value?: TrialValue; grade: Grade }): string {
  const runner = o.runner !== undefined || (o.value !== undefined && isRunnerOutcome(o.value));
  return runner && o.grade === 'race' ? 'allowed' : o.grade;
}

/** The value's own length in characters (code points), as the notes on a cut value give it. */
export function valueLength(value: TrialValue): number {
  return [...String(value)].length;
}

/**
 * The value in at most `room` columns (never less than a few characters): whole when it fits,
 * else its start, then `…` and, `withLength`, the value's length, `(201 characters)`; a quoted
 * value keeps its closing quote, after the `…`.
 */
export function shortShownValue(value: TrialValue, room: number, withLength = true): string {
  const shown = shownValue(value);
  if (visibleWidth(shown) <= room) return shown;
  const length = withLength ? ` (${formatCount(valueLength(value))} characters)` : '';
  if (!shownQuoted(value)) return `${cutToWidth(shown, room - length.length - 1)}…${length}`;
  // Cut the string itself, then quote what is left: a cut inside an escape (`\u200b`) would show half of it.
  const chars = [...String(value)];
  let keep = Math.min(chars.length, Math.max(1, room));
  const quoted = (n: number): string => quoteValue(`${chars.slice(0, n).join('')}…`);
  while (keep > 1 && visibleWidth(quoted(keep)) > room - length.length) keep--;
  return quoted(keep) + length;
}

/**
 * The shown value in lines of at most `width` columns: at spaces, as any text wraps, except a
 * quoted value, which is cut anywhere, so that the white space its quotes are there to show is
 * not lost at a break.
 */
export function wrapShownValue(value: TrialValue, shown: string, width: number): string[] {
  if (visibleWidth(shown) <= width) return [shown];
  if (!shownQuoted(value)) return wrapText(shown, width);
  const lines: string[] = [];
  for (let rest = shown; rest !== '';) {
    const line = cutToWidth(rest, width);
    lines.push(line);
    rest = rest.slice(line.length);
  }
  return lines;
}

/**
 * `error: <message>` and `stalled: <why>` would make the RESULT column as wide as a sentence;
 * the table shows the kind as the result and the message as the description (JSON keeps both).
 */
export function splitRunnerMessage(o: GradedOutcome): { value: string; description: string } {
  if (isRunnerOutcome(o.value) && o.value.detail !== '') return { value: o.value.kind, description: printable(o.value.detail) };
  return { value: shownRowValue(o), description: printable(o.description) };
}
