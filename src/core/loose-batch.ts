import { LooseTrial } from './loose-trial.js';
import { streamFor } from './prng.js';
import { isRunnerOutcome, type TrialValue } from './runner-outcomes.js';
import { observedValueError } from './observed-value.js';
import { BATCH_MS, setupError, type TrialPlan } from './trial-plan.js';
import { reseedTrialRandom } from './trial-random.js';

/**
 * The uncontrolled trial loop, loaded only by runs that need it (see trial-loop.ts). The loop of `event-loop` (one trial at a time, so each runs exactly as Node.js would run it
 * alone) and `timers` (several trials in flight, since each mostly waits on timers).
 */
export function looseBatch<S, R>(
  plan: TrialPlan<S, R>,
  seed: number,
  variantName: string,
  first: number,
  max: number,
  concurrency: number,
  jitter: boolean,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const { scenario, variant, params } = plan;
    const deadline = performance.now() + BATCH_MS;
    let started = 0;
    let finished = 0;
    let failed = false;
    const launch = (): void => {
      const index = first + started++;
      const rng = jitter ? streamFor(seed, variantName, index) : undefined;
      // Undefined only for a scenario without `open`, whose R is then undefined (its default).
      const trialParams = { ...params, trial: index, resource: plan.resource as R };
      const onSetupError = (error: unknown): void => {
        if (failed) return;
        failed = true;
        reject(setupError(scenario, error));
      };
      // One stream per trial; under `timers` trials overlap, and draw from one another's.
      reseedTrialRandom(plan.random, index);
      new LooseTrial(
        variant,
        params,
        scenario.setup,
        scenario.observe,
        rng,
        plan.timeoutMs,
        (value) => onEnd(value, index),
        trialParams,
        onSetupError,
      ).start();
    };
    const onEnd = (value: TrialValue, index: number): void => {
      if (failed) return;
      const broken = isRunnerOutcome(value) ? undefined : observedValueError(scenario.name, value);
      if (broken !== undefined) {
        failed = true;
        reject(broken);
        return;
      }
      try {
        // Recording grades a new value: an outcome's `match` that throws is the scenario's
        // error, which must end the batch here, not vanish in the trial's callback (the batch
        // then never ended, and the run counted a hang).
        plan.record(value, index);
      } catch (error) {
        failed = true;
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      finished++;
      if (started < max && performance.now() < deadline) launch();
      else if (finished === started) resolve(finished);
    };
    while (!failed && started < Math.min(concurrency, max)) launch();
  });
}
