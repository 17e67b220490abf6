import { InvalidArgumentError } from 'commander';
import { MAX_TASKS } from '../core/scenario.js';

/**
 * Commander argument parsers: each rejects bad input at the edge with a message that says
 * what is accepted. Commander prefixes it with the option and the offending value.
 */

/** Digits, with `_` only between two of them (`1_000_000`, as in JavaScript), and an optional exponent. */
const INTEGER = /^[+]?\d+(?:_\d+)*(?:\.\d+)?(?:e[+]?\d+)?$/i;

function wholeNumber(raw: string, min: number, max: number, accepted: string): number {
  const text = raw.trim();
  const value = INTEGER.test(text) ? Number(text.replaceAll('_', '')) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(`Expected ${accepted}.`);
  }
  return value;
}

/** `--trials`: 1 to 1e9; `1e6` and `1_000_000` are accepted. */
export function parseTrials(raw: string): number {
  return wholeNumber(raw, 1, 1e9, 'a whole number of trials from 1 to 1e9 (e.g. 1000, 1e6)');
}

/** `--seed`: 0 to 2^53 − 1, the range a printed seed can be typed back exactly. */
export function parseSeed(raw: string): number {
  return wholeNumber(raw, 0, Number.MAX_SAFE_INTEGER, `an integer seed from 0 to ${Number.MAX_SAFE_INTEGER}`);
}

/** `--tasks`: 1 to 64. */
export function parseTasks(raw: string): number {
  return wholeNumber(raw, 1, MAX_TASKS, `a whole number of tasks from 1 to ${MAX_TASKS}`);
}

/** `--timeout`: 1 ms to one day. */
export function parseTimeout(raw: string): number {
  return wholeNumber(raw, 1, 86_400_000, 'a timeout in milliseconds from 1 to 86400000');
}

/** `--variant a,b` and `--variant a --variant b` both collect into one list. */
export function collectVariants(raw: string, previous: string[] | undefined): string[] {
  const names = raw.split(',').map((s) => s.trim());
  // `unlocked,` would select one variant where two were meant: an empty name is refused.
  if (names.some((s) => s.length === 0)) throw new InvalidArgumentError('Expected variant names separated by commas, with none empty.');
  return [...(previous ?? []), ...names];
}

/** `--jobs`: a number of worker threads, 1 to 256, or `auto` for one per core. */
export function parseJobs(raw: string): number | 'auto' {
  if (raw.trim().toLowerCase() === 'auto') return 'auto';
  return wholeNumber(raw, 1, 256, 'a number of worker threads from 1 to 256, or "auto" (one per core)');
}

/** `--duration`: seconds, 0.1 to a week; fractions allowed. */
export function parseDuration(raw: string): number {
  // A decimal as people write one: 2, 0.5, .5, 2., 1e0, 1.5e1.
  const seconds = /^(?=\.?\d)\d*(?:\.\d*)?(?:e[+-]?\d+)?$/i.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!(seconds >= 0.1 && seconds <= 604_800))
    throw new InvalidArgumentError('Expected a number of seconds from 0.1 to 604800 (e.g. 2 or 0.5).');
  return seconds;
}

/** `--depth`: PCT's bug depth, 1 to 20. */
export function parseDepth(raw: string): number {
  return wholeNumber(raw, 1, 20, 'a bug depth from 1 to 20');
}

/** `--max-interleavings`: 1 to 1e9. */
export function parseMaxInterleavings(raw: string): number {
  return wholeNumber(raw, 1, 1e9, 'a whole number of interleavings from 1 to 1e9');
}

/** `--preemptions`: 0 to 1000. */
export function parsePreemptions(raw: string): number {
  return wholeNumber(raw, 0, 1000, 'a whole number of preemptions from 0 to 1000');
}

/** `--trace-trial`: 1-based, up to 1e9. */
export function parseTraceTrial(raw: string): number {
  return wholeNumber(raw, 1, 1e9, 'a trial number from 1 (the first trial) to 1e9');
}

/** `--max-steps`: scheduling steps per trial under a controlled schedule, 1 to 1e9. */
export function parseMaxSteps(raw: string): number {
  return wholeNumber(raw, 1, 1e9, 'a whole number of scheduling steps from 1 to 1e9');
}

/** `--remove-lock`: one lock; given twice, refused, not the last one taken in silence. */
export function parseRemoveLock(raw: string, previous: string | undefined): string {
  if (previous !== undefined) {
    throw new InvalidArgumentError(
      `Expected one lock: --remove-lock ${previous} was given already (--ablate removes each lock in turn, then all at once).`,
    );
  }
  return raw;
}
