/** The JUnit failure message's words for one, many, and a search cut short (see junit.ts). */
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/core/check.js';
import { renderJUnit } from '../../src/cli/junit.js';

function failed(forbiddenCount: number, explored: number, complete?: boolean): CheckResult {
  return {
    scenario: 's',
    variant: 'v',
    races: 'forbidden',
    status: 'fail',
    schedule: 'exhaustive',
    explored,
    ...(complete !== undefined ? { complete } : {}),
    raceCount: forbiddenCount,
    deadlockCount: 0,
    forbiddenCount,
    firstForbidden: { trial: 3, value: 7, description: 'lost' },
    seconds: 0,
  };
}

const message = (r: CheckResult) => /<failure type="forbidden" message="([^"]*)"/.exec(renderJUnit([r], () => undefined))?.[1];

describe('the JUnit failure message', () => {
  it.each([
    [failed(5, 12, true), 'forbidden outcomes in 5 of 12 interleavings (first: 7, lost)'],
    [failed(1, 12, true), 'a forbidden outcome in 1 of 12 interleavings: 7, lost'],
    [failed(5, 500, false), 'forbidden outcomes in 5 of the first 500 interleavings (first: 7, lost)'],
    [{ ...failed(3, 10_000), schedule: 'random' as const }, 'forbidden outcomes in 3 of 10000 trials (first: 7, lost)'],
  ])('%#: %s', (r, expected) => {
    expect(message(r)).toBe(expected);
  });
});
