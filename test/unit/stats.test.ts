import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../src/core/stats.js';

describe('wilsonInterval', () => {
  it('matches published values', () => {
    // 838 of 1000: the DESIGN sample's 81.4–86.0%.
    const [lo, hi] = wilsonInterval(838, 1000);
    expect(lo).toBeCloseTo(0.8139, 4);
    expect(hi).toBeCloseTo(0.8595, 4);
    // 0 of 1000: the "rule of three" neighbourhood, 0 to 0.38%.
    const [zlo, zhi] = wilsonInterval(0, 1000);
    expect(zlo).toBe(0);
    expect(zhi).toBeCloseTo(0.003827, 5);
  });

  it('is symmetric and stays inside [0, 1]', () => {
    const [lo, hi] = wilsonInterval(3, 10);
    const [lo2, hi2] = wilsonInterval(7, 10);
    expect(lo).toBeCloseTo(1 - hi2, 12);
    expect(hi).toBeCloseTo(1 - lo2, 12);
    expect(wilsonInterval(10, 10)[1]).toBe(1);
    expect(wilsonInterval(1, 1)[0]).toBeGreaterThan(0);
  });

  it('narrows as trials grow', () => {
    const width = (n: number) => {
      const [lo, hi] = wilsonInterval(n / 2, n);
      return hi - lo;
    };
    expect(width(100)).toBeGreaterThan(width(10_000));
  });
});
