/**
 * The one check of what a scenario's `observe` returned: a number, or a string of at most
 * MAX_VALUE_LENGTH. The library's trial loops and the CLI's contained scenario both ask it, so
 * a value that the CLI refuses (exit 3) is refused by runScenario and replayTrial too, in the
 * same words.
 */
import { MAX_VALUE_LENGTH } from './limits.js';
import { ScenarioError } from './scenario-error.js';

/**
 * Whether an observed value is a declared one: `===`, except that NaN is NaN (SameValueZero, as
 * the Maps that count values compare keys), or a declared `value: NaN` could never be seen.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (a !== a && b !== b);
}

/** Why `value` cannot be a trial's value, as the scenario's error; undefined when it can. */
export function observedValueError(scenarioName: string, value: unknown): ScenarioError | undefined {
  if (typeof value === 'number') return undefined;
  const where = `scenario "${scenarioName}": "observe" must return a number or a string`;
  if (isThenable(value)) {
    return new ScenarioError(`${where}, got a promise: an async observe needs the event-loop or timers schedule`);
  }
  if (typeof value !== 'string') return new ScenarioError(`${where}, got ${describeValue(value)}`);
  if (value.length <= MAX_VALUE_LENGTH) return undefined;
  return new ScenarioError(`${where} of at most ${formatLength(MAX_VALUE_LENGTH)}, got ${formatLength(value.length)}`);
}

function formatLength(n: number): string {
  return `${n.toLocaleString('en-US')} characters`;
}

/** A value in an error line, without calling anything it defines. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'symbol') return 'a symbol';
  if (typeof v === 'bigint') return `a BigInt (${v}n)`;
  if (Array.isArray(v)) return v.length === 0 ? 'an empty array' : 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v} ${String(v)}`;
  return typeof v;
}

/** Whether `value` is a promise or looks like one, read without calling anything. */
function isThenable(value: unknown): boolean {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  try {
    return typeof (value as { then?: unknown }).then === 'function';
  } catch {
    return false;
  }
}
