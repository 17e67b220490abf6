/**
 * The analyses that run after a variant's trials, wired in through RunOptions.extendVariant:
 * the smallest race, the total behind a coverage figure, and the ablation of its locks. Each
 * is itself a run of the engine (exhaustive search), so each is bounded by a budget.
 */
import { ablateVariant } from './ablate.js';
import { withTotal } from './coverage.js';
import type { VariantExtras } from './extras-types.js';
import { findMinimalRace } from './minimal-race.js';
import { resolveRun, runScenario, type VariantReport } from './run-scenario.js';
import type { Scenario } from './scenario.js';
import { searchRanToEnd, trialOneOnly } from './run-report.js';

/**
 * Interleavings exhaustive search may count to give a coverage figure its total, and may
 * explore (over all bounds) to find the smallest race. Both run after every racing variant of
 * an ordinary run, so they are kept small: with many tasks even bound 0 has n! interleavings.
 */
export const COVERAGE_TOTAL_LIMIT = 20_000;
export const MINIMAL_BUDGET = 20_000;

export interface ExtrasOptions {
  /** Find the smallest race of every variant that raced. Default true. */
  minimal?: boolean;
  /** Give coverage figures their total where exhaustive search can count it. Default true. */
  coverageTotal?: boolean;
  /** Remove each lock of every passing variant that forbids races, and re-run the proof. */
  ablate?: boolean;
  tasks?: number;
  options?: Readonly<Record<string, string | undefined>>;
  /** Interleavings the smallest-race search may explore. Default 20,000. */
  minimalBudget?: number;
  /** Interleavings each lock's ablation may explore. Default 200,000. */
  ablateBudget?: number;
  /** Scheduling steps per trial of these searches: the run's --max-steps. Default: the engine's. */
  maxSteps?: number;
  signal?: AbortSignal;
}

/** The `extendVariant` hook of a run: what these analyses add to each variant's report. */
export function variantExtender<S, R>(
  scenario: Scenario<S, R>,
  o: ExtrasOptions,
): (v: VariantReport) => Promise<VariantExtras | undefined> {
  const common = {
    ...(o.tasks !== undefined ? { tasks: o.tasks } : {}),
    ...(o.options !== undefined ? { options: o.options } : {}),
    ...(o.signal !== undefined ? { signal: o.signal } : {}),
    // A search under another step bound would end its trials elsewhere than the run's did.
    ...(o.maxSteps !== undefined ? { maxSteps: o.maxSteps } : {}),
  };
  const where = { ...(o.tasks !== undefined ? { tasks: o.tasks } : {}), ...(o.options !== undefined ? { options: o.options } : {}) };
  const controlled = resolveRun(scenario, where).schedules.includes('exhaustive');
  return async (v) => {
    if (!controlled) return undefined;
    const extras: VariantExtras = {};
    const raced = v.firstForbidden ?? v.firstRace;
    if (o.minimal !== false && raced?.schedule !== undefined) {
      extras.minimal = await findMinimalRace(scenario, {
        variant: v.name,
        forbidden: v.firstForbidden !== undefined,
        budget: o.minimalBudget ?? MINIMAL_BUDGET,
        ...common,
      });
    }
    // More distinct interleavings seen than the counting bound: the count could not finish.
    if (o.coverageTotal !== false && v.coverage !== undefined && v.coverage.distinct <= COVERAGE_TOTAL_LIMIT) {
      const total = await countInterleavings(scenario, v.name, common);
      // Exhaustive search runs trial 0's program: a `setup` that depends on its trial index can
      // give the sampled trials more interleavings than that. Then there is no total to claim.
      if (total !== undefined && total >= v.coverage.distinct) extras.coverage = withTotal(v.coverage, total);
    }
    if (o.ablate === true && v.verdict === 'pass' && v.races === 'forbidden') {
      extras.ablation = await ablateVariant(scenario, {
        variant: v.name,
        ...common,
        ...(o.ablateBudget !== undefined ? { budget: o.ablateBudget } : {}),
      });
    }
    // Searches cut short by Ctrl-C would read as "not needed" or "not found": say nothing instead.
    return o.signal?.aborted ? undefined : extras;
  };
}

/** How many interleavings the variant has, when exhaustive search can count them all. */
export async function countInterleavings<S, R>(
  scenario: Scenario<S, R>,
  variant: string,
  o: { tasks?: number; options?: Readonly<Record<string, string | undefined>>; signal?: AbortSignal; maxSteps?: number },
): Promise<number | undefined> {
  const report = await runScenario(scenario, { ...o, schedule: 'exhaustive', variants: [variant], maxInterleavings: COVERAGE_TOTAL_LIMIT });
  const v = report.variants[0];
  // A setup that reads its trial index: trial 1's count is not every trial's. Interleavings cut
  // at --max-steps count as one each, as the trials under the same bound end there too.
  // Nor is it a total where a task's own strands were ready at once (their orders are not among
  // the picks), or where the program changed from one replay to the next.
  return v !== undefined &&
    searchRanToEnd(v) &&
    trialOneOnly(v) === undefined &&
    v.strandOrdersUnexplored !== true &&
    v.nondeterministic === undefined &&
    !report.interrupted
    ? v.trials
    : undefined;
}
