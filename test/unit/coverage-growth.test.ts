import { describe, expect, it } from 'vitest';
import { CoverageTracker, hashPicks, MAX_TRACKED } from '../../src/core/coverage.js';

/** The same figures from a plain Map of hash → times seen: the reference the table must match. */
function reference(sequences: readonly number[][]): { distinct: number; singletons: number } {
  const seen = new Map<number, number>();
  for (const picks of sequences) {
    const hash = hashPicks(picks);
    seen.set(hash, (seen.get(hash) ?? 0) + 1);
  }
  return { distinct: seen.size, singletons: [...seen.values()].filter((n) => n === 1).length };
}

describe('the coverage table grows as interleavings are seen', () => {
  it('counts exactly as a Map does across many doublings, with repeats after each', () => {
    const sequence = (i: number): number[] => [i % 3, (i >> 2) % 5, i >> 4, i & 1];
    const sequences: number[][] = [];
    // 20,000 distinct sequences (the table doubles about five times); every third one is seen
    // again soon after and once more at the end, so both "seen once" and "seen more" must
    // survive each move to a bigger table.
    for (let i = 0; i < 20_000; i++) {
      sequences.push(sequence(i));
      if (i >= 5 && (i - 5) % 3 === 0) sequences.push(sequence(i - 5));
    }
    for (let i = 0; i < 20_000; i += 3) sequences.push(sequence(i));
    const tracker = new CoverageTracker();
    for (const picks of sequences) tracker.add(picks);
    const summary = tracker.summary();
    expect(summary.sampled).toBe(false);
    expect(summary.trials).toBe(sequences.length);
    expect({ distinct: summary.distinct, singletons: summary.singletons }).toEqual(reference(sequences));
    expect(summary.distinct).toBe(20_000);
  });

  it('still switches to sampling only past MAX_TRACKED distinct hashes', () => {
    const tracker = new CoverageTracker();
    const sequences: number[][] = [];
    for (let i = 0; i < MAX_TRACKED; i++) sequences.push([i & 0xffff, i >>> 16, 7]);
    for (const picks of sequences) tracker.add(picks);
    const atCap = tracker.summary();
    expect(atCap.sampled).toBe(false);
    expect({ distinct: atCap.distinct, singletons: atCap.singletons }).toEqual(reference(sequences));
    tracker.add([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(tracker.summary().sampled).toBe(true);
  });
});
