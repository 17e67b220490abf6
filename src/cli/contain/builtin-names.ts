/**
 * The built-in scenarios' names, with nothing else: the main thread picks the worker's build by
 * them (see host-worker.ts) without loading any scenario. builtin-scenarios.ts has one import
 * for each, and the compiler checks that both name the same scenarios.
 */
export const BUILTIN_SCENARIO_NAMES = [
  'bank',
  'cache',
  'counter',
  'deadlock',
  'inventory',
  'processes',
  'lazy-init',
  'read-only',
  'threads',
] as const;

export type BuiltinName = (typeof BUILTIN_SCENARIO_NAMES)[number];

/** Whether `name` is a built-in scenario's. */
export function isBuiltinName(name: string | undefined): name is BuiltinName {
  return name !== undefined && (BUILTIN_SCENARIO_NAMES as readonly string[]).includes(name);
}
