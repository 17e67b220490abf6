/**
 * The worker's side of a run: one range of a variant's trials, as the supervisor asks for it,
 * with the trial in flight and its picks published to shared memory so that the supervisor
 * can name it, and replay it, if it never comes back.
 */
import { indexTrialsByPosition, Phase, setPhase, stopRequested, trialStarting } from '../../core/heartbeat.js';
import { CoverageTracker } from '../../core/coverage.js';
import { HANG, type TrialValue } from '../../core/runner-outcomes.js';
import { AsyncioPicker } from '../../core/schedules/asyncio.js';
import { Explorer } from '../../core/schedules/exhaustive.js';
import { PctPicker } from '../../core/schedules/pct.js';
import { RandomPicker } from '../../core/schedules/random.js';
import { streamFor } from '../../core/prng.js';
import { trackOdds, type OddsTally } from '../../core/random-odds.js';
import type { Outcome, RunParams, Scenario } from '../../core/scenario.js';
import { isSerializable, serialOutcomes } from '../../core/serializable.js';
import { forbiddenIn, replaySample, sampleInterleavings, type InterleavingSample, type Nondeterminism } from '../../core/replay-sample.js';
import { Tally } from '../../core/tally.js';
import { CHUNK_TRIALS, runRange } from '../../core/trial-loop.js';
import { PublishedPicks, type TrialPlan } from '../../core/trial-plan.js';
import { asyncioSource, exhaustiveSource, sourceFor, type TrialSource } from '../../core/trial-sources.js';
import { outcomesFor } from '../../core/run-scenario.js';
import { PartialReporter } from './partial-tally.js';
import { randomKey, takeRandomDrawn } from '../../core/trial-random.js';
import { SCHEDULE_TABLE } from '../../core/schedules/table.js';
import type { OnProgress, RangeRequest, RangeResult } from './protocol.js';

/**
 * Runs trials [first, first + count) of one variant, skipping the trials the supervisor
 * stopped before (each counted as a hang). After a stopped trial the seeded schedules go on
 * from a stream of their own, derived from (seed, variant, the trial after it): the run stays
 * the same for any --jobs, and the same when repeated.
 */
export async function runRangeRequest(
  scenario: Scenario<unknown, unknown>,
  resource: unknown,
  req: RangeRequest,
  progress: OnProgress,
): Promise<RangeResult> {
  const variant = scenario.variants[req.variant];
  if (variant === undefined) throw new Error(`${scenario.name} has no variant "${req.variant}"`);
  const outcomes = await variantOutcomes(scenario, req.variant, req.params, resource);
  const tally = new Tally(outcomes, variant.races, req.captureTrial);
  const picks = new PublishedPicks();
  const reporter = new PartialReporter(tally, progress);
  const plan: TrialPlan = {
    scenario,
    variant,
    params: req.params,
    // The supervisor stops a trial that does not come back, from outside; the engine's own
    // timer would end it while its code still runs (threads, processes), so it never fires.
    timeoutMs: 2 ** 31 - 1,
    picks,
    resource,
    maxSteps: req.maxSteps,
    // Math.random's streams: by the run's seed where the reproduce line carries one (randomKey).
    ...(SCHEDULE_TABLE[req.schedule].seeded ? { random: randomKey(req.seed, req.variant) } : {}),
    record: (value: TrialValue, index: number) => {
      tally.record(value, index, picks);
      reporter.counted();
    },
  };
  const coverage =
    req.coverage === true && (req.schedule === 'random' || req.schedule === 'pct') ? coverageFor(req.variant, req.first) : undefined;
  if (coverage !== undefined) {
    const count = plan.record;
    plan.record = (value, trial) => {
      count(value, trial);
      coverage.add(picks.items, picks.size);
    };
  }
  // --duration ends a variant only once a trial of it has run (see run-scenario.ts).
  let ranAny = req.first > 0;
  const stop = (): boolean => stopRequested() || (ranAny && req.deadline !== undefined && Date.now() >= req.deadline);
  const explorer = req.schedule === 'exhaustive' ? new Explorer(req.preemptions ?? Infinity) : undefined;
  const asyncio = req.schedule === 'asyncio' ? new AsyncioPicker() : undefined;
  // The exact random odds of each value, kept here for the variant's grade request (same worker).
  lastOdds =
    explorer !== undefined && req.preemptions === undefined ? { variant: req.variant, odds: trackOdds(plan, explorer) } : undefined;
  const sample = explorer !== undefined ? sampleInterleavings(plan) : undefined;
  const end = req.first + req.count;
  const hangs = req.hangs.filter((h) => h.index >= req.first && h.index < end).sort((a, b) => a.index - b.index);
  let from = req.first;
  let done = 0;
  // random and pct: each source's picker notes strands ready at once (see strandOrdersUnexplored).
  const sources: Array<TrialSource | undefined> = [];
  // Draws of this range's trials only (not of the module's top level, `open`, another range).
  takeRandomDrawn();
  setPhase(Phase.Tasks);
  trialStarting(from);
  indexTrialsByPosition(true);
  try {
    for (let i = 0; i <= hangs.length; i++) {
      const hang = hangs[i];
      const until = hang?.index ?? end;
      const source = asyncio !== undefined ? asyncioSource(asyncio) : sourceOf(req, from, explorer);
      sources.push(source);
      const ran = await runRange(
        plan,
        req,
        req.variant,
        source,
        from,
        until - from,
        // The trials before a known hang ran before it, within any --duration: run again, they
        // all count, with the hang, whatever the clock says now (else a hang found near the end
        // of a timed run vanished with the trials before it, and a forbidden hang passed).
        hang !== undefined ? stopRequested : stop,
        (n) => {
          if (n > 0) ranAny = true;
          reporter.batchEnded();
        },
        () => explorer?.exhausted === true,
      );
      done += ran;
      if (ran < until - from || hang === undefined) break;
      tally.recordStopped(HANG, hang.index, hang.picks);
      reporter.counted();
      done++;
      from = hang.index + 1;
      // Until its setup runs, a stall is the next trial's: never the skipped one's again.
      trialStarting(from);
      // An exhaustive search cannot go on past a trial it never saw end.
      if (explorer !== undefined) break;
    }
  } finally {
    indexTrialsByPosition(false);
  }
  // A controlled trial records its own draws (TrialPlan.drew); the uncontrolled ones share the process's record.
  const drew = SCHEDULE_TABLE[req.schedule].controlled ? plan.drew === true : takeRandomDrawn();
  const drawsRandom = plan.random !== undefined && drew;
  // exhaustive and asyncio: the search drew trial 1's numbers only (see VariantReport.drewRandom).
  const drewRandom = (explorer !== undefined || asyncio !== undefined) && drew;
  // Is the searched program one program? Asked next, as a request of its own (runSampleRequest),
  // so that a replay which never comes back leaves this answer standing. Not after a hang: a
  // search cannot go on past one, and its record is the supervisor's.
  lastSample =
    sample !== undefined && hangs.length === 0 && !stopRequested()
      ? { variant: req.variant, plan, sample, forbids: forbiddenIn(outcomes, variant.races) }
      : undefined;
  setPhase(Phase.Idle);
  return {
    result: tally.snapshot(),
    done,
    ...(explorer ? { complete: explorer.exhausted && hangs.length === 0 } : {}),
    ...(explorer?.setupReadsTrial === true || asyncio?.setupReadsTrial === true ? { setupReadsTrial: true as const } : {}),
    ...(explorer?.strandOrdersUnexplored === true || sources.some((source) => source?.strandOrdersUnexplored?.() === true)
      ? { strandOrdersUnexplored: true as const }
      : {}),
    ...(explorer?.nextTicksUnwatched === true ? { nextTicksUnwatched: true as const } : {}),
    ...(drawsRandom ? { drawsRandom: true as const } : {}),
    ...(drewRandom ? { drewRandom: true as const } : {}),
    ...asyncio?.flags(),
    ...(coverage ? { coverage: coverage.summary() } : {}),
  };
}

/**
 * Coverage spans a variant's chunks (one job runs them all, in order, in this worker): a new
 * tracker at trial 0, the same one after. The supervisor keeps the last chunk's summary.
 */
let tracked: { variant: string; tracker: CoverageTracker } | undefined;

function coverageFor(variant: string, first: number): CoverageTracker | undefined {
  if (first === 0) tracked = { variant, tracker: new CoverageTracker() };
  return tracked?.variant === variant ? tracked.tracker : undefined;
}

/** The interleavings the last exhaustive range of this worker explored, kept for its `sample` request. */
let lastSample: { variant: string; plan: TrialPlan; sample: InterleavingSample; forbids: (value: TrialValue) => boolean } | undefined;

/**
 * The determinism sample of the variant's search, which this worker ran last (see
 * replay-sample.ts): a request of its own, after the range's answer, so that the supervisor knows
 * a worker it stops here was in a replay (the heartbeat's ReplayNote names which one).
 */
export async function runSampleRequest(variant: string): Promise<{ nondeterministic?: Nondeterminism; stopped?: true }> {
  const kept = lastSample;
  lastSample = undefined;
  if (kept?.variant !== variant) return {};
  setPhase(Phase.Tasks);
  indexTrialsByPosition(true);
  try {
    const nondeterministic = await replaySample(kept.plan, kept.sample, stopRequested, kept.forbids);
    // A stop cut the replays short: no change found, but not every replay ran.
    return nondeterministic !== undefined ? { nondeterministic } : stopRequested() ? { stopped: true } : {};
  } finally {
    indexTrialsByPosition(false);
    setPhase(Phase.Idle);
  }
}

/** The odds tracked by the last exhaustive range this worker ran. */
let lastOdds: { variant: string; odds: OddsTally } | undefined;

export function oddsFor(variant: string): OddsTally | undefined {
  return lastOdds?.variant === variant ? lastOdds.odds : undefined;
}

/** A variant's outcomes: `serializable` ones are computed from the variant's serial runs. */
export async function variantOutcomes(
  scenario: Scenario<unknown, unknown>,
  name: string,
  params: RunParams,
  resource: unknown,
): Promise<readonly Outcome[]> {
  return isSerializable(scenario) ? serialOutcomes(scenario, name, params, resource) : outcomesFor(scenario, params);
}

function sourceOf(req: RangeRequest, from: number, explorer: Explorer | undefined): TrialSource | undefined {
  if (explorer !== undefined) return exhaustiveSource(explorer);
  if (req.schedule !== 'random' && req.schedule !== 'pct') return undefined;
  if (from % CHUNK_TRIALS === 0) return sourceFor(req.schedule, req.seed, req.variant, req.params.tasks, req.pct);
  return resumedSource(req, from);
}

/** The source for trials after a stopped one, in the middle of a seeding chunk. */
function resumedSource(req: RangeRequest, from: number): TrialSource {
  const label = `${req.schedule === 'pct' ? 'pct ' : ''}${req.variant} after ${from - 1}`;
  const rng = streamFor(req.seed, label, 0);
  const pct = req.pct;
  const picker = pct === undefined ? new RandomPicker(rng) : new PctPicker(rng, req.params.tasks, pct.depth, pct.steps);
  return {
    next(index) {
      // Back on the usual streams at the next chunk.
      if (index % CHUNK_TRIALS === 0) picker.rng = streamFor(req.seed, pct ? `pct ${req.variant}` : req.variant, index / CHUNK_TRIALS);
      if (picker instanceof PctPicker) picker.startTrial();
      return picker;
    },
    ended() {},
    strandOrdersUnexplored: () => picker.strandOrdersUnexplored,
  };
}
