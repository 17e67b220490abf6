/**
 * The smallest race: for a variant that raced, the interleaving with the fewest preemptions
 * that reaches the same kind of outcome (forbidden if one was seen, else a race). It is the
 * simplest story of the race, the one worth tracing first.
 */
import { boundedSearch } from './bounded-search.js';
import type { MinimalRace } from './extras-types.js';
import { witnessPctDepth } from './pct-witness.js';
import { trialOneOnly } from './run-report.js';
import { isRunnerOutcome } from './runner-outcomes.js';
import type { Scenario } from './scenario.js';
import { withSeededRandom } from './trial-random.js';

export interface MinimalRaceOptions {
  variant: string;
  /** Look for a forbidden outcome (true when the variant showed one) or any race. */
  forbidden: boolean;
  tasks?: number;
  options?: Readonly<Record<string, string | undefined>>;
  /** Interleavings explored over all bounds. Default 200,000. */
  budget?: number;
  /** Scheduling steps per trial, as the run's --max-steps. Default: the engine's. */
  maxSteps?: number;
  signal?: AbortSignal;
}

export async function findMinimalRace<S, R>(scenario: Scenario<S, R>, o: MinimalRaceOptions): Promise<MinimalRace> {
  const target = o.forbidden ? 'forbidden' : 'race';
  // Called outside a run too (toBeRaceFree): its trials draw from the seeded Math.random all the same.
  const result = await withSeededRandom(() =>
    boundedSearch(scenario, {
      variant: o.variant,
      target,
      ...(o.tasks !== undefined ? { tasks: o.tasks } : {}),
      ...(o.options !== undefined ? { options: o.options } : {}),
      ...(o.budget !== undefined ? { budget: o.budget } : {}),
      ...(o.signal !== undefined ? { signal: o.signal } : {}),
      ...(o.maxSteps !== undefined ? { maxSteps: o.maxSteps } : {}),
    }),
  );
  const scope = {
    ...(result.setupReadsTrial === true ? { setupReadsTrial: true as const } : {}),
    ...(result.drewRandom === true ? { drewRandom: true as const } : {}),
    ...(result.strandOrdersUnexplored === true ? { strandOrdersUnexplored: true as const } : {}),
    ...(result.maxStepsCut === true ? { maxStepsCut: true as const } : {}),
    ...(result.nondeterministic !== undefined ? { nondeterministic: result.nondeterministic } : {}),
  };
  if (result.kind === 'found') {
    // Of trial 1's program only, when setup reads its trial index: PCT's trials run others. A
    // hang is no interleaving to look for, and its replay would take a whole timeout again.
    const hang = isRunnerOutcome(result.value) && result.value.kind === 'hang';
    const pct =
      hang || trialOneOnly(result) !== undefined || result.nondeterministic !== undefined
        ? undefined
        : await witnessPctDepth(scenario, {
            variant: o.variant,
            schedule: result.schedule,
            ...(o.tasks !== undefined ? { tasks: o.tasks } : {}),
            ...(o.options !== undefined ? { options: o.options } : {}),
            ...(o.maxSteps !== undefined ? { maxSteps: o.maxSteps } : {}),
          });
    return {
      ...scope,
      found: true,
      preemptions: result.preemptions,
      schedule: result.schedule,
      value: result.value,
      target,
      interleavings: result.interleavings,
      ...(pct === undefined
        ? {}
        : 'noneUpTo' in pct
          ? { pctDepthNone: pct.noneUpTo }
          : { pctDepth: pct.depth, ...(pct.depth > 1 ? { pctSteps: pct.steps } : {}) }),
    };
  }
  // 'none' cannot happen for an outcome that was observed, unless the scenario is not
  // deterministic; say the search ended without one rather than claim anything.
  return {
    ...scope,
    found: false,
    target,
    provenUpTo: result.kind === 'cut' ? result.provenUpTo : -1,
    interleavings: result.interleavings,
    reason: result.kind === 'cut' ? result.reason : 'not-reproduced',
  };
}
