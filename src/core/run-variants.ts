import type { GradedVariant } from './grading.js';
import { progressOf, type Progress } from './progress.js';
import { gradedVariantReport, type RunReport, type VariantReport } from './run-report.js';
import type { RacePolicy } from './scenario.js';
import { SCHEDULE_TABLE, type ScheduleName } from './schedules/table.js';
import type { TrialRecord } from './tally.js';
import { tagRunnerValues } from './runner-outcomes.js';

/**
 * The sequence of a run, variant after variant, in one place for both runners: the library's
 * `runScenario` (trials in this thread, or a pool of workers) and the CLI's supervised run
 * (trials in supervised workers, which outlive a hang). For each selected variant in order:
 * run and grade its trials (the runner's part), decide whether it finished, build its report,
 * add the extras, count its verdict, report it; and stop at the first variant that a stop
 * left unfinished, or after the one under way when it did finish, so the run is `incomplete`.
 * How trials run, where they are graded and what a hang is stay with each runner: this module
 * only sees a {@link VariantRunner}.
 */

/** What the sequence needs of the resolved run (the CLI's main thread holds this part of it). */
export interface VariantsPlan {
  readonly schedule: ScheduleName;
  readonly seed: number;
  readonly trials: number;
  readonly tasks: number;
  readonly durationMs?: number | undefined;
  readonly names: readonly string[];
  readonly skipped: ReadonlyArray<{ name: string; reason: string }>;
  readonly maxSteps?: number | undefined;
  readonly preemptions?: number | undefined;
}

/** One variant's trials, as its runner ran and graded them. */
export interface VariantTrials {
  /** The variant as its report names it. */
  variant: { name: string; races: RacePolicy; summary?: string | undefined };
  /** The trials run (for `exhaustive`: the interleavings explored). */
  done: number;
  graded: GradedVariant;
  /** The first race, the first forbidden outcome and the captured trial (a Tally has them). */
  records: { firstRace?: TrialRecord | undefined; firstForbidden?: TrialRecord | undefined; captured?: TrialRecord | undefined };
  /** Under `exhaustive`: whether the search went through every interleaving within its bound. */
  complete?: boolean;
  /** The runner stopped the variant before all its trials ran (too many hangs): it did not finish. */
  cut?: boolean;
  /**
   * A stop (Ctrl-C) came during the determinism sample that follows a complete search: whether
   * the searched program is one program is not known, so the search proves nothing and the
   * variant did not finish.
   */
  unsampled?: true;
  /** What only the runner knows, in the report's order: `pct`, `randomOdds`, `coverage`. */
  extras?: Partial<VariantReport>;
}

/** Who runs the trials: the sequence asks it for each variant's, and for the extras. */
export interface VariantRunner<T extends VariantTrials = VariantTrials> {
  /** Whether the run has been stopped (Ctrl-C, the caller's abort signal). */
  stopped(): boolean;
  /** Runs and grades the trials of variant `name`, reporting the trials done as it goes. */
  trials(name: string, progress: (done: number) => void): Promise<T>;
  /** What the extras add to a variant's report before it is reported (the smallest race, ablation), if any. */
  extend?(result: VariantReport, trials: T): Promise<Partial<VariantReport> | undefined>;
}

export interface VariantEvents {
  /** After every batch of trials. */
  onProgress?: ((progress: Progress) => void) | undefined;
  /** Once a variant is reported, extras included. */
  onVariant?: ((variant: VariantReport) => void) | undefined;
}

/** The report of a run before its first variant: it passes until a variant fails. */
export function newRunReport(r: VariantsPlan, scenario: { name: string; summary: string; unit?: string | undefined }): RunReport {
  const report: RunReport = {
    scenario: scenario.name,
    summary: scenario.summary,
    ...(scenario.unit !== undefined ? { unit: scenario.unit } : {}),
    schedule: r.schedule,
    seed: r.seed,
    trials: r.trials,
    tasks: r.tasks,
    verdict: 'pass',
    interrupted: false,
    variants: [],
  };
  if (r.durationMs !== undefined) report.durationMs = r.durationMs;
  if (r.preemptions !== undefined) report.preemptions = r.preemptions;
  if (r.maxSteps !== undefined) report.maxSteps = r.maxSteps;
  return report;
}

/** Runs the plan's variants in order into `report` (see the top of this module); resolves with it. */
export async function runVariants<T extends VariantTrials>(
  r: VariantsPlan,
  report: RunReport,
  runner: VariantRunner<T>,
  events: VariantEvents = {},
): Promise<RunReport> {
  const exhaustive = r.schedule === 'exhaustive';
  for (const [index, name] of r.names.entries()) {
    const started = performance.now();
    const doneBefore = report.variants.reduce((sum, v) => sum + v.trials, 0);
    const progress = (done: number): void => events.onProgress?.(progressOf(r, index, done, doneBefore, started));
    const ran = await runner.trials(name, progress);
    const { done } = ran;
    // A bounded search that reached its bound finished; a sampled variant finished unless stopped short.
    // A variant that ran no trial never finished, whatever stopped it: zero trials are no pass.
    const finished =
      done > 0 &&
      ran.cut !== true &&
      ran.unsampled !== true &&
      (exhaustive ? ran.complete === true || done >= r.trials : !(runner.stopped() && done < r.trials));
    // Under asyncio, a task's own strands ready at once resume in the loop's order, which a
    // replay (the model, where they resume oldest first) may not follow: no replay string then.
    const replayable = ran.extras?.strandsAtOnce !== true && ran.extras?.unawaitedWork !== true;
    const result: VariantReport = {
      ...gradedVariantReport(
        ran.variant,
        done,
        ran.graded,
        finished,
        replayable ? ran.records : withoutReplays(ran.records),
        exhaustive ? { complete: ran.complete === true, preemptions: r.preemptions } : undefined,
      ),
      ...(SCHEDULE_TABLE[r.schedule].deterministic ? { deterministic: true } : {}),
      ...(ran.cut === true ? { cut: 'hangs' as const } : {}),
      ...(ran.unsampled === true ? { unsampled: true as const } : {}),
      ...ran.extras,
    };
    // An interleaving that gave another outcome when it ran again: the search counted a mix of
    // programs, and its counts decide nothing (the value the replay gave may be a forbidden one
    // they never show). It fails, as `check` and toBeRaceFree fail it.
    // The extras re-run interleavings (the smallest race, --ablate): of a program that is not one
    // program, they would certify another mix of programs (a "smallest race" of a forbidden value).
    const extras = result.nondeterministic === undefined ? await runner.extend?.(result, ran) : undefined;
    if (extras !== undefined) Object.assign(result, extras);
    // The smallest race's search runs the same program's interleavings again: one that gave
    // another outcome there is the same finding as the sample's.
    const changed = result.nondeterministic ?? extras?.minimal?.nondeterministic;
    if (changed !== undefined) {
      result.nondeterministic = changed;
      result.verdict = 'fail';
    }
    // Not (known to be) one program: its odds would be of a program that may not exist.
    if (changed !== undefined || result.unsampled === true) delete result.randomOdds;
    // The runner's own outcomes carry their kind, as --json writes them (a deadlock is no string).
    tagRunnerValues(result);
    report.variants.push(result);
    if (result.verdict === 'fail') report.verdict = 'fail';
    events.onVariant?.(result);
    if (runner.stopped() && (!finished || index < r.names.length - 1 || result.extrasStopped === true)) {
      // Stopped: this variant, its extras, or the variants not yet started did not run to completion.
      report.interrupted = true;
      break;
    }
  }
  // A variant that did not finish (interrupted, or a search a hang cut short) is never a pass.
  if ((report.interrupted || report.variants.some((v) => !v.finished)) && report.verdict !== 'fail') report.verdict = 'incomplete';
  report.skipped = [...r.skipped];
  return report;
}

/** The records of a variant whose picks do not replay what ran: the same, with no replay string. */
function withoutReplays(records: VariantTrials['records']): VariantTrials['records'] {
  const bare = (record: TrialRecord | undefined): TrialRecord | undefined =>
    record === undefined ? undefined : { trial: record.trial, value: record.value };
  return { firstRace: bare(records.firstRace), firstForbidden: bare(records.firstForbidden), captured: bare(records.captured) };
}
