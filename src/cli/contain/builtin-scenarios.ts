/**
 * The built-in scenarios, each imported only when asked for: `lockdemo counter` never loads
 * the cache scenario. Static import strings, so the compiler and vitest both resolve them.
 *
 * A module of its own, with nothing else in it, so that the worker (host.ts) can start
 * importing the scenario named on the command line as it boots, alongside lockdemo's engine,
 * rather than once the engine has loaded: a dynamic import of a new file costs Node.js 20 a
 * millisecond or more even when all it imports is loaded.
 */
import type { BuiltinName } from './builtin-names.js';

type Load = () => Promise<{ default: unknown }>;

const LOADS = {
  bank: () => import('../../../scenarios/bank.js'),
  cache: () => import('../../../scenarios/cache.js'),
  counter: () => import('../../../scenarios/counter.js'),
  deadlock: () => import('../../../scenarios/deadlock.js'),
  inventory: () => import('../../../scenarios/inventory.js'),
  processes: () => import('../../../scenarios/processes.js'),
  'lazy-init': () => import('../../../scenarios/lazy-init.js'),
  'read-only': () => import('../../../scenarios/read-only.js'),
  threads: () => import('../../../scenarios/threads.js'),
} satisfies Record<BuiltinName, Load>;

export const BUILTIN_SCENARIOS: Readonly<Record<string, Load>> = LOADS;
