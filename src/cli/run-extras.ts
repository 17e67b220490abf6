/**
 * What the smallest race, coverage and lock ablation add to `lockdemo <scenario>`, kept out of
 * run-command.ts so that the command only calls in: the scenario with `--remove-lock` applied,
 * the run options that turn the analyses on, the lines printed under each variant, and the
 * trace to show first.
 */
import type { RunOptions, ScheduleName, VariantReport } from '../core/run-scenario.js';
import { CONTROLLED_SCHEDULES } from '../core/run-scenario.js';
import type { Scenario } from '../core/scenario.js';
import { variantExtender } from '../core/variant-extras.js';
import type { Colors } from './colors.js';
import { replayLine, shellQuote } from './command-line.js';
import { applyRemoveLock, checkAblate, withRemoveLock } from './lock-options.js';
import { minimalWhat, renderExtras } from './render-extras.js';

export interface ExtrasFlags {
  ablate?: boolean;
  removeLock?: string;
  variant?: string[];
  tasks?: number;
}

/** The scenario to run: with `--remove-lock` applied, and checked for `--ablate`. */
export async function prepareScenario<S, R>(
  loaded: Scenario<S, R>,
  flags: ExtrasFlags,
  options: Record<string, string>,
): Promise<Scenario<S, R>> {
  const scenario =
    flags.removeLock === undefined
      ? loaded
      : await applyRemoveLock(loaded, flags.removeLock, { variants: flags.variant, tasks: flags.tasks, options });
  if (flags.ablate) checkAblate(scenario, { tasks: flags.tasks, options });
  return scenario;
}

/** The run options that turn the analyses on (controlled schedules only; coverage in-thread only). */
export function extrasRunOptions<S, R>(
  scenario: Scenario<S, R>,
  o: { schedule: ScheduleName; jobs: number; tasks: number; options: Record<string, string>; ablate?: boolean; signal?: AbortSignal },
): Pick<RunOptions, 'coverage' | 'extendVariant'> {
  if (!CONTROLLED_SCHEDULES.includes(o.schedule)) return {};
  return {
    coverage: o.jobs === 1,
    extendVariant: variantExtender(scenario, {
      tasks: o.tasks,
      options: o.options,
      ...(o.ablate ? { ablate: true } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
    }),
  };
}

/** The replay command of one schedule of a variant, with the run's removed lock if any. */
export function replayCommandOf(
  scenarioArg: string,
  scenario: Pick<Scenario, 'tasks'>,
  tasks: number,
  removeLock: string | undefined,
  maxSteps?: number,
  /** The scenario's own options of the run, as words (`--origin`, `http`). */
  flags: readonly string[] = [],
) {
  return (variant: string) => (schedule: string) =>
    withRemoveLock(replayLine(scenarioArg, variant, schedule, tasks, scenario, maxSteps, flags), removeLock, shellQuote);
}

/** The lines printed under a variant. */
export function extrasLines(
  c: Colors,
  v: VariantReport,
  scenarioArg: string,
  scenario: Pick<Scenario, 'tasks'>,
  tasks: number,
  removeLock: string | undefined,
  width?: number,
  flags: readonly string[] = [],
): string {
  return renderExtras(
    c,
    v,
    {
      replayCommand: replayCommandOf(scenarioArg, scenario, tasks, removeLock, undefined, flags)(v.name),
      replayWithout: (lock, schedule) => replayCommandOf(scenarioArg, scenario, tasks, lock, undefined, flags)(v.name)(schedule),
    },
    width,
  );
}

/** The smallest race's schedule, which `--trace` shows first (unless `--trace-trial` asks for a trial). */
export function smallestSchedule(variant: VariantReport, traceTrial: number | undefined): string | undefined {
  return traceTrial === undefined && variant.minimal?.found === true ? variant.minimal.schedule : undefined;
}

/** "the smallest race (1 preemption)" */
export function smallestTitle(variant: VariantReport): string {
  const m = variant.minimal;
  const k = m?.found === true ? m.preemptions : 0;
  return `the smallest ${m ? minimalWhat(m) : 'race'} (${k === 1 ? '1 preemption' : `${k} preemptions`})`;
}
