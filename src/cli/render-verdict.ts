/**
 * A run's verdict in words, as the terminal and the HTML report say it: each variant's label
 * beside its counts, and the closing line's pass or failure.
 */
import { trialOneOnly } from '../core/run-report.js';
import type { RunReport, VariantReport } from '../core/run-scenario.js';
import type { Colors } from './colors.js';
import { formatCount } from './numbers.js';

/**
 * What the verdict means for a learner: a variant whose races are allowed and happened "raced,
 * as allowed" (the lesson showed up), not a bare OK that reads as "nothing wrong".
 */
export function verdictLabel(c: Colors, v: VariantReport, unit: string): string {
  // Failed for what its replay showed, not for a forbidden value among its counts.
  if (v.verdict === 'fail' && v.forbiddenCount === 0 && v.nondeterministic !== undefined) return c.red.bold('FAIL: not deterministic');
  if (v.verdict === 'fail')
    return c.red.bold(`FAIL: ${formatCount(v.forbiddenCount)} forbidden ${v.forbiddenCount === 1 ? unit : `${unit}s`}`);
  if (v.verdict === 'incomplete')
    return c.yellow.bold(`incomplete: stopped after ${formatCount(v.trials)} ${v.trials === 1 ? unit : `${unit}s`}`);
  if (v.races === 'forbidden') return c.green.bold('never raced, as required');
  if (v.raceCount > 0) return c.yellow.bold('raced, as allowed');
  if (v.deadlockCount > 0) return c.yellow.bold('deadlocked, as allowed');
  // A hang or a step limit the scenario declares a race is not counted as one (as a deadlock is
  // not), but it happened: the run demonstrated what the scenario declared.
  // Each kind once: two stalls of different causes are two rows, and one "stalled".
  const declared = [...new Set(v.outcomes.filter((o) => o.count > 0 && o.runner !== undefined && o.grade === 'race').map((o) => o.runner))];
  if (declared.length > 0) return c.yellow.bold(`${declared.join(' and ')} seen, declared races: as allowed`);
  return c.yellow('never raced (races allowed): this run demonstrates nothing');
}

/** What a pass says: a bounded search proves nothing beyond its bound, so its pass says so too. */
export function passWords(report: RunReport): string {
  const bounded = report.variants.some(
    (v) =>
      v.interleavings !== undefined &&
      (!v.complete ||
        v.preemptions !== undefined ||
        trialOneOnly(v) !== undefined ||
        v.strandOrdersUnexplored === true ||
        v.nextTicksUnwatched === true),
  );
  // A sample that never ran the other orders of a task's own strands passes for the orders it ran.
  const strands = report.variants.some((v) => v.interleavings === undefined && v.strandOrdersUnexplored === true);
  const skipped = report.skipped?.length ?? 0;
  // Variants that could not run here (one needs Redis) are not among those that passed.
  const which = skipped > 0 ? `every variant that ran met its declaration (${skipped} skipped)` : 'every variant met its declaration';
  return bounded || strands ? `${which}, within the bounds above` : which;
}

/**
 * Why a run failed, as the terminal and the HTML report say it (undefined: no variant failed):
 * the variants with forbidden outcomes, and those whose search found the scenario not
 * deterministic, whose counts decide nothing whatever values they show.
 */
export function failWords(report: RunReport): string | undefined {
  const failed = report.variants.filter((v) => v.verdict === 'fail');
  // A forbidden value the search's counts do not show: the sample's replay gave it.
  const onReplay = (v: VariantReport): boolean => v.forbiddenCount === 0 && v.nondeterministic?.thenForbidden === true;
  const forbidden = failed
    .filter((v) => v.forbiddenCount > 0 || onReplay(v))
    .map((v) => (onReplay(v) ? `${v.name} (when an interleaving ran again)` : v.name));
  const changing = failed.filter((v) => v.forbiddenCount === 0 && !onReplay(v) && v.nondeterministic !== undefined).map((v) => v.name);
  const words = [
    ...(forbidden.length > 0 ? [`forbidden outcomes in ${forbidden.join(', ')}`] : []),
    ...(changing.length > 0
      ? [
          `${changing.join(', ')} ${changing.length === 1 ? 'is' : 'are'} not deterministic (an interleaving gave another outcome when it ran again)`,
        ]
      : []),
  ];
  return words.length > 0 ? words.join('; ') : undefined;
}
