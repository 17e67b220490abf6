import { describe, expect, it } from 'vitest';
import { lostBucket } from '../../scenarios/threads.js';

describe('threads: loss buckets stay within what is possible', () => {
  it('ends the last bucket at n·k − 2 (4 threads of 10,000: at most 39,998 lost)', () => {
    expect(lostBucket(0, 4)).toBe('none lost');
    expect(lostBucket(7, 4)).toBe('lost 1–9');
    expect(lostBucket(999, 4)).toBe('lost 100–999');
    expect(lostBucket(12_345, 4)).toBe('lost 10,000–39,998');
    expect(lostBucket(15_000, 2)).toBe('lost 10,000–19,998');
  });

  it.each([2, 3, 4, 8])('no bucket for %i threads names a loss above n·k − 2', (tasks) => {
    const max = tasks * 10_000 - 2;
    for (const lost of [1, 9, 10, 99, 100, 999, 1000, 9999, 10_000, max]) {
      const [, low, high] = /^lost ([\d,]+)–([\d,]+)$/.exec(lostBucket(lost, tasks))!;
      const n = (s: string) => Number(s.replaceAll(',', ''));
      expect(n(low!)).toBeLessThanOrEqual(lost);
      expect(n(high!)).toBeGreaterThanOrEqual(lost);
      expect(n(high!)).toBeLessThanOrEqual(max);
    }
  });
});
