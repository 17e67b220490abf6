/**
 * lockdemo's library API: declare a scenario, run it under a schedule, read the same report
 * that `lockdemo <scenario> --json` prints.
 */
export { defineScenario, isScenario, ScenarioError, MAX_TASKS } from './core/scenario.js';
export type {
  Grade,
  ObservedValue,
  Outcome,
  RacePolicy,
  RunParams,
  Scenario,
  ScenarioSpec,
  TaskContext,
  Variant,
} from './core/scenario.js';
export { Lock } from './core/lock.js';
export { runScenario, RunOptionError, SCHEDULES, MAX_TRIALS } from './core/run-scenario.js';
export type { Progress, RunOptions, RunReport, ScheduleName, VariantReport } from './core/run-scenario.js';
export type { GradedOutcome } from './core/grading.js';
export { wilsonInterval } from './core/stats.js';
