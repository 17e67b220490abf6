import { describe, expect, it } from 'vitest';
import { lostBucket } from '../../scenarios/threads.js';

describe('threads: loss buckets are decades, the same labels in every trial', () => {
  it('names the decade a loss falls in', () => {
    expect(lostBucket(0)).toBe('none lost');
    expect(lostBucket(7)).toBe('lost 1–9');
    expect(lostBucket(999)).toBe('lost 100–999');
    expect(lostBucket(12_345)).toBe('lost 10,000–99,999');
    expect(lostBucket(1_500_000)).toBe('lost 1,000,000–9,999,999');
    expect(lostBucket(-3)).toBe('3 too many');
  });

  it('puts every loss inside its bucket, and the buckets tile the numbers', () => {
    for (const lost of [1, 9, 10, 11, 99, 100, 999, 1000, 9999, 10_000, 123_456, 2 ** 31 - 2]) {
      const [, low, high] = /^lost ([\d,]+)–([\d,]+)$/.exec(lostBucket(lost))!;
      const n = (s: string) => Number(s.replaceAll(',', ''));
      expect(n(low!)).toBeLessThanOrEqual(lost);
      expect(n(high!)).toBeGreaterThanOrEqual(lost);
      expect(n(high!) + 1).toBe(10 * n(low!));
    }
  });
});
