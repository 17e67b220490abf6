/**
 * Every default and limit of a run, written once. The core checks options against them; the
 * CLI's parsers and help text quote them. A module of its own: the CLI's main thread reads them
 * without loading the engine, which only its worker needs.
 */

/** Largest number of trials per variant (and of interleavings under `exhaustive`). */
export const MAX_TRIALS = 1e9;

/** Trials per variant when neither the run nor the scenario says. */
export const DEFAULT_TRIALS = 1000;

/** Tasks per trial: at most this many (task labels run A to Z, then AA…). */
export const MAX_TASKS = 64;

/** Per-trial timeout (ms) when neither the run nor the scenario gives one. */
export const DEFAULT_TIMEOUT_MS = 5000;

/** Longest per-trial timeout: one day. */
export const MAX_TIMEOUT_MS = 86_400_000;

/** Most worker threads for `jobs`. */
export const MAX_JOBS = 256;

/**
 * The most V8 may grow the young generation of a worker that runs trials to (MB). Left alone,
 * V8 grows it to 48 MB over a long run of trials, whose garbage all dies young: the CLI's
 * `counter --trials 1e7` ended with 32 MB more resident memory than `--trials 1e5`; with this
 * bound, 5 MB more, at the same CPU time (2e6 trials: 3.3 s either way).
 */
export const WORKER_YOUNG_GENERATION_MB = 8;

/** Default bound of `exhaustive`: interleavings per variant. */
export const DEFAULT_MAX_INTERLEAVINGS = 1_000_000;

/** Default bug depth of `pct`, and the deepest accepted. */
export const DEFAULT_PCT_DEPTH = 3;
export const MAX_PCT_DEPTH = 20;

/** Default of `maxSteps`: far above any built-in scenario (the largest takes 255 steps, at 64 tasks). */
export const DEFAULT_MAX_STEPS = 10_000;

/** Largest `maxSteps`. */
export const MAX_STEPS = 1e9;

/** Longest timed run: a week per variant. */
export const MAX_DURATION_MS = 604_800_000;

/**
 * Longest string an `observe` may return. Each distinct value is kept, cloned between threads
 * and printed: 1,000 distinct values of a megabyte took 24 GB, and strings of 50 MB overflowed
 * the report ("Invalid string length", called a bug in lockdemo).
 */
export const MAX_VALUE_LENGTH = 10_000;

/** MAX_TRIALS as people type it on a command line. */
export const MAX_TRIALS_TEXT = MAX_TRIALS.toExponential().replace('e+', 'e');

/**
 * Trials are seeded in chunks of this many: trial k of a variant draws from the stream of
 * (seed, variant, floor(k / CHUNK_TRIALS)). A chunk is the unit that can move to a worker.
 */
export const CHUNK_TRIALS = 1 << 16;

/** After this many hanging trials a variant stops (the CLI): each one costs a whole --timeout. */
export const MAX_HANGS = 10;

/**
 * The workers a run of the CLI starts: `jobs`, but never more than the chunks of work, since
 * trials move between workers a chunk at a time and a worker beyond them would only start,
 * load the module and stop (`--jobs 256` made 1,000 trials take 20 times longer).
 */
export function workersFor(r: { readonly jobs: number; readonly trials: number; readonly durationMs?: number | undefined }): number {
  return r.durationMs !== undefined ? r.jobs : Math.min(r.jobs, Math.ceil(r.trials / CHUNK_TRIALS));
}
