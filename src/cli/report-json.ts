/**
 * The JSON document of a run or a check. The runner's own outcomes are a tagged kind: wherever
 * an object carries one as its `value` (an outcome row, `firstRace`, `firstForbidden`, `minimal`,
 * a `randomOdds` row), the object also gets `runner` with its kind, so a scenario's string
 * "deadlock" and the runner's deadlock can be told apart in every field, not only in `outcomes`.
 * Likewise a value JSON cannot hold (NaN, Infinity, -Infinity) gets `nonFinite` with its name.
 */
import { isRunnerOutcome } from '../core/runner-outcomes.js';

export function reportJson(document: unknown): string {
  return `${JSON.stringify(document, tagRunnerValues, 2)}\n`;
}

function tagRunnerValues(_key: string, value: unknown): unknown {
  // A variant with no trial back has no frequency: 0/0 is not 0%, and its interval is no figure.
  if (typeof value === 'object' && value !== null && 'raceFrequency' in value && 'trials' in value && value.trials === 0) {
    return { ...value, raceFrequency: null, interval95: null };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  // A nondeterminism finding holds two values, `first` and `then`: each tagged as a row's value is.
  if ('first' in value && 'then' in value && 'schedule' in value) {
    return { ...value, ...tagsOf('first', value.first), ...tagsOf('then', value.then) };
  }
  if (!('value' in value) || 'runner' in value) return value;
  if (isRunnerOutcome(value.value)) return { ...value, runner: value.value.kind };
  // JSON has no NaN or Infinity: such a value is written null, named beside it, never lost.
  if (typeof value.value === 'number' && !Number.isFinite(value.value) && !('nonFinite' in value)) {
    return { ...value, nonFinite: String(value.value) };
  }
  return value;
}

/**
 * For a value held in field `name` of an object that holds two (`first`, `then`): the runner's
 * kind as `<name>Runner`, a value JSON cannot hold named as `<name>NonFinite`.
 */
function tagsOf(name: string, value: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  if (isRunnerOutcome(value)) tags[`${name}Runner`] = value.kind;
  else if (typeof value === 'number' && !Number.isFinite(value)) tags[`${name}NonFinite`] = String(value);
  return tags;
}
