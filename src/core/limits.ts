/**
 * The run's bounds and defaults, in a module of their own: the CLI's main thread reads them
 * without loading the engine, which only its worker needs.
 */

/**
 * Trials are seeded in chunks of this many: trial k of a variant draws from the stream of
 * (seed, variant, floor(k / CHUNK_TRIALS)). A chunk is the unit that can move to a worker.
 */
export const CHUNK_TRIALS = 1 << 16;

/** Largest `trials` accepted. */
export const MAX_TRIALS = 1e9;

/** Default bound of `exhaustive`. */
export const DEFAULT_MAX_INTERLEAVINGS = 1_000_000;

/** Default bug depth of `pct`. */
export const DEFAULT_PCT_DEPTH = 3;

/** PCT's bug depth for a race that needs k preemptions: d = k + 1 (k change points). */
export function pctDepthFor(preemptions: number): number {
  return preemptions + 1;
}
