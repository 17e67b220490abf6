import { describe, expect, it } from 'vitest';
import { formatCount, formatPercent } from '../../src/cli/numbers.js';

describe('formatPercent', () => {
  it('shows 1,999 of 2,000 as 99.95%, never as 100.0%', () => {
    expect(formatPercent(1999 / 2000)).toBe('99.95%');
    expect(formatPercent(3998 / 4000)).toBe('99.95%');
    expect(formatPercent(999 / 1000)).toBe('99.9%');
  });

  it('never rounds a share above 0 to 0.0%, nor a share below 1 to 100.0%, and stays within half a tenth of the share', () => {
    for (let n = 1; n <= 5000; n++) {
      for (const k of [0, 1, 2, 3, Math.floor(n / 3), n - 3, n - 2, n - 1, n]) {
        if (k < 0 || k > n) continue;
        const shown = formatPercent(k / n);
        const value = Number(shown.slice(0, -1));
        const exact = (100 * k) / n;
        if (k > 0) expect(shown, `${k}/${n}`).not.toBe('0.0%');
        if (k < n) expect(shown, `${k}/${n}`).not.toBe('100.0%');
        expect(Math.abs(value - exact), `${k}/${n} shown as ${shown}`).toBeLessThanOrEqual(0.05 + 1e-9);
        if (k > 0 && k < n) expect(value > 0 && value < 100, `${k}/${n} shown as ${shown}`).toBe(true);
      }
    }
  });
});

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1,000');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(-1234)).toBe('-1,234');
  });
});
