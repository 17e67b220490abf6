import { describe, expect, it } from 'vitest';
import { displayValue, RunnerOutcome } from '../../src/core/runner-outcomes.js';
import { shortShownValue, shownRowValue, wrapShownValue } from '../../src/cli/shown-value.js';
import { visibleWidth } from '../../src/cli/text-width.js';

describe('displayValue', () => {
  it('quotes, as JSON writes them, the strings that would read as another value', () => {
    const cases: Array<[string, string]> = [
      ['', '""'],
      [' ', '" "'],
      ['x ', '"x "'],
      ['3', '"3"'],
      ['-1.5e3', '"-1.5e3"'],
      ['NaN', '"NaN"'],
      ['Infinity', '"Infinity"'],
      ['deadlock', '"deadlock"'],
      ['step-limit', '"step-limit"'],
      ['step limit (more than 3 steps)', '"step limit (more than 3 steps)"'],
      ['error: boom', '"error: boom"'],
      ['hang', '"hang"'],
      ['other values', '"other values"'],
      ['"q', '"\\"q"'],
      ['a\nb', '"a\\nb"'],
      ['a\\nb', '"a\\\\nb"'],
      ['a\u200bb', '"a\\u200bb"'],
      ['a\u00a0b', '"a\\u00a0b"'],
      ['\u202eevil', '"\\u202eevil"'],
      ['\u0085', '"\\u0085"'],
    ];
    for (const [value, shown] of cases) expect(displayValue(value), JSON.stringify(value)).toBe(shown);
  });

  it('leaves plain strings, numbers and the runner’s own outcomes as they are', () => {
    expect(['3 of 3', 'A:start B:end', 'lost', 'x"', 'errors', 'deadlocked', 'élan', '漢字'].map(displayValue)).toEqual([
      '3 of 3',
      'A:start B:end',
      'lost',
      'x"',
      'errors',
      'deadlocked',
      'élan',
      '漢字',
    ]);
    expect([3, NaN, -0, 1.5].map(displayValue)).toEqual(['3', 'NaN', '0', '1.5']);
    expect(displayValue(RunnerOutcome.of('deadlock'))).toBe('deadlock');
    expect(displayValue(RunnerOutcome.of('error', 'boom'))).toBe('error: boom');
  });

  it('never shows two different strings the same', () => {
    const values = ['', ' ', '  ', '"', '""', '\\', '\n', '\\n', '\u200b', 'a', 'a ', 'a\u200b', '3', '03', 'error: boom', 'other values'];
    expect(new Set(values.map(displayValue)).size).toBe(values.length);
  });
});

describe('the shown value', () => {
  it('labels the folded rows in lockdemo’s words, and quotes a scenario’s string of the same words', () => {
    expect(shownRowValue({ value: 'other values', other: true })).toBe('other values');
    expect(shownRowValue({ value: 'other values' })).toBe('"other values"');
  });

  it('cut to its room keeps its closing quote and counts the value’s own characters', () => {
    const long = ` ${'x'.repeat(200)}`;
    const short = shortShownValue(long, 40);
    expect(visibleWidth(short)).toBeLessThanOrEqual(40);
    expect(short).toMatch(/^" x+…" \(201 characters\)$/);
    expect(shortShownValue('y'.repeat(100), 40)).toMatch(/^y+… \(100 characters\)$/);
    // A cut never leaves half an escape behind.
    expect(shortShownValue('\u200b'.repeat(50), 30)).toMatch(/^"(\\u200b)+…" \(50 characters\)$/);
    expect(shortShownValue('short', 40)).toBe('short');
  });

  it('wrapped, breaks a quoted value anywhere, so that no space it shows is lost', () => {
    const value = ` ${'x'.repeat(20)}`;
    const lines = wrapShownValue(value, displayValue(value), 10);
    expect(lines.join('')).toBe(displayValue(value));
    expect(lines.every((line) => visibleWidth(line) <= 10)).toBe(true);
    expect(wrapShownValue('aa bb cc dd', 'aa bb cc dd', 5)).toEqual(['aa bb', 'cc dd']);
  });
});
