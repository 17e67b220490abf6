import { closest } from './closest-name.js';
import { ScenarioError } from './scenario-error.js';

/**
 * The fields a scenario, a variant, an outcome and a scenario option may have, and the check
 * that refuses any other. A misspelt field is never a harmless extra: an outcome written with
 * `vaule: 2` has neither `value` nor `match`, so it is the catch-all and grades every value as
 * its own, and a variant's `summmary` or a scenario's `timout` is quietly ignored. TypeScript
 * catches these in a `.ts` module; a `.mjs` one has only this check.
 */

export const SCENARIO_FIELDS = [
  'name',
  'summary',
  'unit',
  'setting',
  'tasks',
  'trials',
  'options',
  'timeout',
  'schedules',
  'open',
  'close',
  'setup',
  'variants',
  'observe',
  'outcomes',
] as const;

export const VARIANT_FIELDS = ['races', 'summary', 'available', 'run'] as const;

export const OUTCOME_FIELDS = ['value', 'match', 'runner', 'grade', 'description'] as const;

export const OPTION_FIELDS = ['description', 'choices', 'default', 'env', 'placeholder', 'secret'] as const;

/**
 * Throws a ScenarioError for the first own key of `object` that is not in `accepted`: `where`
 * is the scenario's prefix, `path` the field's place (`outcomes[0].`, `variants.locked.`, or
 * empty for the scenario itself), `what` the name of the thing (`an outcome`).
 */
export function rejectUnknownFields(object: object, accepted: readonly string[], where: string, path: string, what: string): void {
  // Inherited enumerable fields too: an outcome made with Object.create({ vaule: 2 }) reads its
  // fields through the prototype as well (a class's methods are not enumerable, so they pass).
  const keys: string[] = [];
  try {
    for (const key in object) keys.push(key);
  } catch {
    // A Proxy whose ownKeys throws: its fields cannot be listed, so none can be trusted.
    throw new ScenarioError(`${where}: the fields of ${path === '' ? 'the scenario' : `"${path.slice(0, -1)}"`} cannot be listed`);
  }
  for (const key of keys) {
    if (accepted.includes(key)) continue;
    const near = closest(key, accepted);
    const hint = near === undefined ? '' : ` (did you mean "${near}"?)`;
    throw new ScenarioError(`${where}: "${path}${printable(key)}" is not a field of ${what}${hint}; accepted: ${accepted.join(', ')}`);
  }
}

/** A key as it can be shown on one line: escaped like a JSON string, and cut when long. */
function printable(key: string): string {
  const shown = JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);
  return shown.slice(1, -1);
}
