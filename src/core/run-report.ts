import type { RacePolicy, Grade } from './scenario.js';
import type { GradedVariant } from './grading.js';
import type { TrialRecord } from './tally.js';
import type { TraceEvent } from './trace-event.js';
import type { RunnerKind, TrialValue } from './runner-outcomes.js';
import type { VariantExtras } from './extras-types.js';
import type { ScheduleName } from './schedules/table.js';
import type { RandomOdds } from './random-odds.js';
import type { Nondeterminism } from './replay-sample.js';

/** What a run reports: the same document `lockdemo <scenario> --json` prints. */

/** A variant's report: its graded histogram and counts (GradedVariant), and how its run went. */
export interface VariantReport extends Omit<GradedVariant, 'verdict'>, VariantExtras {
  name: string;
  races: RacePolicy;
  summary?: string;
  /** Trials actually run (under `exhaustive`: interleavings explored). */
  trials: number;
  /**
   * `fail`: a forbidden outcome was seen; `incomplete`: stopped (Ctrl-C) before its trials were
   * done, so nothing is claimed; `pass`: ran to completion and met its declaration.
   */
  verdict: 'pass' | 'fail' | 'incomplete';
  /** False when the run was stopped before this variant's trials (or search) were done. */
  finished: boolean;
  /**
   * `hangs`: the runner stopped this variant after too many hanging trials (each costs a whole
   * timeout), so the trials after them never ran (`finished` is false).
   */
  cut?: 'hangs';
  /** The first trial whose outcome was a race or forbidden. */
  firstRace?: TrialRecord;
  /** The first trial whose outcome was forbidden. */
  firstForbidden?: TrialRecord;
  /** The trial asked for with `captureTrial`. */
  captured?: TrialRecord;
  /**
   * `exhaustive`: the number of interleavings explored, and whether the search covered every
   * one: false when `--max-interleavings` cut it short, and false when some interleavings were
   * cut at `--max-steps` (see maxStepsCut). With `preemptions`, "every one" is every one with
   * at most that many preemptions.
   */
  interleavings?: number;
  complete?: boolean;
  /**
   * `exhaustive`: the search ran to its end, but this many interleavings reached `--max-steps`
   * and were cut there (their `step-limit` row): what they would have done after it was not
   * explored, so the verdict holds up to that bound only, and `complete` is false.
   */
  maxStepsCut?: number;
  /** `exhaustive --preemptions k`: the bound the search was under. */
  preemptions?: number;
  /**
   * `exhaustive`: `setup` read its trial index. Every interleaving ran as trial 1, so the
   * search covered trial 1's program only: other trials may set up another one.
   */
  setupReadsTrial?: true;
  /**
   * `exhaustive`, `asyncio`: scenario code drew from Math.random. Every interleaving ran as
   * trial 1 and drew trial 1's numbers, so the search covered trial 1's program only, as where
   * `setup` reads its trial index: other numbers may take another path.
   */
  drewRandom?: true;
  /**
   * `exhaustive`, `random`, `pct`: a task had two or more strands ready at once (a `Promise.all`
   * of its own async functions, each past a door). They resume oldest first, so no schedule
   * explored their other orders: a search is not a proof, whatever it found, and a sample's
   * figures describe the oldest-first order only.
   */
  strandOrdersUnexplored?: true;
  /**
   * `asyncio`: a task had two or more strands waiting at once. Their order is lockdemo's, not a
   * claim about CPython's (a JavaScript async function starts at once, a CPython task a turn
   * later); and a replay runs in the model, where a task's ready strands resume oldest first and
   * time is not modelled, so the variant's records carry no replay string, and it has no trace.
   */
  strandsAtOnce?: true;
  /**
   * `asyncio`: work a task started without awaiting it (a `void f()`) ran after every task had
   * returned, as CPython runs it until its loop stops (three turns). A replay runs in the
   * model, which observes as soon as every task has returned: the variant's records carry no
   * replay string.
   */
  unawaitedWork?: true;
  /**
   * `asyncio`: a task returned while work it started and did not await (a `void f()`) still
   * waited at a door. A JavaScript async function starts at once, where CPython's `create_task`
   * starts it a turn later: the order is lockdemo's, not a claim about CPython's.
   */
  leftRunning?: true;
  /**
   * `asyncio`: a trial awaited real I/O (`t.io`). Its completion was modelled as coming by the
   * loop's next turn, so the result is lockdemo's model of the loop, not a claim about CPython,
   * where the order depends on the real timing.
   */
  realIo?: true;
  /**
   * `asyncio`: two timers of different tasks fired in an order that real time could reverse in
   * CPython (the model's clock is ideal; CPython's turns take their real length and its waits end
   * late: see closeInTime in virtual-loop.ts). The result is lockdemo's model of the loop.
   */
  clockDependent?: true;
  /**
   * Every trial ran, but a stop (Ctrl-C) came before or during the extras (the smallest race,
   * coverage, --ablate), which are left out: the trials' verdict stands.
   */
  extrasStopped?: true;
  /**
   * Exhaustive: the barrier could not watch every way to process.nextTick in some trial (async
   * hooks on, or two runs at once in one thread), so a wake-up through a nextTick taken before
   * lockdemo loaded may have been missed: not a proof.
   */
  nextTicksUnwatched?: true;
  /**
   * `random`, `pct`: the variant's trials drew from `Math.random`, which is seeded per trial by
   * the run's seed: a replay of one of them draws the same numbers only with that seed
   * (`--seed`, replayTrial's `seed`), which its replay line then carries.
   */
  drawsRandom?: true;
  /**
   * `exhaustive`: an interleaving the search explored gave another outcome when it ran again (or
   * no longer fit its picks): the scenario is not a function of its interleaving (state that
   * outlives `setup`: a seeded Math.random, a cache in what `open` returned), so the search, which
   * runs each interleaving once, proves nothing for it.
   */
  nondeterministic?: Nondeterminism;
  /**
   * `exhaustive`: a stop (Ctrl-C) came before or during the determinism sample that follows the
   * search, so whether the searched program is one program is not known: the counts stand, but
   * prove nothing, and the variant did not finish.
   */
  unsampled?: true;
  /** `asyncio`: every trial is the same one, so the counts are not a sample. */
  deterministic?: boolean;
  /** `pct`: the measured k and the guarantee it gives. */
  pct?: PctInfo;
  /** A complete `exhaustive` search without a preemption bound: each outcome's exact probability under `random`. */
  randomOdds?: RandomOdds;
}

export interface PctInfo {
  depth: number;
  /** k: the most scheduling steps seen in a trial (measured by a pilot of random trials). */
  steps: number;
  /**
   * A pilot trial did not come back within --timeout, so k could not be measured: it is the
   * step bound (--max-steps), which no trial that ends exceeds, and the guarantee is that bound's.
   */
  pilotHung?: true;
  /** Each trial finds a given bug of depth d with at least this probability: 1/(n·k^(d−1)). */
  guarantee: number;
  /** Trials that find such a bug with probability 0.99. */
  trialsFor99: number;
  /**
   * The most steps a trial of the run took, when more than k: change points fall in the first
   * k steps only, so the guarantee holds for bugs within them and says nothing of later steps.
   */
  longest?: number;
}

/**
 * A variant's PCT facts once its trials have run: with their longest trial if the pilot's k fell
 * short of it. Not at depth 1, which has no change points: its bound, 1/n, holds at any length.
 */
export function pctAfterTrials(pct: PctInfo, longest: number): PctInfo {
  return pct.depth > 1 && longest > pct.steps ? { ...pct, longest } : pct;
}

export interface RunReport {
  scenario: string;
  summary: string;
  /** What the observed values count (the scenario's `unit`), when it declares one. */
  unit?: string;
  schedule: ScheduleName;
  seed: number;
  /**
   * Trials planned per variant (under `exhaustive`: the bound on interleavings; with a duration:
   * the most a variant may run, 1e9 unless trials were given too).
   */
  trials: number;
  /** `--duration` (`durationMs`): how long each variant ran trials, in ms. */
  durationMs?: number;
  tasks: number;
  /** `fail` if any variant failed, else `incomplete` if the run was interrupted, else `pass`. */
  verdict: 'pass' | 'fail' | 'incomplete';
  /** Controlled schedules: the bound on scheduling steps per trial. */
  maxSteps?: number;
  /** True when the run was stopped early; every variant then reports the trials it completed. */
  interrupted: boolean;
  /** `exhaustive`: the preemption bound, when there is one. */
  preemptions?: number;
  variants: VariantReport[];
  /** Variants that could not run with these options, and why. */
  skipped?: Array<{ name: string; reason: string }>;
  /**
   * The scenario's own options in effect (given, from a variable, or defaults), secret values
   * masked: in runScenario's report and in `--json`.
   */
  options?: Record<string, string>;
}

/** One trial replayed step by step, with everything it did. */
export interface TracedTrial {
  variant: string;
  value: TrialValue;
  /** Set when the value is one of the runner's own outcomes (a deadlock, a step limit…). */
  runner?: RunnerKind;
  grade: Grade;
  description: string;
  /** The replay string of the trial. */
  schedule: string;
  events: TraceEvent[];
  /** For a deadlock: who holds which lock and waits for which. */
  waitCycle?: string;
  /** Set when the trial could not be traced faithfully: `events` is empty, and this says why. */
  untraced?: string;
}

/**
 * The part of a variant's report that every run path (in-process and supervised) builds the
 * same way: its grading, whether it finished, its first race and forbidden trials, and for an
 * exhaustive search whether it was complete and under which preemption bound.
 */
export function gradedVariantReport(
  variant: { name: string; races: RacePolicy; summary?: string | undefined },
  done: number,
  graded: GradedVariant,
  finished: boolean,
  records: { firstRace?: TrialRecord | undefined; firstForbidden?: TrialRecord | undefined; captured?: TrialRecord | undefined },
  search: { complete: boolean; preemptions?: number | undefined } | undefined,
): VariantReport {
  // Named, not spread: a graded variant from a worker carries more (its random odds).
  const { outcomes, raceCount, deadlockCount, forbiddenCount, raceFrequency, interval95, verdict } = graded;
  const stepLimited = stepLimitedCount(outcomes);
  return {
    name: variant.name,
    races: variant.races,
    ...(variant.summary === undefined ? {} : { summary: variant.summary }),
    trials: done,
    raceCount,
    deadlockCount,
    forbiddenCount,
    raceFrequency,
    interval95,
    verdict: verdict === 'fail' ? 'fail' : finished ? 'pass' : 'incomplete',
    finished,
    outcomes,
    ...(records.firstRace ? { firstRace: records.firstRace } : {}),
    ...(records.firstForbidden ? { firstForbidden: records.firstForbidden } : {}),
    ...(records.captured ? { captured: records.captured } : {}),
    ...(search ? { interleavings: done, complete: search.complete && stepLimited === 0 } : {}),
    ...(search?.complete === true && stepLimited > 0 ? { maxStepsCut: stepLimited } : {}),
    ...(search && search.preemptions !== undefined ? { preemptions: search.preemptions } : {}),
  };
}

/** Trials (interleavings) that ended at `--max-steps`: the count of the `step-limit` row. */
export function stepLimitedCount(outcomes: ReadonlyArray<{ runner?: RunnerKind | undefined; count: number }>): number {
  return outcomes.reduce((n, o) => n + (o.runner === 'step-limit' ? o.count : 0), 0);
}

/**
 * An exhaustive search that ran to its end: every interleaving it could reach was explored,
 * though some may have been cut at `--max-steps` (then it is no proof: see `complete`).
 */
export function searchRanToEnd(v: { complete?: boolean | undefined; maxStepsCut?: number | undefined }): boolean {
  return v.complete === true || v.maxStepsCut !== undefined;
}

/** The flags an `asyncio` run sets where its result is lockdemo's model of the loop (see VariantReport). */
export type AsyncioFlags = Pick<VariantReport, 'realIo' | 'clockDependent' | 'strandsAtOnce' | 'unawaitedWork' | 'leftRunning'>;

/** Just the asyncio flags of `from` (a worker's range result, a picker's observations), each set only when true. */
export function asyncioFlagsOf(from: { readonly [K in keyof AsyncioFlags]?: boolean | undefined }): AsyncioFlags {
  return {
    ...(from.realIo === true ? { realIo: true as const } : {}),
    ...(from.clockDependent === true ? { clockDependent: true as const } : {}),
    ...(from.strandsAtOnce === true ? { strandsAtOnce: true as const } : {}),
    ...(from.unawaitedWork === true ? { unawaitedWork: true as const } : {}),
    ...(from.leftRunning === true ? { leftRunning: true as const } : {}),
  };
}

/**
 * Why a search covered trial 1's program only (every interleaving ran as trial 1, and the program
 * depends on its trial), as the end of a sentence; undefined when it covered the program.
 */
export function trialOneOnly(v: { setupReadsTrial?: true; drewRandom?: true }): string | undefined {
  if (v.setupReadsTrial === true) return 'setup reads its trial index';
  if (v.drewRandom === true) return 'it draws from Math.random';
  return undefined;
}
