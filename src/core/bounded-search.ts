/**
 * Iterative context bounding (Musuvathi and Qadeer, PLDI 2007): exhaustive search with the
 * preemption bound raised 0, 1, 2, ... until an interleaving reaches the target. Because every
 * bound below k was explored completely first, the first hit under bound k needs exactly k
 * preemptions: nothing with fewer reaches the target.
 *
 * A thin layer over runScenario's `exhaustive` schedule and its `preemptions` bound, so that it
 * follows the engine wherever the engine goes.
 */
import type { Nondeterminism } from './replay-sample.js';
import type { TrialValue } from './runner-outcomes.js';
import { runScenario } from './run-scenario.js';
import type { Scenario } from './scenario.js';
import { searchRanToEnd, stepLimitedCount } from './run-report.js';

/** Interleavings a search may explore over all its bounds, unless told otherwise. */
export const DEFAULT_SEARCH_BUDGET = 200_000;

export interface BoundedSearchOptions {
  variant: string;
  /** Tasks per trial. Default: the scenario's. */
  tasks?: number;
  /** The scenario's own options. */
  options?: Readonly<Record<string, string | undefined>>;
  /** `race`: any race or forbidden outcome; `forbidden`: a forbidden outcome only. */
  target: 'race' | 'forbidden';
  /** Interleavings explored over all bounds before giving up. Default 200,000. */
  budget?: number;
  /** Scheduling steps per trial, as the run's --max-steps. Default: the engine's. */
  maxSteps?: number;
  signal?: AbortSignal;
}

export type BoundedSearchResult = (
  | { kind: 'found'; preemptions: number; schedule: string; value: TrialValue; interleavings: number }
  /**
   * Every interleaving was explored (raising the bound added none) and none reached the
   * target; `total` is how many there are (`interleavings` counts the re-runs of every bound).
   */
  | { kind: 'none'; interleavings: number; total: number }
  /** The budget ran out (or the run was interrupted) after proving bounds 0..provenUpTo. */
  | { kind: 'cut'; provenUpTo: number; interleavings: number; reason: 'budget' | 'interrupted' }
) & {
  /** `setup` read its trial index: the search covered trial 1's program only (Explorer.setupReadsTrial). */
  setupReadsTrial?: true;
  /** The program drew from Math.random: the search covered trial 1's numbers only (VariantReport.drewRandom). */
  drewRandom?: true;
  /** A task had several strands ready at once, whose orders no search explores. */
  strandOrdersUnexplored?: true;
  /**
   * A bound's search found the scenario not deterministic (an interleaving run again gave
   * another outcome: VariantReport.nondeterministic): the search stops there, a `cut` that
   * proves no bound.
   */
  nondeterministic?: Nondeterminism;
  /**
   * Some interleavings reached `maxSteps` and were cut there: what they would have done after
   * it was not explored, so "none with fewer" and "every interleaving" hold up to that bound only.
   */
  maxStepsCut?: true;
};

export async function boundedSearch<S, R>(scenario: Scenario<S, R>, o: BoundedSearchOptions): Promise<BoundedSearchResult> {
  const budget = o.budget ?? DEFAULT_SEARCH_BUDGET;
  let spent = 0;
  let previous = -1;
  let readsTrial = false;
  let drewRandom = false;
  let strands = false;
  let stepCut = false;
  let changing: Nondeterminism | undefined;
  const result = (r: BoundedSearchResult): BoundedSearchResult => ({
    ...r,
    ...(readsTrial ? { setupReadsTrial: true as const } : {}),
    ...(drewRandom ? { drewRandom: true as const } : {}),
    ...(strands ? { strandOrdersUnexplored: true as const } : {}),
    ...(stepCut ? { maxStepsCut: true as const } : {}),
    ...(changing !== undefined ? { nondeterministic: changing } : {}),
  });
  for (let bound = 0; ; bound++) {
    if (o.signal?.aborted) return { kind: 'cut', provenUpTo: bound - 1, interleavings: spent, reason: 'interrupted' };
    if (spent >= budget) return { kind: 'cut', provenUpTo: bound - 1, interleavings: spent, reason: 'budget' };
    const report = await runScenario(scenario, {
      schedule: 'exhaustive',
      variants: [o.variant],
      preemptions: bound,
      maxInterleavings: budget - spent,
      ...(o.tasks !== undefined ? { tasks: o.tasks } : {}),
      ...(o.options !== undefined ? { options: o.options } : {}),
      ...(o.signal !== undefined ? { signal: o.signal } : {}),
      ...(o.maxSteps !== undefined ? { maxSteps: o.maxSteps } : {}),
    });
    const v = report.variants[0];
    if (v === undefined) throw new Error(`variant "${o.variant}" did not run`);
    spent += v.trials;
    if (v.setupReadsTrial === true) readsTrial = true;
    if (v.drewRandom === true) drewRandom = true;
    if (v.strandOrdersUnexplored === true) strands = true;
    if (stepLimitedCount(v.outcomes) > 0) stepCut = true;
    // Neither a hit nor a miss of a program that changes between replays says anything.
    if (v.nondeterministic !== undefined) {
      changing = v.nondeterministic;
      return result({ kind: 'cut', provenUpTo: -1, interleavings: spent, reason: 'budget' });
    }
    // Bounds below this one were explored completely, so a hit here needs exactly `bound`.
    const hit = o.target === 'forbidden' ? v.firstForbidden : v.firstRace;
    if (hit?.schedule !== undefined)
      return result({ kind: 'found', preemptions: bound, schedule: hit.schedule, value: hit.value, interleavings: spent });
    if (report.interrupted) return result({ kind: 'cut', provenUpTo: bound - 1, interleavings: spent, reason: 'interrupted' });
    if (!searchRanToEnd(v)) return result({ kind: 'cut', provenUpTo: bound - 1, interleavings: spent, reason: 'budget' });
    // If no interleaving needs exactly k preemptions, none needs more: cut any interleaving
    // at its (k+1)-th preemption and let the running task go on, and it has exactly k.
    if (v.trials === previous) return result({ kind: 'none', interleavings: spent, total: v.trials });
    previous = v.trials;
  }
}
