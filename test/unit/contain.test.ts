import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../src/cli/redact.js';
import { PickLog } from '../../src/core/controlled-trial.js';
import { describeThrown } from '../../src/core/describe-thrown.js';
import { gradeVariant } from '../../src/core/grading.js';
import type { Outcome } from '../../src/core/scenario.js';
import { MAX_DISTINCT_VALUES, Tally } from '../../src/core/tally.js';

describe('describeThrown: one line for anything thrown, never a throw of its own', () => {
  const trap = (): never => {
    throw new Error('trap');
  };
  const hostileMessage = new Error('x');
  Object.defineProperty(hostileMessage, 'message', { get: trap });
  it.each<[string, unknown, string | RegExp]>([
    ['an Error', new Error('boom\nsecond line'), 'boom'],
    ['a string', 'plain', 'plain'],
    ['a number', 42, '42'],
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null'],
    ['a symbol', Symbol('s'), 'Symbol(s)'],
    ['a message getter that throws', hostileMessage, 'a thrown error'],
    ['a toString that throws', { toString: trap }, 'a thrown object'],
    [
      'a Proxy that traps everything',
      new Proxy({}, { get: trap, getPrototypeOf: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap }),
      /unreadable|thrown/,
    ],
    ['an object with a message', { message: 'from a plain object' }, 'from a plain object'],
  ])('%s', (_, value, expected) => {
    const line = describeThrown(value);
    expect(line).not.toContain('\n');
    if (typeof expected === 'string') expect(line).toBe(expected);
    else expect(line).toMatch(expected);
  });

  it('cuts a very long message', () => {
    expect(describeThrown(new Error('y'.repeat(10_000))).length).toBeLessThanOrEqual(201);
  });
});

describe('Tally: at most MAX_DISTINCT_VALUES rows, the rest folded, counts adding up', () => {
  const outcomes: Outcome[] = [
    { value: 0, grade: 'correct', description: 'zero' },
    { match: (v) => typeof v === 'number' && v % 2 === 1, grade: 'forbidden', description: 'odd' },
    { grade: 'race', description: 'other' },
  ];
  const picks = new PickLog();

  it('folds by grade, and gradeVariant adds one "other values" row', () => {
    const tally = new Tally(outcomes, 'allowed', undefined);
    const n = 5000;
    for (let i = 0; i < n; i++) tally.record(i, i, picks);
    const counts = tally.counts();
    expect(counts.size).toBe(MAX_DISTINCT_VALUES);
    const graded = gradeVariant(counts, n, outcomes, 'allowed');
    const rows = graded.outcomes;
    expect(rows.reduce((sum, r) => sum + r.count, 0)).toBe(n);
    const other = rows.at(-1)!;
    expect(other).toMatchObject({ value: 'other values', other: true, count: n - MAX_DISTINCT_VALUES, grade: 'forbidden' });
    // Independent reference: 0 is correct, odd numbers forbidden, even numbers (not 0) races.
    expect(graded.forbiddenCount).toBe(n / 2);
    expect(graded.raceCount).toBe(n / 2 - 1);
  });

  it('merging chunks in order gives the same rows whatever the chunks were', () => {
    const whole = new Tally([], 'allowed', undefined);
    const one = new Tally(outcomes, 'allowed', undefined);
    for (let i = 0; i < 3000; i++) one.record(i % 1500, i, picks);
    whole.merge(one.snapshot());
    const split = new Tally([], 'allowed', undefined);
    const a = new Tally(outcomes, 'allowed', undefined);
    const b = new Tally(outcomes, 'allowed', undefined);
    for (let i = 0; i < 1500; i++) a.record(i % 1500, i, picks);
    for (let i = 1500; i < 3000; i++) b.record(i % 1500, i, picks);
    split.merge(a.snapshot());
    split.merge(b.snapshot());
    const total = (t: Tally) => [...t.counts().values()].reduce((x, y) => x + y, 0) + (t.counts().other?.count ?? 0);
    expect(total(whole)).toBe(3000);
    expect(total(split)).toBe(3000);
  });

  it('keeps 200,000 distinct values in bounded memory and without a stack overflow', () => {
    const tally = new Tally(outcomes, 'allowed', undefined);
    for (let i = 0; i < 200_000; i++) tally.record(`v${i}`, i, picks);
    const graded = gradeVariant(tally.counts(), 200_000, outcomes, 'allowed');
    // The counted values, the declared value 0 never seen (0 trials), and the other values.
    expect(graded.outcomes).toHaveLength(MAX_DISTINCT_VALUES + 2);
    expect(JSON.stringify(graded).length).toBeLessThan(200_000);
  });
});

describe('redactUrl', () => {
  it.each([
    ['redis://:hunter2@127.0.0.1:6379', 'redis://:***@127.0.0.1:6379'],
    ['cannot use redis://user:pa:ss@host:1/0 now', 'cannot use redis://user:***@host:1/0 now'],
    ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379'],
    ['rediss://default:s3cret@example.org', 'rediss://default:***@example.org'],
  ])('%s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });
});
