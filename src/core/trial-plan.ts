import { describeThrown } from './describe-thrown.js';
import type { ControlledTrial } from './controlled-trial.js';
import { DEFAULT_MAX_STEPS, PickLog } from './engine-types.js';
import type { TrialValue } from './runner-outcomes.js';
import { isA } from './is-a.js';
import { RunOptionError } from './run-option-error.js';
import { ScenarioError, type RunParams, type Scenario, type Variant } from './scenario.js';
import type { Tally } from './tally.js';
import { pickMade } from './heartbeat.js';
import type { TraceRecorder } from './trace.js';
import type { RandomKey } from './trial-random.js';

/** What the batches of one variant's trials share, and where each outcome is counted. */

/** How long one batch of trials may hold the event loop before timers and signals get a turn. */
export const BATCH_MS = 15;

/** What the batches of one variant's trials share. */
export interface TrialPlan<S = unknown, R = unknown> {
  scenario: Scenario<S, R>;
  variant: Variant<S>;
  params: RunParams;
  timeoutMs: number;
  /** Controlled schedules: a trial with more scheduling steps ends as a step-limit outcome. */
  maxSteps?: number;
  /** The picks of the trial in flight (controlled schedules), reset per trial. */
  picks: PickLog;
  /** What the scenario's `open` returned for this run. */
  resource?: R;
  tracer?: TraceRecorder;
  record: (value: TrialValue, index: number) => void;
  /** Where each trial's Math.random draws from (trial-random.ts); a fixed stream when undefined. */
  random?: RandomKey;
  /**
   * Set by the controlled trial loop once a trial drew from Math.random, in its steps or between
   * them (controlled-batch.ts): read per plan, so that another run in the same thread, which
   * draws and clears the process's own record (takeRandomDrawn), cannot hide it.
   */
  drew?: boolean;
  onTrialEnd?: (trial: ControlledTrial<S, R>) => void;
}

/**
 * Picks also published to the supervisor (heartbeat.ts; nothing outside a supervised worker):
 * a trial that never comes back, in a run's range or a `lockdemo check`, is replayed from them.
 */
export class PublishedPicks extends PickLog {
  override push(task: number): void {
    super.push(task);
    pickMade(task);
  }
}

/** The trial plan of one variant: what a batch needs, and where each outcome is counted. */
export function makePlan<S, R>(
  scenario: Scenario<S, R>,
  variant: Variant<S>,
  params: RunParams,
  timeoutMs: number,
  tally: Tally,
  resource?: R,
  maxSteps = DEFAULT_MAX_STEPS,
  random?: RandomKey,
): TrialPlan<S, R> {
  const picks = new PublishedPicks();
  return {
    scenario,
    variant,
    params,
    timeoutMs,
    maxSteps,
    picks,
    resource,
    record: (value, index) => tally.record(value, index, picks),
    ...(random !== undefined ? { random } : {}),
  };
}

/**
 * `setup` runs outside any task, so its exception is a broken scenario, not a trial outcome;
 * except a RunOptionError, an option's service that stopped working (Redis gone mid-run), which
 * is reported as that option's failure.
 */
export function setupError<S, R>(scenario: Scenario<S, R>, error: unknown): ScenarioError | RunOptionError {
  if (isA(error, RunOptionError)) return error;
  return new ScenarioError(`scenario "${scenario.name}": setup threw: ${describeThrown(error)}`);
}
