import { afterEach, describe, expect, it } from 'vitest';
import { holdSeededRandom, randomKey, reseedTrialRandom } from '../../src/core/trial-random.js';

const native = Math.random;

afterEach(() => {
  // A failed test must not leave the next one a seeded (or a test's own) Math.random.
  Math.random = native;
});

/** `n` draws of the trial at `index` of the plan with `key`, from its start. */
function drawsOf(seed: number, variant: string, index: number, n = 8): number[] {
  reseedTrialRandom(randomKey(seed, variant), index);
  return Array.from({ length: n }, () => Math.random());
}

describe('the per-trial reseed', () => {
  it('gives the same trial the same numbers, and another trial, seed or variant other numbers', () => {
    const release = holdSeededRandom();
    try {
      const trial5 = drawsOf(3, 'locked', 5);
      // Draws in between (another trial's) change nothing: the stream starts over.
      drawsOf(3, 'locked', 6, 100);
      expect(drawsOf(3, 'locked', 5)).toEqual(trial5);
      const others = [drawsOf(3, 'locked', 6), drawsOf(3, 'locked', 4), drawsOf(4, 'locked', 5), drawsOf(3, 'unlocked', 5)];
      for (const other of others) {
        expect(other).not.toEqual(trial5);
        // Not a shifted copy either: no draw of the one stream is any of the other's.
        expect(other.filter((x) => trial5.includes(x))).toEqual([]);
      }
      // Seeds past 2^32 are told apart from their low half.
      expect(drawsOf(2 ** 32 + 3, 'locked', 5)).not.toEqual(trial5);
    } finally {
      release();
    }
  });

  it('draws doubles in [0, 1) with 53 random bits, uniform, as the built-in does', () => {
    const release = holdSeededRandom();
    try {
      const xs = drawsOf(1, 'v', 0, 20_000);
      expect(xs.every((x) => typeof x === 'number' && x >= 0 && x < 1)).toBe(true);
      // A double of 32 bits is a multiple of 2^-32; of 53 bits, almost never.
      expect(xs.filter((x) => Number.isInteger(x * 2 ** 32)).length).toBeLessThan(5);
      expect(xs.every((x) => Number.isInteger(x * 2 ** 53))).toBe(true);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      // 20,000 uniform draws: the mean's standard deviation is 0.002; 0.01 is five of them.
      expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
      const below = xs.filter((x) => x < 0.25).length / xs.length;
      expect(Math.abs(below - 0.25)).toBeLessThan(0.015);
      // Like the built-in: a function of no argument that is no constructor.
      expect(Math.random.length).toBe(0);
      expect(Math.random.name).toBe('random');
      expect('prototype' in Math.random).toBe(false);
    } finally {
      release();
    }
  });
});
