/**
 * The reference enumerator: every sequence of picks of a scenario variant, by depth-first
 * search with prefix replay (each interleaving re-runs the trial from setup, so nothing is
 * snapshotted), under the model of ref-trial.ts. It counts interleavings (leaves) per outcome,
 * and the probability of each outcome under the uniform random scheduler: the sum over its
 * leaves of the product of 1/|ready| along the path.
 *
 * Shares no code with the engine; see ref-trial.ts for the model.
 */
import { pathToFileURL } from 'node:url';
import { runReferenceTrial, type RefOutcome, type RefScenario, type RunParams } from './ref-trial.js';

export interface Enumeration {
  /** Interleavings per outcome key (see {@link outcomeKey}). */
  counts: Map<string, number>;
  /** Probability per outcome key under uniform random picks. */
  probabilities: Map<string, number>;
  /** One replay (letters) per outcome key, the first found. */
  examples: Map<string, string>;
  /** Every interleaving's replay string, with `keepReplays` only. */
  replays: Set<string>;
  interleavings: number;
  /** False when maxInterleavings cut the search short. */
  complete: boolean;
}

export interface EnumerateOptions {
  tasks?: number;
  /** Default 200,000: the fixtures and built-ins stay far below. */
  maxInterleavings?: number;
  /** Scheduling points per trial before a trial ends as a step limit. Default 10,000. */
  maxSteps?: number;
  /** Keep every interleaving's replay string in `replays`. */
  keepReplays?: boolean;
  /** The scenario's own options (defaults applied for the rest). */
  options?: Record<string, string>;
}

/** One string per outcome, shared with engine-json.ts so both sides compare by the same key. */
export function outcomeKey(outcome: RefOutcome): string {
  switch (outcome.kind) {
    case 'value':
      return JSON.stringify(outcome.value);
    case 'deadlock':
      return '<deadlock>';
    case 'error':
      // Without the message: the reference's lock and the engine's word their errors differently.
      return '<error>';
    case 'stalled':
      return '<stalled>';
    case 'step-limit':
      return '<step limit>';
  }
}

export const letters = (picks: readonly number[]): string => picks.map((id) => String.fromCharCode(65 + id)).join(' ');

export async function enumerate(scenario: RefScenario, variant: string, opts: EnumerateOptions = {}): Promise<Enumeration> {
  const params = runParams(scenario, opts);
  const maxInterleavings = opts.maxInterleavings ?? 200_000;
  const resource = scenario.open ? await scenario.open(params) : undefined;
  const result: Enumeration = {
    counts: new Map(),
    probabilities: new Map(),
    examples: new Map(),
    replays: new Set(),
    interleavings: 0,
    complete: true,
  };
  try {
    // prefix[k]: the index into the ready set to take at point k; past the prefix, index 0.
    let prefix: number[] = [];
    let prefixSizes: number[] = [];
    for (;;) {
      const choices: number[] = [];
      const sizes: number[] = [];
      const trial = await runReferenceTrial(
        scenario,
        variant,
        { ...params, resource },
        (ready) => {
          const k = choices.length;
          const choice = k < prefix.length ? prefix[k]! : 0;
          if (k < prefixSizes.length && prefixSizes[k] !== ready.length) {
            throw new Error(`${scenario.name}: replay diverged at point ${k + 1}; is the scenario deterministic?`);
          }
          choices.push(choice);
          sizes.push(ready.length);
          return ready[choice]!;
        },
        opts.maxSteps ?? 10_000,
      );
      if (choices.length < prefix.length) throw new Error(`${scenario.name}: replay ended before its prefix`);
      const key = outcomeKey(trial.outcome);
      const probability = sizes.reduce((p, size) => p / size, 1);
      result.counts.set(key, (result.counts.get(key) ?? 0) + 1);
      result.probabilities.set(key, (result.probabilities.get(key) ?? 0) + probability);
      if (!result.examples.has(key)) result.examples.set(key, letters(trial.picks));
      if (opts.keepReplays) result.replays.add(letters(trial.picks));
      result.interleavings++;
      // Backtrack to the deepest point with an untried alternative.
      let k = choices.length - 1;
      while (k >= 0 && choices[k]! + 1 >= sizes[k]!) k--;
      if (k < 0) break;
      if (result.interleavings >= maxInterleavings) {
        result.complete = false;
        break;
      }
      prefix = [...choices.slice(0, k), choices[k]! + 1];
      prefixSizes = sizes.slice(0, k + 1);
    }
  } finally {
    if (scenario.close) await scenario.close(resource);
  }
  return result;
}

/**
 * One trial picking the head of the FIFO ready queue, as asyncio's loop does, for programs
 * without timers (a sleep counts as a yield here). Used to check the reference's lock against
 * CPython itself in test/parity.
 */
export async function runFifo(
  scenario: RefScenario,
  variant: string,
  opts: EnumerateOptions = {},
): Promise<{ key: string; replay: string }> {
  const params = runParams(scenario, opts);
  const resource = scenario.open ? await scenario.open(params) : undefined;
  try {
    const trial = await runReferenceTrial(scenario, variant, { ...params, resource }, (_, fifo) => fifo[0]!, opts.maxSteps ?? 10_000);
    return { key: outcomeKey(trial.outcome), replay: letters(trial.picks) };
  } finally {
    if (scenario.close) await scenario.close(resource);
  }
}

function runParams(scenario: RefScenario, opts: EnumerateOptions): RunParams {
  const options: Record<string, string | undefined> = {};
  for (const [name, option] of Object.entries(scenario.options ?? {})) options[name] = opts.options?.[name] ?? option.default;
  return { tasks: opts.tasks ?? scenario.tasks, options };
}

/** Loads a scenario module (a built-in from dist/scenarios, or a fixture .mjs) by path. */
export async function loadScenario(path: string): Promise<RefScenario> {
  const module: unknown = await import(pathToFileURL(path).href);
  const scenario = typeof module === 'object' && module !== null && 'default' in module ? module.default : undefined;
  if (!isRefScenario(scenario)) throw new Error(`${path}: not a scenario module`);
  return scenario;
}

function isRefScenario(value: unknown): value is RefScenario {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
  return (
    typeof s.name === 'string' &&
    typeof s.tasks === 'number' &&
    typeof s.setup === 'function' &&
    typeof s.observe === 'function' &&
    typeof s.variants === 'object' &&
    s.variants !== null
  );
}
