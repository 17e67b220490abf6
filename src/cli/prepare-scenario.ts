/**
 * The scenario as the worker runs it with `--remove-lock` and `--ablate`, and the run options
 * that turn the analyses on: the worker's side of the extras (see run-extras.ts for the lines
 * they print), kept apart so that the main thread never loads the engine.
 */
import type { RunOptions, ScheduleName } from '../core/run-scenario.js';
import { CONTROLLED_SCHEDULES } from '../core/schedules/table.js';
import type { Scenario } from '../core/scenario.js';
import { variantExtender } from '../core/variant-extras.js';
import type { RemovedLock } from './command-line.js';
import { applyRemoveLock, checkAblate } from './lock-options.js';

export interface ExtrasFlags {
  ablate?: boolean;
  removeLock?: string;
  variant?: string[];
  tasks?: number;
}

/**
 * The scenario to run: with `--remove-lock` applied (and which variants ask for that lock), and
 * checked for `--ablate`.
 */
export async function prepareScenario<S, R>(
  loaded: Scenario<S, R>,
  flags: ExtrasFlags,
  options: Record<string, string>,
): Promise<{ scenario: Scenario<S, R>; removedLock?: RemovedLock }> {
  const applied =
    flags.removeLock === undefined
      ? undefined
      : await applyRemoveLock(loaded, flags.removeLock, { variants: flags.variant, tasks: flags.tasks, options });
  const scenario = applied?.scenario ?? loaded;
  if (flags.ablate) checkAblate(scenario, { tasks: flags.tasks, options });
  return applied === undefined ? { scenario } : { scenario, removedLock: applied.removed };
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
