/**
 * The messages between the CLI's main thread and the worker that runs scenario code. Only
 * plain data crosses: a scenario's functions stay in the worker, which answers questions
 * about them (its variants, its outcomes for a value) instead.
 */
import type { CheckOptions, CheckResult } from '../../core/check.js';
import type { GradedVariant } from '../../core/grading.js';
import type { ReplayNote } from '../../core/heartbeat.js';
import type { PctInfo, ResolvedRun, RunOptions, ScheduleName, TracedTrial, VariantReport } from '../../core/run-scenario.js';
import type { RandomOdds } from '../../core/random-odds.js';
import type { Nondeterminism } from '../../core/replay-sample.js';
import type { Coverage, VariantExtras } from '../../core/extras-types.js';
import type { RacePolicy, RunParams, ScenarioOption } from '../../core/scenario.js';
import type { ChunkResult } from '../../core/tally.js';
import type { RemovedLock } from '../command-line.js';
import type { ErrorKind, GivenChoice, UnknownChoice } from '../exit-codes.js';

/** What the main thread may know of a loaded scenario. */
export interface ScenarioInfo {
  name: string;
  summary: string;
  tasks: number;
  variants: Array<{ name: string; races: RacePolicy; summary?: string }>;
  options: Record<string, Omit<ScenarioOption, never>>;
  /** Whether it declares `open` or `close` (a shared resource per worker, opened and closed once). */
  opens: boolean;
  /** What one unit of its observed value counts (teach's wording). */
  unit?: string;
}

/** `--remove-lock` and `--ablate`, applied to the scenario in each worker after it loads. */
export interface PrepareFlags {
  removeLock?: string;
  ablate?: boolean;
  variant?: string[];
  tasks?: number;
  options: Record<string, string>;
}

/** resolveRun's answer, without the functions. */
/** A run resolved in the worker (resolve-run.ts), without what cannot cross: the scenario itself. */
export type ResolvedInfo = Omit<ResolvedRun, 'scenario' | 'outcomes'>;

/** A trial the supervisor stopped after --timeout: skipped when the range is run again. */
export interface StoppedTrial {
  index: number;
  picks?: number[];
}

export interface RangeRequest {
  type: 'range';
  variant: string;
  schedule: ScheduleName;
  seed: number;
  params: RunParams;
  timeoutMs: number;
  first: number;
  count: number;
  pct?: PctInfo;
  preemptions?: number;
  captureTrial?: number;
  /** The step bound of a controlled trial (--max-steps). */
  maxSteps: number;
  /** Track coverage of the interleavings (random and pct, one job). */
  coverage?: boolean;
  /** Stop starting trials at this time (Date.now()), for --duration. */
  deadline?: number;
  hangs: StoppedTrial[];
  /**
   * The range is all of the variant's trials: grade them in the answer (as a `grade` request
   * would), which saves the supervisor a round trip when the answer is what it counts.
   */
  grade?: true;
}

export interface RangeResult {
  result: ChunkResult;
  /** Trials accounted for, hangs included. */
  done: number;
  /** exhaustive: whether the search covered every interleaving. */
  complete?: boolean;
  /** exhaustive: `setup` read its trial index (see VariantReport.setupReadsTrial). */
  setupReadsTrial?: true;
  /** exhaustive, random or pct: a task had strands ready at once (see VariantReport.strandOrdersUnexplored). */
  strandOrdersUnexplored?: true;
  /** exhaustive: see VariantReport.nextTicksUnwatched. */
  nextTicksUnwatched?: true;
  /** random, pct: see VariantReport.drawsRandom. */
  drawsRandom?: true;
  /** exhaustive, asyncio: see VariantReport.drewRandom. */
  drewRandom?: true;
  /** asyncio: see VariantReport.realIo. */
  realIo?: true;
  /** asyncio: see VariantReport.clockDependent. */
  clockDependent?: true;
  /** asyncio: see VariantReport.strandsAtOnce. */
  strandsAtOnce?: true;
  /** asyncio: see VariantReport.unawaitedWork. */
  unawaitedWork?: true;
  /** random and pct, one job: how many distinct interleavings the trials covered. */
  coverage?: Coverage;
  /** With the request's `grade`: these trials graded, as the `grade` request answers. */
  graded?: Answers['grade'];
}

export type Request =
  | { type: 'load'; target: string }
  | { type: 'resolve'; options: Omit<RunOptions, 'onProgress' | 'onVariant' | 'onStart' | 'signal'> }
  | { type: 'open'; params: RunParams }
  /** PCT's pilot, whose trials are cut at the run's `maxSteps` as the run's are. */
  | { type: 'pct'; variant: string; seed: number; params: RunParams; depth: number; maxSteps: number }
  | RangeRequest
  /**
   * exhaustive, after a range that explored its whole search without a hang: the determinism
   * sample of that search (replay-sample.ts), in the same worker, as a request of its own.
   */
  | { type: 'sample'; variant: string }
  | { type: 'prepare'; flags: PrepareFlags }
  | { type: 'grade'; variant: string; params: RunParams; result: ChunkResult; done: number; complete?: boolean }
  | { type: 'extend'; report: VariantReport; tasks: number; options: Record<string, string>; ablate?: boolean; maxSteps?: number }
  | {
      type: 'replay';
      variant: string;
      tasks: number;
      schedule: string;
      options: Readonly<Record<string, string | undefined>>;
      trial?: number;
      maxSteps?: number;
      /** The run's seed, under a seeded schedule: the trial's Math.random draws what it drew. */
      seed?: number;
    }
  | {
      type: 'check';
      variant: string;
      options: Omit<CheckOptions, 'onResult' | 'signal' | 'extendVariant'>;
      ablate?: boolean;
      /**
       * Asked again after a replay of the variant's determinism sample never came back: the
       * search's counts only, with no sample and no extras (whose re-runs would loop as it did).
       */
      countsOnly?: true;
      /** Without the analysis after the trials (the smallest race, --ablate), which hung once. */
      noExtras?: true;
    }
  | { type: 'close' };

export interface Answers {
  load: ScenarioInfo;
  resolve: ResolvedInfo;
  open: null;
  pct: PctInfo;
  range: RangeResult;
  /** An interleaving that gave another outcome when it ran again (see VariantReport.nondeterministic). */
  sample: { nondeterministic?: Nondeterminism; stopped?: true };
  /** With --remove-lock: the lock and the variants that ask for it (printed commands need it). */
  prepare: { removedLock?: RemovedLock };
  grade: GradedVariant & { randomOdds?: RandomOdds };
  extend: VariantExtras | undefined;
  replay: TracedTrial;
  check: CheckResult[];
  close: null;
}

/**
 * How an error crosses: the kind of ending it stands for, never an exit code (main.ts maps
 * kinds to numbers; wire-error.ts decides the kind, in the worker, where the error was thrown).
 */
export interface WireError {
  kind: ErrorKind;
  /** One line, as the user will read it (main adds the suggestion and, for `internal`, a request to report it). */
  message: string;
  /** For an unknown name: what was given and what is accepted, for main's "did you mean". */
  choice?: UnknownChoice | GivenChoice;
  stack?: string;
  /** Loading failed only because a module could not find `lockdemo`: try a worker with the resolve hook. */
  needsSelfImport?: true;
}

/**
 * A range's progress: the trials tallied so far and, for a range, their tally, so that the
 * trials a worker completed still count when it is stopped before it answers (Ctrl-C on a
 * worker stuck in scenario code).
 */
export interface ProgressReply {
  id: number;
  progress: number;
  partial?: ChunkResult;
}

/** What a request's progress callback receives. */
export type OnProgress = (done: number, partial?: ChunkResult) => void;

/**
 * The error that is about to end the worker (an exception nobody caught), sent before it
 * exits, so that its end is reported as what it was and not as a bare exit code.
 */
export interface FatalReply {
  fatal: WireError;
}

/** A replay of the determinism sample is about to start (see heartbeat.ts, ReplayNote). */
export interface ReplayReply {
  replaying: ReplayNote;
}

export type Reply = { id: number; ok: unknown } | { id: number; error: WireError } | ProgressReply | FatalReply | ReplayReply;
