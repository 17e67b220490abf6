/**
 * What the smallest race, coverage and lock ablation add to `lockdemo <scenario>`, kept out of
 * run-command.ts so that the command only calls in: the scenario with `--remove-lock` applied,
 * the run options that turn the analyses on, the lines printed under each variant, and the
 * trace to show first.
 */
import type { VariantReport } from '../core/run-scenario.js';
import { SCHEDULE_TABLE, type ScheduleName } from '../core/schedules/table.js';
import type { Scenario } from '../core/scenario.js';
import type { Colors } from './colors.js';
import { removedLockFor, replayedTrial, replayLine, replaySeed, shellQuote, withRemoveLock, type RemovedLock } from './command-line.js';
import { minimalWhat, renderExtras } from './render-extras.js';

/**
 * The replay command of one schedule of a variant, with the run's removed lock if the variant
 * asks for it (see removedLockFor). Given
 * the run's schedule, a recorded trial's number (1-based) goes into the command when that
 * schedule numbers its trials (a `setup` may depend on it); without, the replay is of trial 1.
 */
export function replayCommandOf(
  scenarioArg: string,
  scenario: Pick<Scenario, 'tasks'>,
  tasks: number,
  removed: RemovedLock | undefined,
  maxSteps?: number,
  optionFlags?: readonly string[],
  runSchedule?: ScheduleName,
  /** The run's seed: a recorded trial of a variant that drew from Math.random replays with it. */
  runSeed?: number,
) {
  return (variant: string, drawsRandom?: true) => (schedule: string, trial?: number) =>
    withRemoveLock(
      replayLine(
        scenarioArg,
        variant,
        schedule,
        tasks,
        scenario,
        maxSteps,
        optionFlags,
        runSchedule === undefined || trial === undefined ? undefined : replayedTrial(runSchedule, { trial }),
        runSeed === undefined || trial === undefined
          ? undefined
          : replaySeed({ seed: runSeed }, { ...(drawsRandom ? { drawsRandom } : {}) }),
      ),
      removedLockFor(removed, [variant]),
      shellQuote,
    );
}

/** The lines printed under a variant. */
export function extrasLines(
  c: Colors,
  v: VariantReport,
  scenarioArg: string,
  scenario: Pick<Scenario, 'tasks'>,
  tasks: number,
  removed: RemovedLock | undefined,
  width?: number,
  optionFlags?: readonly string[],
  /** The run's --max-steps when given: the searches ran under it, so their replays need it. */
  maxSteps?: number,
): string {
  return renderExtras(
    c,
    v,
    {
      replayCommand: replayCommandOf(scenarioArg, scenario, tasks, removed, maxSteps, optionFlags)(v.name),
      // The ablation removed one of this variant's own locks.
      replayWithout: (lock, schedule) =>
        replayCommandOf(scenarioArg, scenario, tasks, { name: lock, variants: [v.name] }, maxSteps, optionFlags)(v.name)(schedule),
    },
    width,
  );
}

/**
 * The smallest race's schedule, which `--trace` shows first (the simplest story of the race),
 * unless `--trace-trial` asks for a trial; and not under a schedule whose every trial is the
 * same one (asyncio): that trial is the lesson (CPython's "expected 3, got 1"), and the smallest
 * race, another interleaving, is not what ran.
 */
export function smallestSchedule(variant: VariantReport, traceTrial: number | undefined, schedule: ScheduleName): string | undefined {
  if (SCHEDULE_TABLE[schedule].deterministic) return undefined;
  return traceTrial === undefined && variant.minimal?.found === true ? variant.minimal.schedule : undefined;
}

/** "the smallest race (1 preemption)" */
export function smallestTitle(variant: VariantReport): string {
  const m = variant.minimal;
  const k = m?.found === true ? m.preemptions : 0;
  return `the smallest ${m ? minimalWhat(m) : 'race'} (${k === 1 ? '1 preemption' : `${k} preemptions`})`;
}
