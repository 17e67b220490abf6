/**
 * lockdemo's library API: declare a scenario, run it under a schedule and read the same report
 * that `lockdemo <scenario> --json` prints, replay one interleaving, or check a scenario's
 * declarations the way `lockdemo check` does.
 */
export { defineScenario, isScenario, ScenarioError, MAX_TASKS } from './core/scenario.js';
export type {
  Grade,
  IoOperation,
  ObservedValue,
  Outcome,
  RacePolicy,
  RunParams,
  Scenario,
  ScenarioSpec,
  SerializableScenarioSpec,
  TaskContext,
  Variant,
} from './core/scenario.js';
export { Lock } from './core/lock.js';
export {
  runScenario,
  replayTrial,
  RunOptionError,
  SCHEDULES,
  CONTROLLED_SCHEDULES,
  MAX_TRIALS,
  DEFAULT_MAX_INTERLEAVINGS,
  DEFAULT_MAX_STEPS,
  DEFAULT_PCT_DEPTH,
  SCHEDULE_TABLE,
} from './core/run-scenario.js';
export { RunnerOutcome, isRunnerOutcome } from './core/runner-outcomes.js';
export type { RunnerKind, TrialValue } from './core/runner-outcomes.js';
export type {
  PctInfo,
  Progress,
  ReplayOptions,
  RunOptions,
  RunReport,
  ScheduleName,
  TracedTrial,
  TrialRecord,
  VariantReport,
} from './core/run-scenario.js';
export { ReplayError } from './core/schedules/replay.js';
export type { TraceEvent } from './core/trace-event.js';
export { checkScenario, CHECK_DEFAULTS } from './core/check.js';
export type { CheckOptions, CheckResult, CheckStatus } from './core/check.js';
export type { GradedOutcome } from './core/grading.js';
export { wilsonInterval } from './core/stats.js';
export type { Coverage, LockAblation, MinimalRace, VariantAblation, VariantExtras } from './core/extras-types.js';
export { MAX_SERIAL_TASKS } from './core/serializable.js';
