import { AsyncioPicker } from './schedules/asyncio.js';
import { Explorer } from './schedules/exhaustive.js';
import { PctPicker } from './schedules/pct.js';
import { ScenarioError, variantOf, type Scenario } from './scenario.js';
import { gradeVariant } from './grading.js';
import { Tally } from './tally.js';
import { measureSteps, runRange } from './trial-loop.js';
import { makePlan } from './trial-plan.js';
import { asyncioSource, exhaustiveSource, sourceFor, type TrialSource } from './trial-sources.js';
import { DEFAULT_MAX_STEPS } from './controlled-trial.js';
import { oddsOf, trackOdds, type OddsTally } from './random-odds.js';
import { CoverageTracker } from './coverage.js';
import { forbiddenIn, replaySample, sampleInterleavings, type InterleavingSample } from './replay-sample.js';
import { isSerializable, serialOutcomes } from './serializable.js';
import { SCHEDULE_TABLE } from './schedules/table.js';
import { resolveRun, RunOptionError } from './resolve-run.js';
import { checkRunOptions, checkScenarioArgument } from './library-input.js';
import { shownOptions } from './shown-options.js';
import type { RunOptions } from './run-options.js';
import { pctAfterTrials, type PctInfo, type RunReport, type VariantReport } from './run-report.js';
import { newRunReport, runVariants, type VariantRunner, type VariantTrials } from './run-variants.js';
import { randomKey, takeRandomDrawn, withSeededRandom } from './trial-random.js';

// The library's run API in one place: the report types, the options, their resolution and the replay.
export type { TrialRecord } from './tally.js';
export { CHUNK_TRIALS } from './trial-loop.js';
export { SCHEDULES, CONTROLLED_SCHEDULES, SCHEDULE_TABLE, type ScheduleName } from './schedules/table.js';
export { DEFAULT_MAX_STEPS, DEFAULT_MAX_INTERLEAVINGS, DEFAULT_PCT_DEPTH, MAX_TRIALS } from './limits.js';
export type { RunOptions, Progress, ReplayOptions } from './run-options.js';
export { gradedVariantReport, type PctInfo, type RunReport, type TracedTrial, type VariantReport } from './run-report.js';
export { resolveRun, outcomesFor, RunOptionError, type ResolvedRun } from './resolve-run.js';
export { replayTrial } from './replay-trial.js';

/**
 * Run a scenario: every selected variant under one schedule, `trials` times each (or every
 * interleaving, under `exhaustive`). Counts are kept per distinct value in a Map, so memory is
 * flat for any number of trials.
 */
export async function runScenario<S, R>(scenario: Scenario<S, R>, options: RunOptions = {}): Promise<RunReport> {
  checkScenarioArgument('runScenario', scenario);
  checkRunOptions(options);
  const r = resolveRun(scenario, options);
  const facts = SCHEDULE_TABLE[r.schedule];
  const report = newRunReport(r, scenario);
  const moduleUrl = options.moduleUrl;
  if (r.jobs > 1 && moduleUrl === undefined) {
    throw new RunOptionError('jobs > 1 needs moduleUrl, where workers import the scenario from', { option: 'moduleUrl' });
  }
  const deadline = r.durationMs ?? Infinity;
  const pool =
    r.jobs > 1 && moduleUrl !== undefined
      ? new (await import('./worker-pool.js')).WorkerPool(r.jobs, {
          moduleUrl,
          scenario: { name: scenario.name, variants: Object.keys(scenario.variants) },
          tasks: r.tasks,
          seed: r.seed,
          schedule: r.schedule as 'random' | 'pct',
          options: r.params.options,
          ...(r.captureTrial !== undefined ? { captureTrial: r.captureTrial } : {}),
          ...(r.maxSteps !== undefined ? { maxSteps: r.maxSteps } : {}),
        })
      : undefined;
  const stopped = (): boolean => options.signal?.aborted === true;
  let resource: R | undefined;
  let opened = false;
  // One variant's trials, in this thread or the pool; runVariants reports them.
  const trials = async (name: string, reportDone: (done: number) => void): Promise<VariantTrials> => {
    // A timed run's clock ends a variant only once a trial of it has run: one that ran none
    // has no figures, and was a pass of zero trials (a budget spent before the first batch).
    let ranAny = false;
    const progress = (done: number): void => {
      if (done > 0) ranAny = true;
      reportDone(done);
    };
    const variant = variantOf(scenario, name);
    const outcomes = isSerializable(scenario) ? await serialOutcomes(scenario, name, r.params, resource) : r.outcomes;
    const tally = new Tally(outcomes, variant.races, r.captureTrial);
    // Math.random's streams: by the run's seed where the reproduce line carries one (randomKey).
    const random = facts.seeded ? randomKey(r.seed, name) : undefined;
    const plan = makePlan(scenario, variant, r.params, r.timeoutMs, tally, resource, r.maxSteps ?? DEFAULT_MAX_STEPS, random);
    // Coverage: the distinct interleavings that sampling (a seeded controlled schedule) reached.
    const coverage =
      options.coverage === true && pool === undefined && facts.controlled && facts.seeded ? new CoverageTracker() : undefined;
    if (coverage !== undefined) {
      const count = plan.record;
      plan.record = (value, trial) => {
        count(value, trial);
        coverage.add(plan.picks.items, plan.picks.size);
      };
    }
    const started = performance.now();
    const stop = (): boolean => stopped() || (ranAny && performance.now() - started >= deadline);
    let explorer: Explorer | undefined;
    let asyncio: AsyncioPicker | undefined;
    let odds: OddsTally | undefined;
    let pct: PctInfo | undefined;
    if (r.depth !== undefined) {
      const steps = await measureSteps(plan, r.seed, name);
      pct = PctPicker.info(r.tasks, steps, r.depth);
    }
    let done: number;
    let sample: InterleavingSample | undefined;
    // random and pct: a task had strands ready at once (see VariantReport.strandOrdersUnexplored).
    let sampledStrands: boolean;
    // random and pct in this thread: the trials drew from Math.random (see VariantReport.drawsRandom).
    let drawsRandom = false;
    // exhaustive and asyncio: the search drew trial 1's numbers only (see VariantReport.drewRandom).
    let drewRandom = false;
    if (pool !== undefined) {
      done = await pool.runVariant(name, r.trials, pct, tally, stop, progress);
      sampledStrands = pool.strandOrdersUnexplored;
    } else {
      let source: TrialSource | undefined;
      if (r.schedule === 'exhaustive') {
        explorer = new Explorer(r.preemptions ?? Infinity);
        source = exhaustiveSource(explorer);
        if (r.preemptions === undefined) odds = trackOdds(plan, explorer);
        sample = sampleInterleavings(plan);
      } else if (r.schedule === 'random' || r.schedule === 'pct') {
        source = sourceFor(r.schedule, r.seed, name, r.tasks, pct);
      } else if (r.schedule === 'asyncio') {
        asyncio = new AsyncioPicker();
        source = asyncioSource(asyncio);
      }
      takeRandomDrawn();
      plan.drew = false;
      done = await runRange(plan, r, name, source, 0, r.trials, stop, progress, () => explorer?.exhausted === true);
      // A controlled trial records its own draws (TrialPlan.drew); the uncontrolled ones share the process's record.
      const drew = source !== undefined ? (plan.drew as boolean) : takeRandomDrawn();
      drawsRandom = random !== undefined && drew;
      drewRandom = (explorer !== undefined || asyncio !== undefined) && drew;
      sampledStrands = source?.strandOrdersUnexplored?.() === true;
    }
    // Is the searched program one program? Some interleavings again, each against its record.
    const nondeterministic =
      sample !== undefined && !stopped() ? await replaySample(plan, sample, stopped, forbiddenIn(outcomes, variant.races)) : undefined;
    // Stopped before the sample ran or while it ran: no replay found a change, but not all ran.
    const unsampled = sample !== undefined && explorer?.exhausted === true && nondeterministic === undefined && stopped();
    const graded = gradeVariant(tally.counts(), done, outcomes, variant.races);
    return {
      variant: { name, races: variant.races, summary: variant.summary },
      done,
      graded,
      records: tally,
      ...(explorer ? { complete: explorer.exhausted } : {}),
      ...(unsampled ? { unsampled: true as const } : {}),
      extras: {
        ...(pct ? { pct: pctAfterTrials(pct, tally.longest) } : {}),
        ...(explorer?.setupReadsTrial === true || asyncio?.setupReadsTrial === true ? { setupReadsTrial: true as const } : {}),
        ...(explorer?.strandOrdersUnexplored === true || sampledStrands ? { strandOrdersUnexplored: true as const } : {}),
        ...(explorer?.nextTicksUnwatched === true ? { nextTicksUnwatched: true as const } : {}),
        ...(drawsRandom ? { drawsRandom: true as const } : {}),
        ...(drewRandom ? { drewRandom: true as const } : {}),
        ...(nondeterministic !== undefined ? { nondeterministic } : {}),
        ...asyncio?.flags(),
        // Trial 1's odds are not a random trial's when setup reads its index or the program draws
        // from Math.random; nor the odds of a search that left strand orders out.
        ...(odds &&
        explorer?.exhausted &&
        !explorer.setupReadsTrial &&
        !drewRandom &&
        !explorer.strandOrdersUnexplored &&
        nondeterministic === undefined
          ? { randomOdds: oddsOf(odds, graded.outcomes, r.outcomes, variant.races) }
          : {}),
        ...(coverage ? { coverage: coverage.summary() } : {}),
      },
    };
  };
  const extendVariant = options.extendVariant;
  const runner: VariantRunner = {
    stopped,
    trials,
    ...(extendVariant !== undefined
      ? {
          // Stopped after the trials, the analysis is left out and said to be; during them (the
          // variant did not finish), none was to start.
          extend: async (result: VariantReport) =>
            stopped() ? (result.finished ? { extrasStopped: true as const } : undefined) : extendVariant(result),
        }
      : {}),
  };
  // Math.random is seeded while the run's scenario code runs, and the caller's is put back after.
  return withSeededRandom(() => runVariantsOpen());
  async function runVariantsOpen(): Promise<RunReport> {
    try {
      if (scenario.open !== undefined) {
        try {
          resource = await scenario.open(r.params);
          opened = true;
        } catch (error) {
          throw new ScenarioError(
            `${scenario.name} could not start what its trials share: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
      // `close` runs once the trials are over, with or without an `open` (given undefined then).
      opened = true;
      options.onStart?.();
      const done = await runVariants(r, report, runner, { onProgress: options.onProgress, onVariant: options.onVariant });
      // Last, as `--json` has it: the scenario's options in effect, secrets masked.
      return { ...done, options: shownOptions(scenario.options ?? {}, r.params.options) };
    } finally {
      await pool?.close();
      // opened: `resource` is what `open` returned (undefined without one).
      if (opened) await scenario.close?.(resource as R);
    }
  }
}
