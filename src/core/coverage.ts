/**
 * Coverage of random and pct runs: how many distinct interleavings the trials reached, and
 * Good–Turing's estimate of the probability mass of those not reached yet (I. J. Good, 1953:
 * the chance that the next trial is new is about f1/n, where f1 interleavings were seen exactly
 * once in n trials).
 *
 * An interleaving is identified by a 53-bit hash of its pick sequence (two 32-bit FNV-1a
 * variants), so a collision is vanishingly rare (about n²/2^54). Memory is bounded: an
 * open-addressing table that grows with the distinct interleavings seen, to at most
 * 2 × MAX_TRACKED slots (2.25 MB). Past MAX_TRACKED distinct hashes the tracker keeps only
 * hashes in the lower 1/rate of the hash space, doubling the rate as needed, and scales its
 * counts up by the rate (distinct-sampling, Gibbons 2001); the figures then say they are
 * estimates.
 */
import type { Coverage } from './extras-types.js';

/** Distinct interleavings tracked before switching to hash-based sampling. */
export const MAX_TRACKED = 1 << 17;

const HASH_SPACE = 2 ** 53;

/**
 * Slots of the open-addressing table at most: twice MAX_TRACKED, so it is at most half full.
 * Two typed arrays (2.25 MB at that size): the tracker's memory is the same after a million
 * trials and after a billion.
 */
const SLOTS = MAX_TRACKED * 2;

/**
 * Slots of a new table. It doubles whenever it is half full, up to SLOTS: most runs see a few
 * dozen interleavings, and allocating (and zeroing) the full table cost about 0.8 ms per
 * variant, a visible part of a short run's start-up.
 */
const FIRST_SLOTS = 1 << 10;

export class CoverageTracker {
  /** The hashes tracked, by slot (linear probing from the hash's low bits). */
  private keys: Float64Array | undefined;
  /** Times each slot's hash was seen, capped at 2 (only "once" and "more" matter); 0: empty. */
  private counts: Uint8Array | undefined;
  private size = 0;
  private singletons = 0;
  private rate = 1;
  private trials = 0;

  /** Counts one trial's pick sequence (the first `size` items of `picks`). */
  add(picks: ArrayLike<number>, size = picks.length): void {
    this.trials++;
    const hash = hashPicks(picks, size);
    if (hash >= HASH_SPACE / this.rate) return;
    let keys = (this.keys ??= new Float64Array(FIRST_SLOTS));
    let counts = (this.counts ??= new Uint8Array(FIRST_SLOTS));
    let mask = keys.length - 1;
    let slot = (hash >>> 0) & mask;
    for (;;) {
      const count = counts[slot];
      if (count === 0) break;
      if (keys[slot] === hash) {
        if (count === 1) {
          counts[slot] = 2;
          this.singletons--;
        }
        return;
      }
      slot = (slot + 1) & mask;
    }
    if (this.size * 2 >= keys.length && keys.length < SLOTS) {
      [keys, counts] = this.grow(keys, counts);
      mask = keys.length - 1;
      slot = (hash >>> 0) & mask;
      while (counts[slot] !== 0) slot = (slot + 1) & mask;
    }
    keys[slot] = hash;
    counts[slot] = 1;
    this.size++;
    this.singletons++;
    if (this.size > MAX_TRACKED) this.halve(keys, counts);
  }

  /** The same hashes and counts in a table twice the size. */
  private grow(keys: Float64Array, counts: Uint8Array): [Float64Array, Uint8Array] {
    const bigger = new Float64Array(keys.length * 2);
    const biggerCounts = new Uint8Array(keys.length * 2);
    const mask = bigger.length - 1;
    for (let from = 0; from < keys.length; from++) {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- from < keys.length, the length of both arrays
      const count = counts[from]!;
      if (count === 0) continue;
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- from < keys.length, the length of both arrays
      const hash = keys[from]!;
      let slot = (hash >>> 0) & mask;
      while (biggerCounts[slot] !== 0) slot = (slot + 1) & mask;
      bigger[slot] = hash;
      biggerCounts[slot] = count;
    }
    this.keys = bigger;
    this.counts = biggerCounts;
    return [bigger, biggerCounts];
  }

  /** Keeps only the hashes in the lower half of the sampled space, and rebuilds the table. */
  private halve(keys: Float64Array, counts: Uint8Array): void {
    this.rate *= 2;
    const limit = HASH_SPACE / this.rate;
    const kept: number[] = [];
    const mask = keys.length - 1;
    for (let slot = 0; slot < keys.length; slot++) {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- slot < keys.length, the length of both arrays
      const count = counts[slot]!;
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- slot < keys.length, the length of both arrays
      if (count !== 0 && keys[slot]! < limit) kept.push(keys[slot]!, count);
    }
    counts.fill(0);
    this.size = 0;
    this.singletons = 0;
    for (let i = 0; i < kept.length; i += 2) {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- i + 1 < kept.length: kept holds pairs
      const hash = kept[i]!;
      let slot = (hash >>> 0) & mask;
      while (counts[slot] !== 0) slot = (slot + 1) & mask;
      keys[slot] = hash;
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- i + 1 < kept.length: kept holds pairs
      const count = kept[i + 1]!;
      counts[slot] = count;
      this.size++;
      if (count === 1) this.singletons++;
    }
  }

  summary(): Coverage {
    const distinct = this.size * this.rate;
    const f1 = this.singletons * this.rate;
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
