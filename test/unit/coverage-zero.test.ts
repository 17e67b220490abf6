/**
 * A variant stopped before any trial finished has no coverage to show: it printed
 * "coverage: 0 distinct interleavings in 0 trials" and "unseen mass ≈ 100.0% (a Good–Turing
 * estimate: 0 seen once in 0)", an estimate from 0/0. One trial on, the lines are back.
 */
import { describe, expect, it } from 'vitest';
import { createColors } from '../../src/cli/colors.js';
import { coverageLines, renderCheckExtras } from '../../src/cli/render-extras.js';
import type { CheckResult } from '../../src/core/check.js';
import type { Coverage } from '../../src/core/extras-types.js';

const c = await createColors({ isTTY: false, env: { NO_COLOR: '1' } });

const coverage = (trials: number, extra: Partial<Coverage> = {}): Coverage => ({
  trials,
  distinct: trials,
  singletons: trials,
  unseenMass: 1,
  sampled: false,
  sampleRate: 1,
  ...extra,
});

function sampled(cov: Coverage): CheckResult {
  return {
    scenario: 's',
    variant: 'v',
    races: 'allowed',
    status: 'pass',
    schedule: 'random',
    explored: cov.trials,
    raceCount: 0,
    deadlockCount: 0,
    forbiddenCount: 0,
    coverage: cov,
    seconds: 0,
  };
}

describe('coverage of 0 trials', () => {
  it('prints no line, with a total or with an estimate', () => {
    expect(coverageLines(c, coverage(0))).toEqual([]);
    expect(coverageLines(c, coverage(0, { total: 90, share: 0 }))).toEqual([]);
    expect(renderCheckExtras(c, sampled(coverage(0)), () => '', 'lockdemo s --variant v')).toBe('');
  });

  it('prints the estimate from one trial on', () => {
    expect(coverageLines(c, coverage(1))).toEqual([
      '  coverage: 1 distinct interleaving in 1 trial',
      '    unseen mass ≈ 100.0% (a Good–Turing estimate: 1 seen once in 1)',
    ]);
    expect(coverageLines(c, coverage(2, { total: 90, share: 2 / 90 }))).toEqual([
      '  coverage: 2 distinct interleavings in 2 trials, 2.2% of all 90',
    ]);
  });
});
