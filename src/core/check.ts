import { sameValue } from './grading.js';
import { resolveRun, runScenario, type RunReport, type ScheduleName } from './run-scenario.js';
import { asyncioFlagsOf, searchRanToEnd, trialOneOnly } from './run-report.js';
import { DEFAULT_MAX_STEPS } from './limits.js';
import type { Scenario } from './scenario.js';
import { checkSampleOptions, RunOptionError, selectVariants } from './resolve-run.js';
import { checkKeys, checkScenarioArgument, checkVariantList } from './library-input.js';
import { checkRunEnded, checkRunStarting } from './heartbeat.js';
import { SCHEDULES } from './schedules/table.js';
import type { CheckOptions, CheckResult, CheckStatus } from './check-types.js';
import { tagRunnerValues } from './runner-outcomes.js';

export type { CheckOptions, CheckResult, CheckStatus } from './check-types.js';

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
  checkSampleOptions(options);
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
    // reads its trial index may set up another for other trials, and other numbers of
    // Math.random may take another path). A forbidden outcome it met is
    // real, with its replay, and fails the variant there; otherwise seeded random trials decide.
    // (A task's own strands ready at once are resumed oldest first under every schedule: random
    // trials would explore their orders no more than the search did, so that alone is no reason
    // to sample; the result says it instead.)
    const strands = firstRun.strandOrdersUnexplored === true;
    // A search that ran to its end with some interleavings cut at --max-steps is no proof, but
    // random trials under the same bound would reach nothing it did not: it stands, and says so.
    const stands = searchRanToEnd(firstRun) && trialOneOnly(firstRun) === undefined && firstRun.nextTicksUnwatched !== true;
    // What decides a check is a forbidden outcome: one the search met stands. Races it met, where
    // they are allowed, decide nothing: the trials it did not reach may still hold a forbidden one.
    const found = firstRun.forbiddenCount > 0;
    // The variant showed its race (or deadlock) in the search, whatever the sample shows: no flag.
    const searchShowed = firstRun.raceCount + firstRun.deadlockCount > 0;
    // Under asyncio one trial is the program's one answer, unless setup reads its trial index or
    // it draws from Math.random: each trial may then be another program, and as many are run as a sample would.
    // Trials that decide rather than a search (or asyncio's one trial, the program's one answer): why.
    let sampled: CheckResult['sampled'] = controlled ? undefined : 'uncontrolled';
    if (asyncio && trialOneOnly(firstRun) !== undefined && !found) {
      sampled = firstRun.setupReadsTrial === true ? 'setupReadsTrial' : 'drewRandom';
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
    let changing = !asyncio && firstRun.nondeterministic !== undefined ? firstRun.nondeterministic : undefined;
    if (controlled && !asyncio && !stands && !found && changing === undefined) {
      sampled =
        firstRun.setupReadsTrial === true
          ? 'setupReadsTrial'
          : firstRun.drewRandom === true
            ? 'drewRandom'
            : searchRanToEnd(firstRun)
              ? 'nextTicksUnwatched'
              : 'maxInterleavings';
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
    // Not for a program that changed between replays: the extras' re-runs would be of another mix of programs.
    if (options.extendVariant !== undefined && !options.signal?.aborted && changing === undefined) {
      Object.assign(v, await options.extendVariant(v));
      // The smallest race's search replays the program too: what changed there is the same finding.
      changing = v.minimal?.nondeterministic;
    }
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
      ...(sampled !== undefined ? { sampled } : {}),
      ...(v.drawsRandom === true ? { seed: report.seed } : {}),
      ...(schedule === 'exhaustive' ? { complete: v.complete === true } : {}),
      ...(schedule === 'exhaustive' && v.maxStepsCut !== undefined
        ? { maxStepsCut: { interleavings: v.maxStepsCut, maxSteps: options.maxSteps ?? DEFAULT_MAX_STEPS } }
        : {}),
      ...((schedule === 'exhaustive' || schedule === 'asyncio') && v.setupReadsTrial === true ? { setupReadsTrial: true as const } : {}),
      ...((schedule === 'exhaustive' || schedule === 'asyncio') && v.drewRandom === true ? { drewRandom: true as const } : {}),
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
    // Tagged before anyone sees it (onResult): the runner's own outcomes carry their kind.
    results.push(tagRunnerValues(result));
    options.onResult?.(result);
  }
  return results;
}
