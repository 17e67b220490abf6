import { sameValue, type GradedOutcome, type GradedVariant } from './grading.js';
import type { VariantExtras } from './extras-types.js';
import { resolveRun, runScenario, type RunReport, type ScheduleName, type TrialRecord, type VariantReport } from './run-scenario.js';
import type { TrialValue } from './runner-outcomes.js';
import type { Nondeterminism } from './replay-sample.js';
import { asyncioFlagsOf, searchRanToEnd } from './run-report.js';
import { DEFAULT_MAX_STEPS } from './limits.js';
import type { RacePolicy, Scenario } from './scenario.js';
import { RunOptionError, selectVariants } from './resolve-run.js';
import { checkKeys, checkScenarioArgument, checkVariantList } from './library-input.js';
import { checkRunEnded, checkRunStarting } from './heartbeat.js';
import { SCHEDULES } from './schedules/table.js';

export interface CheckOptions {
  /** Explore every interleaving when a variant has at most this many. Default 100,000. */
  maxInterleavings?: number;
  /** Otherwise sample this many random trials. Default 10,000. */
  trials?: number;
  /** Seed of the random fallback; fixed by default (1), so a check is deterministic. */
  seed?: number;
  /** Tasks per trial. Default: the scenario's. */
  tasks?: number;
  /** Scheduling steps per trial before it ends as a step limit, as a run's --max-steps. Default 10,000. */
  maxSteps?: number;
  /**
   * Per-trial time bound in ms, as a run's `timeoutMs`: under `event-loop` and `timers` a trial's,
   * under the controlled schedules its real I/O's (`t.io`). Default: the scenario's own, else 5000.
   */
  timeoutMs?: number;
  /** Check only these variants; a name the scenario does not have is a RunOptionError. Default: all. */
  variants?: readonly string[];
  /** The scenario's own options by name (`{ origin: 'http' }`). Default: its defaults. */
  options?: Readonly<Record<string, string | undefined>>;
  /**
   * Called with each variant's final report before its result is known: what it resolves
   * with (the smallest race, coverage, lock ablation) is added to the result.
   */
  extendVariant?: (variant: VariantReport) => Promise<VariantExtras | undefined>;
  /**
   * `asyncio`: decide each variant by CPython's event loop instead (one deterministic trial:
   * what the lesson's Python program does), rather than every interleaving. Default: every
   * interleaving, with the random fallback.
   */
  schedule?: 'asyncio';
  /** Called as each variant's verdict is known. */
  onResult?: (result: CheckResult) => void;
  /** Aborting stops the variant in progress, which is then not reported (nor counted). */
  signal?: AbortSignal;
}

/**
 * A variant's verdict. `flag`: the variant allows races but showed none, so as a
 * demonstration it demonstrates nothing (it does not fail the check). `skip`: the variant
 * cannot run with these options (a Redis variant without Redis).
 */
export type CheckStatus = 'pass' | 'fail' | 'flag' | 'skip';

/** One variant's check: its counts as graded (GradedVariant), and how its declaration was decided. */
export interface CheckResult extends Pick<GradedVariant, 'raceCount' | 'deadlockCount' | 'forbiddenCount'>, VariantExtras {
  scenario: string;
  variant: string;
  races: RacePolicy;
  status: CheckStatus;
  /**
   * How the declaration was decided: `exhaustive`, `random` (seeded), or the scenario's own
   * schedule when lockdemo cannot control its tasks (real threads, processes, I/O).
   */
  schedule: ScheduleName;
  /** For a skipped variant: why it could not run. */
  reason?: string;
  /** Interleavings explored, or trials sampled. */
  explored: number;
  /**
   * Under `exhaustive`: whether the search went through every interleaving. A search cut short
   * (at `maxInterleavings`), or one of trial 1's program only (`setupReadsTrial`), decides the
   * variant only when it found what fails or flags it; otherwise the check samples instead.
   */
  complete?: boolean;
  /**
   * Under `exhaustive`: the search ran to its end, but this many interleavings reached
   * `maxSteps` (this many steps) and were cut there: the verdict holds up to that bound only.
   */
  maxStepsCut?: { interleavings: number; maxSteps: number };
  /** `setup` read its trial index: an exhaustive search covered trial 1's program only. */
  setupReadsTrial?: true;
  /** A task had several strands ready at once, whose orders the search did not explore. */
  strandOrdersUnexplored?: true;
  /** The search could not watch every way to process.nextTick (see VariantReport.nextTicksUnwatched). */
  nextTicksUnwatched?: true;
  /**
   * Under `exhaustive`: an interleaving gave another outcome when it ran again (see
   * VariantReport.nondeterministic). The search proves nothing, and a sample of such a program
   * would count a mix of programs: the variant fails, with the interleaving and its two outcomes.
   */
  nondeterministic?: Nondeterminism;
  /**
   * Under `asyncio` (see VariantReport): where the result is lockdemo's model of the loop rather
   * than a claim about CPython's, and why the first forbidden outcome may carry no replay string.
   */
  strandsAtOnce?: true;
  unawaitedWork?: true;
  realIo?: true;
  clockDependent?: true;
  leftRunning?: true;
  /** The first forbidden outcome, with the replay string that reproduces it. */
  firstForbidden?: { trial: number; value: TrialValue; description: string; schedule?: string };
  /**
   * A trial that did not come back within the check's time bound (the CLI's supervisor stopped
   * it): the check could not go past it, so the variant fails undecided, whatever its outcomes
   * say of hangs. Its picks are the replay string of the steps it had made. `analysis`: every
   * trial came back, and what ran after them (the smallest race's search, --ablate) did not.
   */
  stopped?: { trial: number; limitMs: number; schedule?: string; analysis?: true };
  /** The first trial that raced (or deadlocked), with its replay string: what an HTML report traces. */
  firstRace?: TrialRecord;
  /** The graded histogram of the variant: what an HTML report draws. */
  outcomes?: GradedOutcome[];
  seconds: number;
}

export const CHECK_DEFAULTS = { maxInterleavings: 100_000, trials: 10_000, seed: 1 } as const;

/**
 * Decides each variant's declaration deterministically: every interleaving when they fit
 * under the bound (the verdict is then a proof for this number of tasks), otherwise a fixed
 * number of random trials under a fixed seed.
 */
/** Every key of CheckOptions: a Record over its keys, so that a new option cannot be left out. */
const CHECK_KEYS: Record<keyof CheckOptions, true> = {
  maxInterleavings: true,
  trials: true,
  seed: true,
  tasks: true,
  maxSteps: true,
  timeoutMs: true,
  variants: true,
  options: true,
  extendVariant: true,
  schedule: true,
  onResult: true,
  signal: true,
};

export async function checkScenario<S, R>(scenario: Scenario<S, R>, options: CheckOptions = {}): Promise<CheckResult[]> {
  // For JavaScript callers: a misspelt option or a wrong kind, refused in one sentence.
  checkScenarioArgument('checkScenario', scenario);
  checkKeys('checkScenario', options, CHECK_KEYS);
  checkVariantList(options.variants);
  if (options.schedule !== undefined && options.schedule !== 'asyncio') {
    throw new RunOptionError(
      `checkScenario() takes schedule: 'asyncio' or none (every interleaving, else random trials), got ${JSON.stringify(options.schedule)}`,
    );
  }
  try {
    return await checkVariants(scenario, options);
  } finally {
    checkRunEnded();
  }
}

/**
 * One of the check's runs starts, announced to a supervisor (heartbeat.ts): a trial of it that
 * never comes back is named under its schedule, by its place in the run, with its picks.
 */
function announce(schedule: ScheduleName): void {
  checkRunStarting(SCHEDULES.indexOf(schedule) + 1);
}

async function checkVariants<S, R>(scenario: Scenario<S, R>, options: CheckOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const tasks = options.tasks ?? scenario.tasks;
  const own = options.options !== undefined ? { options: options.options } : {};
  const resolved = resolveRun(scenario, { tasks, ...own });
  // The step bound applies to the controlled schedules only (the others have no steps); the time bound to all.
  const steps = {
    ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  };
  const signal = options.signal ? { signal: options.signal } : {};
  const controlled = resolved.schedules.includes('exhaustive');
  // A misspelt name would check nothing, which reads as "nothing failed": refused as a run refuses it.
  if (options.variants !== undefined) selectVariants(scenario, options.variants);
  // A trial's bound is the scenario's own when it declares one (resolveRun applies it), as in a run.
  for (const [variant, declared] of Object.entries(scenario.variants)) {
    if (options.variants !== undefined && !options.variants.includes(variant)) continue;
    if (options.signal?.aborted) break;
    const skipped = resolved.skipped.find((s) => s.name === variant);
    if (skipped !== undefined) {
      const result: CheckResult = {
        scenario: scenario.name,
        variant,
        races: declared.races,
        status: 'skip',
        schedule: resolved.schedule,
        explored: 0,
        raceCount: 0,
        deadlockCount: 0,
        forbiddenCount: 0,
        reason: skipped.reason,
        seconds: 0,
      };
      results.push(result);
      options.onResult?.(result);
      continue;
    }
    const started = performance.now();
    const asyncio = options.schedule === 'asyncio' && controlled;
    let schedule: ScheduleName = asyncio ? 'asyncio' : controlled ? 'exhaustive' : resolved.schedule;
    announce(schedule);
    let report: RunReport = asyncio
      ? await runScenario(scenario, { schedule: 'asyncio', variants: [variant], tasks, trials: 1, ...steps, ...own, ...signal })
      : controlled
        ? await runScenario(scenario, {
            schedule: 'exhaustive',
            variants: [variant],
            tasks,
            maxInterleavings: options.maxInterleavings ?? CHECK_DEFAULTS.maxInterleavings,
            ...steps,
            ...own,
            ...signal,
          })
        : // Real threads, processes or I/O: their own schedule and trial count, as `lockdemo <name>` runs them.
          await runScenario(scenario, { variants: [variant], tasks, seed: options.seed ?? CHECK_DEFAULTS.seed, ...own, ...signal });
    // An unfinished variant is never counted: an interrupted check reports only what finished.
    const firstRun = report.variants[0];
    if (firstRun?.finished !== true) break;
    // Not a proof: the search was cut short, or covered trial 1's program only (a setup that
    // reads its trial index may set up another for other trials). A forbidden outcome it met is
    // real, with its replay, and fails the variant there; otherwise seeded random trials decide.
    // (A task's own strands ready at once are resumed oldest first under every schedule: random
    // trials would explore their orders no more than the search did, so that alone is no reason
    // to sample; the result says it instead.)
    const strands = firstRun.strandOrdersUnexplored === true;
    // A search that ran to its end with some interleavings cut at --max-steps is no proof, but
    // random trials under the same bound would reach nothing it did not: it stands, and says so.
    const stands = searchRanToEnd(firstRun) && firstRun.setupReadsTrial !== true && firstRun.nextTicksUnwatched !== true;
    // What decides a check is a forbidden outcome: one the search met stands. Races it met, where
    // they are allowed, decide nothing: the trials it did not reach may still hold a forbidden one.
    const found = firstRun.forbiddenCount > 0;
    // The variant showed its race (or deadlock) in the search, whatever the sample shows: no flag.
    const searchShowed = firstRun.raceCount + firstRun.deadlockCount > 0;
    // Under asyncio one trial is the program's one answer, unless setup reads its trial index:
    // each trial may then be another program, and as many are run as a sample would.
    if (asyncio && firstRun.setupReadsTrial === true && !found) {
      announce('asyncio');
      report = await runScenario(scenario, {
        schedule: 'asyncio',
        variants: [variant],
        tasks,
        trials: options.trials ?? CHECK_DEFAULTS.trials,
        ...steps,
        ...own,
        ...signal,
      });
    }
    // A program that changed between replays of one interleaving: neither the search nor a sample decides it.
    const changing = !asyncio && firstRun.nondeterministic !== undefined ? firstRun.nondeterministic : undefined;
    if (controlled && !asyncio && !stands && !found && changing === undefined) {
      schedule = 'random';
      announce(schedule);
      report = await runScenario(scenario, {
        schedule: 'random',
        variants: [variant],
        tasks,
        coverage: true,
        trials: options.trials ?? CHECK_DEFAULTS.trials,
        seed: options.seed ?? CHECK_DEFAULTS.seed,
        ...steps,
        ...own,
        ...signal,
      });
    }
    const v = report.variants[0];
    if (v === undefined || !v.finished) break;
    // The analysis after the trials (the smallest race, --ablate) is none of the check's runs.
    checkRunEnded();
    if (options.extendVariant !== undefined && !options.signal?.aborted) Object.assign(v, await options.extendVariant(v));
    const first = v.firstForbidden;
    // A declared race of the runner's own (a stall, a hang, a step limit graded race) that showed
    // up demonstrated what the variant declares, as a deadlock does: not flagged (the run says
    // "stalled seen, declared races: as allowed").
    const declaredSeen = v.outcomes.some((o) => o.count > 0 && o.runner !== undefined && o.grade === 'race');
    const status: CheckStatus =
      v.verdict === 'fail' || changing !== undefined
        ? 'fail'
        : v.races === 'allowed' && v.raceCount + v.deadlockCount === 0 && !declaredSeen && !searchShowed
          ? 'flag'
          : 'pass';
    const result: CheckResult = {
      scenario: scenario.name,
      variant,
      races: v.races,
      status,
      schedule,
      explored: v.trials,
      ...(schedule === 'exhaustive' ? { complete: v.complete === true } : {}),
      ...(schedule === 'exhaustive' && v.maxStepsCut !== undefined
        ? { maxStepsCut: { interleavings: v.maxStepsCut, maxSteps: options.maxSteps ?? DEFAULT_MAX_STEPS } }
        : {}),
      ...((schedule === 'exhaustive' || schedule === 'asyncio') && v.setupReadsTrial === true ? { setupReadsTrial: true as const } : {}),
      ...(strands ? { strandOrdersUnexplored: true as const } : {}),
      ...(schedule === 'exhaustive' && v.nextTicksUnwatched === true ? { nextTicksUnwatched: true as const } : {}),
      ...(changing !== undefined ? { nondeterministic: changing } : {}),
      ...(asyncio ? asyncioFlagsOf(v) : {}),
      raceCount: v.raceCount,
      deadlockCount: v.deadlockCount,
      forbiddenCount: v.forbiddenCount,
      ...(first
        ? {
            firstForbidden: {
              trial: first.trial,
              value: first.value,
              description: v.outcomes.find((o) => sameValue(o.value, first.value))?.description ?? '',
              ...(first.schedule ? { schedule: first.schedule } : {}),
            },
          }
        : {}),
      ...(v.firstRace ? { firstRace: v.firstRace } : {}),
      outcomes: v.outcomes,
      ...(v.minimal ? { minimal: v.minimal } : {}),
      ...(v.coverage ? { coverage: v.coverage } : {}),
      ...(v.ablation ? { ablation: v.ablation } : {}),
      seconds: (performance.now() - started) / 1000,
    };
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}
