/**
 * `runScenario` for the CLI: the same run and the same report, with every trial run in a
 * supervised worker (see session.ts). A trial that does not come back within --timeout is
 * counted as a `hang`, with its replay string under the controlled schedules; the worker is
 * replaced and the run goes on. Trials are requested by seeding chunk, spread over --jobs
 * workers, and merged in chunk order, so the histogram is the same for any number of jobs.
 * The sequence of variants and what each one's report says are runScenario's own
 * (core/run-variants.ts): this module only runs and grades a variant's trials.
 */
// Only what the main thread needs of the core: the engine itself loads in the worker.
import { DEFAULT_MAX_STEPS } from '../../core/engine-types.js';
import { CHUNK_TRIALS, DEFAULT_PCT_DEPTH, MAX_HANGS, workersFor } from '../../core/limits.js';
import { CONTROLLED_SCHEDULES } from '../../core/schedules/table.js';
import { PctPicker } from '../../core/schedules/pct.js';
import {
  asyncioFlagsOf,
  pctAfterTrials,
  type AsyncioFlags,
  type PctInfo,
  type RunReport,
  type VariantReport,
} from '../../core/run-report.js';
import { newRunReport, runVariants, type VariantTrials } from '../../core/run-variants.js';
import { Tally, type ChunkResult } from '../../core/tally.js';
import type { Progress } from '../../core/progress.js';
import { StoppedWorker } from './host-worker.js';
import { CountedPrefix, stoppedRange } from './range-results.js';
import type { RangeRequest, RangeResult, ResolvedInfo, StoppedTrial } from './protocol.js';
import type { Session } from './session.js';
import { checkTally } from './tally-check.js';
import { askSample } from './sample-request.js';
import { supervisedExtras } from './supervised-extras.js';
import type { Nondeterminism } from '../../core/replay-sample.js';

export { MAX_HANGS };

export interface SupervisedRunOptions {
  /** The one resolution of the run (core/resolve-run.ts): schedule, trials, jobs, timeout, bounds. */
  resolved: ResolvedInfo;
  /** Controlled schedules: the smallest race, coverage (one job) and lock ablation, as runScenario's extendVariant. */
  extras?: boolean;
  /** With `extras`: remove each lock of a passing variant that forbids races, and re-run the proof. */
  ablate?: boolean;
  /** The scenario's own options (for the extras' re-runs). */
  scenarioOptions?: Record<string, string>;
  onStart?: () => void;
  onProgress?: (progress: Progress) => void;
  onVariant?: (variant: VariantReport) => void;
}

/** The supervisor's own margin over --timeout: the engine's timeout, if it has one, fires first. */
export function rangeLimit(timeoutMs: number): number {
  return timeoutMs + Math.min(1000, Math.max(100, timeoutMs / 10));
}

/** A variant's trials as the supervised run ran them: with the hangs, which decide the extras. */
interface SupervisedTrials extends VariantTrials {
  hangs: number;
}

export async function runSupervised(session: Session, o: SupervisedRunOptions): Promise<RunReport> {
  const r = o.resolved;
  // The same header as runScenario's, from what the worker said of the scenario.
  const report = newRunReport(r, session.info);
  const controlled = CONTROLLED_SCHEDULES.includes(r.schedule);
  const maxSteps = r.maxSteps ?? DEFAULT_MAX_STEPS;
  const chunked = r.schedule === 'random' || r.schedule === 'pct';
  const workers = chunked ? workersFor(r) : 1;
  await session.grow(workers);
  await session.open(r.params);
  // What the caller prints (the header, then each variant's report) waits until the worker has
  // its next request: the worker runs trials while this thread renders, rather than waiting for
  // it. Every print still runs, in order, before the run's report is returned or its error thrown.
  const prints: Array<() => void> = [];
  const flush = (): void => {
    for (let print = prints.shift(); print !== undefined; print = prints.shift()) print();
  };
  prints.push(() => o.onStart?.());
  const trials = async (name: string, progress: (done: number) => void): Promise<SupervisedTrials> => {
    const info = session.info.variants.find((v) => v.name === name);
    if (info === undefined) throw new Error(`${session.info.name} has no variant "${name}"`);
    const races = info.races;
    const merged = new Tally([], races, r.captureTrial);
    const deadline = r.durationMs === undefined ? undefined : Date.now() + r.durationMs;
    const hangs: StoppedTrial[] = [];
    let pct: PctInfo | undefined;
    if (r.schedule === 'pct') {
      const depth = r.depth ?? DEFAULT_PCT_DEPTH;
      const pilot = session.ask(
        0,
        { type: 'pct', variant: name, seed: r.seed, params: r.params, depth, maxSteps },
        rangeLimit(r.timeoutMs),
        undefined,
        () => false,
      );
      try {
        pct = await afterPrints(pilot, flush);
      } catch (error) {
        // A pilot trial that hangs is the run's to count, as a hang (its trials run the same
        // program): k cannot be measured, so it is the step bound, and the guarantee says so.
        if (!(error instanceof StoppedWorker) || error.reason !== 'hang') throw error;
        pct = { ...PctPicker.info(r.params.tasks, maxSteps, depth), pilotHung: true };
      }
    }
    const base: Omit<RangeRequest, 'first' | 'count' | 'hangs'> = {
      type: 'range',
      variant: name,
      schedule: r.schedule,
      seed: r.seed,
      params: r.params,
      timeoutMs: r.timeoutMs,
      maxSteps,
      ...(o.extras && workers === 1 ? { coverage: true } : {}),
      ...(pct ? { pct } : {}),
      ...(r.preemptions !== undefined ? { preemptions: r.preemptions } : {}),
      ...(r.captureTrial !== undefined ? { captureTrial: r.captureTrial } : {}),
      ...(deadline !== undefined ? { deadline } : {}),
      // One range holds all the variant's trials: it grades them too (see `graded` below).
      ...(!chunked || r.trials <= CHUNK_TRIALS ? { grade: true as const } : {}),
    };
    const runRange = async (slot: number, first: number, count: number, onDone: (n: number) => void): Promise<RangeResult | undefined> => {
      const mine: StoppedTrial[] = [];
      // Asked again after each hang, with the hangs to skip (the worker is a fresh one).
      const request: RangeRequest = { ...base, first, count, hangs: mine };
      // The trials [first, first + done) the worker reported as it went. A range asked again
      // after a hang runs the same trials again, so the report with the most trials holds.
      let partial: RangeResult | undefined;
      // What the worker reported before Ctrl-C. A trial that ended after it may have been cut by
      // the signal itself (a terminal's Ctrl-C reaches the scenario's child processes too, which
      // then fail their trial): an interrupted range counts only the trials reported before.
      let beforeStop: RangeResult | undefined;
      const onProgress = (n: number, result?: ChunkResult): void => {
        if (result !== undefined && n >= (partial?.done ?? 0)) {
          partial = { result, done: n };
          if (!session.stopped) beforeStop = partial;
        }
        // After Ctrl-C the progress line shows no trial that the summary will not count.
        if (!session.stopped) onDone(n);
      };
      const counted = (answer: RangeResult | undefined): RangeResult | undefined =>
        session.stopped && (answer?.done ?? 0) > (beforeStop?.done ?? 0) ? beforeStop : answer;
      try {
        let retries = 0;
        const answer = await session.ask(slot, request, rangeLimit(r.timeoutMs), onProgress, (stopped) => {
          // A trial stopped twice (trials in flight together, under timers): not counted twice.
          if (mine.some((h) => h.index === stopped.trial) || stopped.trial < first || stopped.trial >= first + request.count) {
            return ++retries <= MAX_HANGS && !session.stopped;
          }
          const hang = { index: stopped.trial, ...(controlled ? { picks: stopped.picks } : {}) };
          mine.push(hang);
          hangs.push(hang);
          // Too many: the range ends with this hang, so the trials before it still count.
          if (hangs.length >= MAX_HANGS) request.count = Math.min(request.count, hang.index + 1 - first);
          return !session.stopped;
        });
        return counted(answer);
      } catch (error) {
        if (!(error instanceof StoppedWorker)) throw error;
        // Stopped after too many hangs, or interrupted: the trials the worker had reported count,
        // with the hangs after them, and no other.
        const reported = session.stopped ? beforeStop : partial;
        if (mine.length > 0) return stoppedRange(mine, first, reported);
        return reported;
      }
    };

    let done = 0;
    // The worker's own grade, when the trials counted are exactly those of its one range's answer.
    let lone: RangeResult | undefined;
    let complete: boolean | undefined;
    let coverage: RangeResult['coverage'];
    let setupReadsTrial = false;
    let strandOrdersUnexplored = false;
    let nextTicksUnwatched = false;
    let drawsRandom = false;
    let drewRandom = false;
    let unsampled = false;
    let nondeterministic: Nondeterminism | undefined;
    let asyncioFlags: AsyncioFlags = {};
    if (chunked) {
      const chunks = Math.ceil(r.trials / CHUNK_TRIALS);
      const sizeOf = (chunk: number): number => Math.min(CHUNK_TRIALS, r.trials - chunk * CHUNK_TRIALS);
      const results: Array<RangeResult | undefined> = [];
      const prefix = new CountedPrefix(sizeOf);
      let next = 0;
      // --duration: the first chunk always starts (a variant that ran no trial has no figures).
      const stop = (): boolean =>
        session.stopped || (next > 0 && deadline !== undefined && Date.now() >= deadline) || hangs.length >= MAX_HANGS;
      await afterPrints(
        Promise.all(
          Array.from({ length: session.size }, async (_, slot) => {
            while (next < chunks && !stop()) {
              const chunk = next++;
              const first = chunk * CHUNK_TRIALS;
              results[chunk] = await runRange(slot, first, sizeOf(chunk), (n) => {
                progress(prefix.set(chunk, n));
              });
              prefix.set(chunk, results[chunk]?.done ?? 0);
              coverage = results[chunk]?.coverage;
              // A property of the program, seen in any chunk that ran.
              if (results[chunk]?.strandOrdersUnexplored === true) strandOrdersUnexplored = true;
              if (results[chunk]?.drawsRandom === true) drawsRandom = true;
            }
          }),
        ),
        flush,
      );
      // Only trials 1..n count, as a rerun with --trials n would run them: the chunks in order
      // while each is complete, then the first unfinished one's trials, and nothing after it
      // (what later chunks ran before the stop is dropped), whichever chunk the stop came in.
      for (let chunk = 0; chunk < chunks; chunk++) {
        const result = results[chunk];
        if (result === undefined) break;
        merged.merge(result.result);
        done += result.done;
        if (result.done < sizeOf(chunk)) break;
      }
      if (chunks === 1) lone = results[0];
    } else {
      const result = await afterPrints(runRange(0, 0, r.trials, progress), flush);
      lone = result;
      if (result !== undefined) {
        merged.merge(result.result);
        done = result.done;
        complete = result.complete;
        coverage = result.coverage;
        setupReadsTrial = result.setupReadsTrial === true;
        strandOrdersUnexplored = result.strandOrdersUnexplored === true;
        nextTicksUnwatched = result.nextTicksUnwatched === true;
        drawsRandom = result.drawsRandom === true;
        drewRandom = result.drewRandom === true;
        // Is the searched program one program? Asked once the search's answer is in (see sample-request.ts).
        if (r.schedule === 'exhaustive' && hangs.length === 0) {
          const found = session.stopped ? 'stopped' : await askSample(session, name, r.params, rangeLimit(r.timeoutMs));
          // Ctrl-C before or during the sample of a complete search: it proves nothing, and the variant did not finish.
          if (found === 'stopped') unsampled = complete === true;
          else nondeterministic = found;
        }
        asyncioFlags = asyncioFlagsOf(result);
      } else if (r.schedule === 'exhaustive') complete = false;
    }
    // A partial range (stopped, hung, interrupted) has no grade of its own: it is asked for.
    const graded =
      lone?.graded ??
      (await session.ask(0, {
        type: 'grade',
        variant: name,
        params: r.params,
        result: merged.snapshot(),
        done,
        ...(complete !== undefined ? { complete } : {}),
      }));
    checkTally(session.info.name, name, graded, done);
    return {
      variant: { name, races, summary: info.summary },
      done,
      graded,
      records: merged,
      ...(complete !== undefined ? { complete } : {}),
      ...(unsampled ? { unsampled: true as const } : {}),
      extras: {
        ...(pct ? { pct: pctAfterTrials(pct, merged.longest) } : {}),
        ...(setupReadsTrial ? { setupReadsTrial: true as const } : {}),
        ...(strandOrdersUnexplored ? { strandOrdersUnexplored: true as const } : {}),
        ...(nextTicksUnwatched ? { nextTicksUnwatched: true as const } : {}),
        ...(drawsRandom ? { drawsRandom: true as const } : {}),
        ...(drewRandom ? { drewRandom: true as const } : {}),
        ...(nondeterministic !== undefined ? { nondeterministic } : {}),
        ...asyncioFlags,
        // Trial 1's odds are not a random trial's when setup reads its index or the program draws from Math.random.
        ...(graded.randomOdds && !setupReadsTrial && !drewRandom && !strandOrdersUnexplored && nondeterministic === undefined
          ? { randomOdds: graded.randomOdds }
          : {}),
        // A hang replaced the worker and its tracker: what it had seen is lost.
        ...(coverage && hangs.length === 0 && coverage.trials === done ? { coverage } : {}),
      },
      hangs: hangs.length,
      // Stopped after MAX_HANGS: the trials after them never ran, so the variant did not finish.
      ...(r.schedule !== 'exhaustive' && hangs.length >= MAX_HANGS && done < r.trials ? { cut: true } : {}),
    };
  };
  const extend = supervisedExtras(session, o, r, rangeLimit(r.timeoutMs));
  try {
    return await runVariants<SupervisedTrials>(
      r,
      report,
      { stopped: () => session.stopped, trials, extend },
      { onProgress: o.onProgress, onVariant: (variant) => void prints.push(() => o.onVariant?.(variant)) },
    );
  } finally {
    flush();
  }
}

/**
 * `pending`, a request just sent to a worker (sending is synchronous), once `flush` has printed
 * what waited for it. No reply can come in between, so nothing of the request (a progress
 * report) is drawn before the prints.
 */
async function afterPrints<T>(pending: Promise<T>, flush: () => void): Promise<T> {
  // Should a print throw, the request's own failure is still handled (by the caller's await) and
  // not reported as unhandled.
  pending.catch(() => {});
  flush();
  return pending;
}
