/**
 * The odds are sums of exact fractions in floating point: ten paths of 1/10 that all race sum
 * to 0.9999999999999999, which the JSON printed as the chance of a race where it is certain.
 */
import { describe, expect, it } from 'vitest';
import { OddsTally } from '../../src/core/random-odds.js';

describe('random odds', () => {
  it('a certain outcome sums to 1, an impossible one to 0, a third to a third', () => {
    const odds = new OddsTally();
    for (let i = 0; i < 10; i++) odds.add(i, 1 / 10);
    const rows = Array.from({ length: 10 }, (_, value) => ({ value, grade: 'race' as const }));
    const result = odds.result(
      rows,
      () => true,
      () => 'race',
    );
    // The float sum itself is not 1.
    expect(Array.from({ length: 10 }, () => 0.1).reduce((sum, p) => sum + p, 0)).not.toBe(1);
    expect(result.race).toBe(1);
    const third = new OddsTally();
    third.add('a', 1 / 3);
    third.add('b', 2 / 3);
    const split = third.result(
      [
        { value: 'a', grade: 'race' },
        { value: 'b', grade: 'correct' },
      ],
      (v) => v === 'a',
      (v) => (v === 'a' ? 'race' : 'correct'),
    );
    expect(split.race).toBeCloseTo(1 / 3, 14);
    expect(split.outcomes.map((o) => o.probability)).toEqual([Number((1 / 3).toPrecision(15)), Number((2 / 3).toPrecision(15))]);
  });
});
