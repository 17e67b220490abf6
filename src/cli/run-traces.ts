// Only constants and types of the core: the engine itself loads in the worker, not here.
import type { RunReport, TracedTrial, TrialRecord, VariantReport } from '../core/run-scenario.js';
import { HANG } from '../core/runner-outcomes.js';
import { formatCount } from './numbers.js';
import { hung as hungTrials } from './render-scope.js';
import { replayedTrial, replaySeed } from './command-line.js';
import { smallestSchedule, smallestTitle } from './run-extras.js';
import { unitWord, type ScheduleName } from '../core/schedules/table.js';
import type { Colors } from './colors.js';
import { fitLines } from './text-width.js';
import { type Session } from './contain/session.js';
import type { RunCommandOptions } from './run-command-options.js';

/** The traces printed after a run: which trial of each variant, replayed in the worker. */

export interface VariantTrace {
  variant: VariantReport;
  record: TrialRecord | undefined;
  trial: TracedTrial | undefined;
}

/**
 * Replays the trial to trace for each variant: the one asked for, or the first that raced,
 * with the trial index it had in the run. A hang is not replayed: it would hang again.
 */
export async function traceVariants(
  session: Session,
  report: RunReport,
  options: Record<string, string>,
  traceTrial: number | undefined,
): Promise<VariantTrace[]> {
  const traces: VariantTrace[] = [];
  for (const variant of report.variants) {
    // The smallest race is the simplest story of the race: it is traced first when known (see smallestSchedule).
    const smallest = smallestSchedule(variant, traceTrial, report.schedule);
    const record =
      smallest !== undefined
        ? undefined
        : traceTrial !== undefined
          ? variant.captured
          : (variant.firstForbidden ?? variant.firstRace ?? variant.captured);
    const schedule = smallest ?? record?.schedule;
    const trial =
      schedule !== undefined && record?.value !== HANG
        ? await session.ask(0, {
            type: 'replay',
            variant: variant.name,
            tasks: report.tasks,
            schedule,
            options,
            ...trialIndexOf(replayedTrial(report.schedule, record)),
            ...(report.maxSteps !== undefined ? { maxSteps: report.maxSteps } : {}),
            // A recorded trial's Math.random draws by the run's seed; the smallest race's by none.
            ...(record !== undefined && replaySeed(report, variant) !== undefined ? { seed: report.seed } : {}),
          })
        : undefined;
    traces.push({ variant, record, trial });
  }
  return traces;
}

/** The `trial` of a replay request: the 0-based index of a 1-based trial number, if any. */
export function trialIndexOf(trial: number | undefined): { trial?: number } {
  return trial === undefined ? {} : { trial: trial - 1 };
}

/**
 * The traces of the JSON report: each trial with the index it had in the run; a variant with
 * none has its name and the reason the text gives (an empty object told a reader nothing).
 */
export function tracesJson(traces: readonly VariantTrace[], options: RunCommandOptions): object[] {
  return traces.map(({ trial, record, variant }) =>
    trial === undefined
      ? { variant: variant.name, untraced: noTraceReason(variant, options).replace(`${variant.name}: no trace`, 'no trace') }
      : {
          trial: record?.trial,
          ...(record === undefined && variant.minimal?.found ? { smallest: true } : {}),
          ...trial,
        },
  );
}

/** The traces printed after a run's tables, and why a variant has none. */
export async function renderTraces(
  c: Colors,
  traces: readonly VariantTrace[],
  options: RunCommandOptions,
  run: { schedule: ScheduleName; tasks: number; width: number },
): Promise<string> {
  // Loaded only when there is a trace to draw.
  const { renderTrace } = await import('./render-trace.js');
  let text = '';
  for (const { variant, record, trial } of traces) {
    if (trial === undefined) {
      text += `\n${fitLines([c.dim(noTraceReason(variant, options))], run.width).join('\n')}\n`;
      continue;
    }
    const unit = unitWord(run.schedule, false);
    const calm = options.traceTrial === undefined && record !== undefined && record === variant.captured ? ` (no ${unit} raced)` : '';
    const which = record === undefined ? smallestTitle(variant) : `${unit} ${formatCount(record.trial)}${calm}`;
    text += renderTrace(c, `trace of ${variant.name}, ${which}`, trial, run.tasks, run.width);
  }
  return text;
}

export function noTraceReason(variant: VariantReport, options: RunCommandOptions): string {
  // Under asyncio a replay would not resume a task's strands in the loop's order (see run-variants.ts).
  if (variant.strandsAtOnce === true) {
    return `${variant.name}: no trace: a task ran several of its own strands at once, and a replay would not resume them in asyncio's order`;
  }
  if (variant.unawaitedWork === true) {
    return `${variant.name}: no trace: work went on after the tasks returned, which a replay (the model) does not run`;
  }
  const unit = variant.interleavings !== undefined ? 'interleaving' : 'trial';
  const hung = (trial: number): string =>
    `${variant.name}: no trace: ${unit} ${formatCount(trial)} did not come back within --timeout, and its replay would not either`;
  if (options.traceTrial !== undefined) {
    // Every trial that came back was captured when it was the one asked for: one within the
    // count that was not is one the supervisor stopped.
    if (options.traceTrial <= variant.trials && hungTrials(variant)) return hung(options.traceTrial);
    // A search counts interleavings, not trials: --trace-trial K is its K-th interleaving.
    const ran =
      variant.interleavings !== undefined
        ? `the search found only ${formatCount(variant.trials)} ${variant.trials === 1 ? 'interleaving' : 'interleavings'}`
        : `it ran only ${formatCount(variant.trials)} ${variant.trials === 1 ? 'trial' : 'trials'}`;
    return `${variant.name}: no trace, ${ran} (--trace-trial ${options.traceTrial})`;
  }
  const first = variant.firstForbidden ?? variant.firstRace;
  if (first?.value === HANG) return hung(first.trial);
  return `${variant.name}: no trial raced, so there is nothing to trace (--trace-trial K traces any trial)`;
}

/**
 * `--trace-trial K` that the run cannot reach, known before it: past the trials of a sample, or
 * past the bound of a search (its `--max-interleavings`, given or the default). Undefined when
 * K may be reached; a search may still end before K, which only its end can say.
 */
export function traceTrialBeyondPlan(
  traceTrial: number | undefined,
  plan: { unit: 'trials' | 'interleavings'; trials: number; timed: boolean; maxInterleavings: number | undefined },
): string | undefined {
  if (traceTrial === undefined || traceTrial <= plan.trials) return undefined;
  if (plan.unit === 'interleavings') {
    return plan.maxInterleavings !== undefined
      ? `--trace-trial ${traceTrial} is past the last interleaving: --max-interleavings ${plan.maxInterleavings} explores ${formatCount(plan.maxInterleavings)} at most`
      : `--trace-trial ${traceTrial} is past the last interleaving: a search explores ${formatCount(plan.trials)} at most (--max-interleavings raises the bound)`;
  }
  // A timed run's trials are a cap, not a plan: how many it runs is known at its end.
  if (plan.timed) return undefined;
  return `--trace-trial ${traceTrial} is past the last trial: this run has ${formatCount(plan.trials)} trial${plan.trials === 1 ? '' : 's'} per variant`;
}

/**
 * `--trace-trial K` past the end of every variant's search: the option would do nothing, as it
 * would under `random` (refused before the run, exit 2). A search's size is known only after
 * it: the run's output is held back until then (see held-output.ts) and dropped for this one
 * line. The message, or undefined when some variant reached K (or the run was stopped, which
 * says why itself).
 */
export function traceTrialPastEnd(traces: readonly VariantTrace[], report: RunReport, traceTrial: number | undefined): string | undefined {
  if (traceTrial === undefined || report.interrupted || traces.length === 0) return undefined;
  if (!traces.every((t) => t.variant.interleavings !== undefined && t.variant.trials < traceTrial)) return undefined;
  const most = Math.max(...traces.map((t) => t.variant.trials));
  const each = traces.map((t) => `${t.variant.name} ${formatCount(t.variant.trials)}`).join(', ');
  const accepted = most === 1 ? 'only 1 is' : `1 to ${formatCount(most)} are`;
  return `--trace-trial ${traceTrial} is past the last interleaving: the search found ${formatCount(most)} at most (${each}); ${accepted} accepted here`;
}
