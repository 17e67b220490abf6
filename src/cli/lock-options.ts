import { closest } from '../core/closest-name.js';
import { locksOf, withoutLock } from '../core/ablate.js';
import { resolveRun } from '../core/run-scenario.js';
import type { Scenario } from '../core/scenario.js';
import type { RemovedLock } from './command-line.js';
import { CliError } from './exit-codes.js';

/**
 * `--remove-lock <name>`: the scenario with that lock replaced by one that excludes nobody, so
 * that the replay of an ablation reproduces. A name no selected variant uses is refused with
 * the names it does use. Also says which of the variants ask for it: a command printed for one
 * that does not must leave the flag out, or it would be refused (see removedLockFor).
 */
export async function applyRemoveLock<S, R>(
  scenario: Scenario<S, R>,
  lock: string,
  where: { variants: readonly string[] | undefined; tasks: number | undefined; options: Record<string, string> },
): Promise<{ scenario: Scenario<S, R>; removed: RemovedLock }> {
  const resolved = resolveRun(scenario, { ...(where.tasks !== undefined ? { tasks: where.tasks } : {}), options: where.options });
  if (!resolved.schedules.includes('exhaustive')) {
    throw new CliError(
      'usage',
      `--remove-lock needs a scenario lockdemo schedules; ${scenario.name} runs under ${resolved.schedules.join(' or ')} only`,
    );
  }
  const names = where.variants ?? resolved.names;
  const used = new Set<string>();
  const takers: string[] = [];
  for (const variant of names) {
    const locks = await locksOf(scenario, { variant, tasks: resolved.tasks, options: where.options });
    for (const name of locks) used.add(name);
    if (locks.includes(lock)) takers.push(variant);
  }
  if (!used.has(lock)) {
    const list = used.size > 0 ? `its locks: ${[...used].join(', ')}` : 'it takes no lock';
    const near = closest(lock, [...used]);
    const hint = near === undefined ? '' : `; did you mean ${near}?`;
    const who =
      names.length === 1 ? `${names[0] ?? ''} of ${scenario.name} never asks` : `${names.join(', ')} of ${scenario.name} never ask`;
    throw new CliError('usage', `--remove-lock ${lock}: ${who} for that lock (${list})${hint}`);
  }
  return { scenario: withoutLock(scenario, lock), removed: { name: lock, variants: takers } };
}

/** `--ablate` re-runs proofs by exhaustive search, so the scenario must be one lockdemo schedules. */
export function checkAblate<S, R>(scenario: Scenario<S, R>, where: { tasks: number | undefined; options: Record<string, string> }): void {
  const resolved = resolveRun(scenario, { ...(where.tasks !== undefined ? { tasks: where.tasks } : {}), options: where.options });
  if (!resolved.schedules.includes('exhaustive')) {
    throw new CliError(
      'usage',
      `--ablate re-runs the proof by exhaustive search; ${scenario.name} runs under ${resolved.schedules.join(' or ')} only`,
    );
  }
}
