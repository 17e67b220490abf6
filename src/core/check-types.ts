/** The options and the results of `checkScenario` (check.ts), and of `lockdemo check`. */
import type { GradedOutcome, GradedVariant } from './grading.js';
import type { VariantExtras } from './extras-types.js';
import type { ScheduleName, TrialRecord, VariantReport } from './run-scenario.js';
import type { TrialValue } from './runner-outcomes.js';
import type { Nondeterminism } from './replay-sample.js';
import type { RacePolicy } from './scenario.js';

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
  /**
   * Set when trials decided rather than a complete search, so a pass is a sample, not a proof:
   * why. `maxInterleavings`, `setupReadsTrial`, `drewRandom` and `nextTicksUnwatched`: the search
   * of every interleaving was cut there or covered less than the program, and seeded random
   * trials decided (`schedule` is `random`; under `asyncio`, `setupReadsTrial` or `drewRandom`:
   * each of its trials may be another program, and as many as a sample's decided);
   * `uncontrolled`: real threads, processes or I/O, whose order lockdemo cannot choose, run
   * under their own schedule.
   */
  sampled?: 'maxInterleavings' | 'setupReadsTrial' | 'drewRandom' | 'nextTicksUnwatched' | 'uncontrolled';
  /** For a skipped variant: why it could not run. */
  reason?: string;
  /** `random`: the seed its trials drew Math.random by, when they drew from it (a replay needs it). */
  seed?: number;
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
  /** The program drew from Math.random: an exhaustive search covered trial 1's numbers only. */
  drewRandom?: true;
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
  /**
   * The first trial that raced or ended in a forbidden outcome (a deadlock, a stall, an error of
   * lockdemo's own outcomes, each tagged with its `runner` kind), with its replay string: what an
   * HTML report traces. Not a race count: `raceCount` is that.
   */
  firstRace?: TrialRecord;
  /** The graded histogram of the variant: what an HTML report draws. */
  outcomes?: GradedOutcome[];
  seconds: number;
}
