import type { ScheduleName } from './schedules/table.js';
import type { VariantExtras } from './extras-types.js';
import type { VariantReport } from './run-report.js';
import type { Progress } from './progress.js';

export type { Progress } from './progress.js';

/**
 * What a caller of the library (or the CLI, through the same function) may ask of a run, and
 * of a replay. resolve-run.ts applies the defaults (limits.ts) and checks every choice.
 */

export interface RunOptions {
  /**
   * Trials per variant. Default: the scenario's `trials` (1000 unless it says otherwise).
   * `exhaustive` refuses it (a RunOptionError): it runs every interleaving, up to `maxInterleavings`.
   */
  trials?: number;
  /** Seed of the `random`, `pct` and `timers` schedules (0 to 2^53 − 1). Default: a fresh one, reported. */
  seed?: number;
  /** Default `random`. */
  schedule?: ScheduleName;
  /** Which variants to run, in the scenario's order. Default: all. */
  variants?: readonly string[];
  /** Tasks per trial (1–64). Default: the scenario's `tasks`. */
  tasks?: number;
  /**
   * Per-trial timeout in ms under `event-loop` and `timers`; under the controlled schedules, how
   * long a trial's real I/O (`t.io`) may take from its first operation. Default: the scenario's
   * own `timeout`, else 5000.
   */
  timeoutMs?: number;
  /** `pct`: the bug depth d to target. Default 3. */
  depth?: number;
  /** `exhaustive`: stop after this many interleavings per variant. Default 1,000,000. */
  maxInterleavings?: number;
  /** `exhaustive`: at most this many preemptions per interleaving. Default: unbounded. */
  preemptions?: number;
  /**
   * Controlled schedules: a trial that takes more scheduling steps than this ends as a
   * `step-limit` outcome (a livelock), with its replay string. Default 10,000.
   */
  maxSteps?: number;
  /** Record the schedule of this trial (1-based) of every variant, to trace it. */
  captureTrial?: number;
  /**
   * Worker threads to spread the trials over (random and pct only). Default 1: in this
   * thread. Trials are seeded per chunk, so the results are the same for any number of jobs.
   */
  jobs?: number;
  /** Where workers import the scenario module from (a file: URL); required when jobs > 1. */
  moduleUrl?: string;
  /** Stop starting trials of a variant after this many ms; the report says how many ran. */
  durationMs?: number;
  /** The scenario's own options by name, such as the cache's `{ origin: 'http' }`. */
  options?: Readonly<Record<string, string | undefined>>;
  /**
   * `random` and `pct` in this thread: count the distinct interleavings the trials reach (a
   * hash per trial, memory capped) and report them as `coverage`. Default false.
   */
  coverage?: boolean;
  /**
   * Called as each variant finishes, before `onVariant`: what it resolves with (the smallest
   * race, a coverage total, a lock ablation) is added to the variant's report.
   */
  extendVariant?: (variant: VariantReport) => Promise<VariantExtras | undefined>;
  /** Called after every batch of trials (about every 15 ms of work). */
  onProgress?: (progress: Progress) => void;
  /** Called as each variant finishes, before the next starts. */
  onVariant?: (variant: VariantReport) => void;
  /** Called once what the trials share is up (`open` succeeded), before the first trial. */
  onStart?: () => void;
  /** Aborting stops the run after the trials in flight; the report is then `interrupted`. */
  signal?: AbortSignal;
}

export interface ReplayOptions {
  /** The variant to replay; may be omitted when the scenario has only one. */
  variant?: string;
  /** Tasks per trial. Default: the scenario's. */
  tasks?: number;
  /** The replay string (`A B A C B C`) or the picks as task ids. */
  schedule: string | readonly number[];
  /** The scenario's own options. */
  options?: Readonly<Record<string, string | undefined>>;
  /** The step bound the trial ran under (a step-limit trial replays to the same end). Default 10,000. */
  maxSteps?: number;
  /** How long the trial's real I/O (`t.io`) may take. Default: the scenario's own `timeout`, else 5000. */
  timeoutMs?: number;
  /** The 0-based index `setup` gets, as the trial had in its run. Default 0. */
  trial?: number;
  /**
   * The seed of the run the trial came from, under `random` or `pct`: with `trial`, the trial's
   * `Math.random` draws the numbers it drew in that run. Default 0, the seed of the schedules
   * that take none (`exhaustive`, `asyncio`).
   */
  seed?: number;
}
