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
    ['a BigInt', -12345678901234567890n, '-12345678901234567890'],
    // 10^1,000,000 has 1,000,001 digits; writing them out took V8 seconds, and the line a megabyte.
    ['a huge BigInt', 10n ** 1_000_000n, /^a thrown BigInt of about 1,000,00[01] digits$/],
    ['a symbol with a long description', Symbol('z'.repeat(10_000)), /^Symbol\(z{193}…$/],
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

  it('folds by grade, and gradeVariant adds one "other values" row per grade, each with its true grade', () => {
    const tally = new Tally(outcomes, 'allowed', undefined);
    const n = 5000;
    for (let i = 0; i < n; i++) tally.record(i, i, picks);
    const counts = tally.counts();
    expect(counts.size).toBe(MAX_DISTINCT_VALUES);
    const graded = gradeVariant(counts, n, outcomes, 'allowed');
    const rows = graded.outcomes;
    expect(rows.reduce((sum, r) => sum + r.count, 0)).toBe(n);
    // Folded: 1,000 to 4,999, half odd (forbidden), half even (races); none is 0 (correct).
    const folded = rows.filter((r) => r.other === true);
    expect(folded.map(({ value, count, grade, description }) => ({ value, count, grade, description }))).toEqual([
      { value: 'other values', count: 2000, grade: 'race', description: '2,000 more distinct values, over the first 1,000' },
      { value: 'other values', count: 2000, grade: 'forbidden', description: '2,000 more distinct values, over the first 1,000' },
    ]);
    // Every row's grade is true of each of its trials: the rows' forbidden counts are the verdict's.
    expect(rows.filter((r) => r.grade === 'forbidden').reduce((sum, r) => sum + r.count, 0)).toBe(graded.forbiddenCount);
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
    const folded = (t: Tally) => Object.values(t.counts().other ?? {}).reduce((x, y) => x + y.count, 0);
    const total = (t: Tally) => [...t.counts().values()].reduce((x, y) => x + y, 0) + folded(t);
    expect(total(whole)).toBe(3000);
    expect(total(split)).toBe(3000);
    // Per grade, the folded trials are the same; the values folded in both chunks count twice,
    // so the split run says its number of values is an upper bound.
    const gradeOf = (t: Tally) => gradeVariant(t.counts(), 3000, outcomes, 'allowed');
    const foldedRows = (t: Tally) => gradeOf(t).outcomes.filter((r) => r.other === true);
    expect(foldedRows(split).map((r) => [r.grade, r.count])).toEqual(foldedRows(whole).map((r) => [r.grade, r.count]));
    expect(foldedRows(whole).map((r) => r.description)).toEqual([
      '250 more distinct values, over the first 1,000',
      '250 more distinct values, over the first 1,000',
    ]);
    expect(foldedRows(split).map((r) => r.description)).toEqual([
      'up to 500 more distinct values, over the first 1,000',
      'up to 500 more distinct values, over the first 1,000',
    ]);
    expect(gradeOf(split).forbiddenCount).toBe(1500);
  });

  it('never folds a value declared by itself, so "not seen" stays true; an unseen runner outcome is not claimed', () => {
    const declared: Outcome[] = [
      { value: 4500, grade: 'forbidden', description: 'declared, seen after the cap' },
      { value: -1, grade: 'correct', description: 'declared, never seen' },
      { runner: 'deadlock', grade: 'race', description: 'a deadlock' },
      { grade: 'correct', description: 'anything else' },
    ];
    const tally = new Tally(declared, 'allowed', undefined);
    for (let i = 0; i < 5000; i++) tally.record(i, i, picks);
    const rows = gradeVariant(tally.counts(), 5000, declared, 'allowed').outcomes;
    expect(rows.find((r) => r.value === 4500)).toMatchObject({ count: 1, grade: 'forbidden' });
    expect(rows.find((r) => r.value === -1)).toMatchObject({ count: 0 });
    // A folded value could be any runner outcome with details: no row says the deadlock never happened.
    expect(rows.some((r) => r.runner === 'deadlock')).toBe(false);
    expect(rows.filter((r) => r.other === true).map((r) => [r.grade, r.count])).toEqual([['correct', 3999]]);
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
