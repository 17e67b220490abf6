/**
 * Coverage of random and pct runs: how many distinct interleavings the trials reached, and
 * Good–Turing's estimate of the probability mass of those not reached yet (I. J. Good, 1953:
 * the chance that the next trial is new is about f1/n, where f1 interleavings were seen exactly
 * once in n trials).
 *
 * An interleaving is identified by a 53-bit hash of its pick sequence (two 32-bit FNV-1a
 * variants), so a collision is vanishingly rare (about n²/2^54). Memory is bounded: past
 * MAX_TRACKED distinct hashes the tracker keeps only hashes in the lower 1/rate of the hash
 * space, doubling the rate as needed, and scales its counts up by the rate (distinct-sampling,
 * Gibbons 2001); the figures then say they are estimates.
 */
import type { Coverage } from './extras-types.js';

/** Distinct interleavings tracked before switching to hash-based sampling. */
export const MAX_TRACKED = 1 << 17;

const HASH_SPACE = 2 ** 53;

export class CoverageTracker {
  /** hash → times seen (capped at 2: only "once" and "more than once" matter). */
  private readonly seen = new Map<number, number>();
  private rate = 1;
  private trials = 0;

  /** Counts one trial's pick sequence (the first `size` items of `picks`). */
  add(picks: ArrayLike<number>, size = picks.length): void {
    this.trials++;
    const hash = hashPicks(picks, size);
    if (hash >= HASH_SPACE / this.rate) return;
    const count = this.seen.get(hash);
    if (count === undefined) {
      this.seen.set(hash, 1);
      if (this.seen.size > MAX_TRACKED) this.halve();
    } else if (count === 1) {
      this.seen.set(hash, 2);
    }
  }

  /** Keeps only the hashes in the lower half of the sampled space. */
  private halve(): void {
    this.rate *= 2;
    const limit = HASH_SPACE / this.rate;
    for (const hash of this.seen.keys()) if (hash >= limit) this.seen.delete(hash);
  }

  summary(): Coverage {
    let singletons = 0;
    for (const count of this.seen.values()) if (count === 1) singletons++;
    const distinct = this.seen.size * this.rate;
    const f1 = singletons * this.rate;
    return {
      trials: this.trials,
      distinct,
      singletons: f1,
      unseenMass: this.trials > 0 ? Math.min(1, f1 / this.trials) : 1,
      sampled: this.rate > 1,
      sampleRate: this.rate,
    };
  }
}

/** With the total counted by exhaustive search: the share of all interleavings seen. */
export function withTotal(coverage: Coverage, total: number): Coverage {
  return { ...coverage, total, share: total > 0 ? Math.min(1, coverage.distinct / total) : 0 };
}

/** A 53-bit hash of a pick sequence: FNV-1a in two lanes with different offsets. */
export function hashPicks(picks: ArrayLike<number>, size = picks.length): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ size;
  for (let i = 0; i < size; i++) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- i < size, which is at most picks.length
    const p = picks[i]! + 1;
    a = Math.imul(a ^ p, 0x01000193);
    b = Math.imul(b ^ p, 0x5bd1e995);
    b ^= b >>> 15;
  }
  // 21 bits of one lane above 32 of the other: an integer below 2^53, exact as a double.
  return ((a >>> 0) & 0x1fffff) * 2 ** 32 + (b >>> 0);
}
