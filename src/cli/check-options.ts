import type { Declared } from './scenario-flags.js';

/** The options of `lockdemo check`, as commander parsed them. */
export interface CheckCommandOptions {
  /** Exhaustive up to this many interleavings per variant; default 100,000. */
  maxInterleavings?: number;
  /** Random trials when a variant has more interleavings; default 10,000. */
  trials?: number;
  /** Seed of the random fallback; default 1. */
  seed?: number;
  /** Tasks per trial; default each scenario's own. */
  tasks?: number;
  /** Scheduling steps per trial before it ends as a step limit; default 10,000. */
  maxSteps?: number;
  /** Per-trial time bound (ms), enforced from outside; default 5000, or the scenario's own if longer. */
  timeout?: number;
  /** `asyncio`: decide each variant by CPython's event loop instead of every interleaving. */
  schedule?: 'asyncio';
  json?: boolean;
  /** Also write JUnit XML here. */
  junit?: string;
  /** Check only these variants (of the targets that have them); default all. */
  variant?: string[];
  color?: boolean;
  /** Also write a self-contained HTML report to this file. */
  html?: string;
  /** Remove each lock of every passing variant in turn; fail a scenario none of whose locks is needed. */
  ablate?: boolean;
  /** Scenario options given on the command line, by name; each target gets those it declares. */
  scenarioOptions?: Record<string, string>;
  /** Print the stack trace of an error (main() reads it from argv; here for the parse). */
  debug?: boolean;
}

/** The scenario options given that this scenario declares: each target gets its own. */
export function ownOptions(declared: Declared, given: Readonly<Record<string, string>> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(given).filter(([name]) => declared[name] !== undefined));
}
