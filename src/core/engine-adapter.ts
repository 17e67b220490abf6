/**
 * The one place where the extras (serial orders, lock ablation) reach below runScenario into
 * the engine: running chosen trials with a picker of their own. When the engine changes, this
 * is the module to adapt.
 */
import type { TrialValue } from './runner-outcomes.js';
import { PickLog, type Picker } from './controlled-trial.js';
import type { RunParams, Scenario, Variant } from './scenario.js';
import { controlledBatch } from './controlled-batch.js';
import type { TrialPlan } from './trial-plan.js';

/** One trial's end: its value and the task picked at each step. */
export interface PickedTrial {
  value: TrialValue;
  picks: number[];
}

/**
 * Runs one controlled trial per picker, in order, under the same model as every controlled
 * schedule; resolves with each trial's value and picks.
 */
export async function runWithPickers<S, R>(
  scenario: Scenario<S, R>,
  variant: Variant<S>,
  params: RunParams,
  pickers: readonly Picker[],
  resource?: R,
  /**
   * When given, every trial runs as trial 0 (one program), and a read of the index by setup
   * calls this; otherwise trial i runs as trial i.
   */
  onTrialRead?: () => void,
  /** Called once a trial drew from Math.random (see TrialPlan.drew). */
  onDrew?: () => void,
): Promise<PickedTrial[]> {
  const results: PickedTrial[] = [];
  const picks = new PickLog();
  const plan: TrialPlan<S, R> = {
    scenario,
    variant,
    params,
    timeoutMs: 0,
    picks,
    resource,
    record: (value) => {
      results.push({ value, picks: picks.toArray() });
    },
  };
  const source = {
    next: (index: number) => pickers[index],
    ended: () => {},
    ...(onTrialRead !== undefined ? { trialIndex: () => 0, trialIndexRead: onTrialRead } : {}),
  };
  let done = 0;
  while (done < pickers.length) {
    if (done > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    done += await controlledBatch(plan, source, done, pickers.length - done);
  }
  if (plan.drew === true) onDrew?.();
  return results;
}
