import { describe, expect, it } from 'vitest';
import { displayValue, RunnerOutcome } from '../../src/core/runner-outcomes.js';
import { lockdemoInProcess } from './run-built.js';

const FIXTURE = 'test/fixtures/lookalike-values.mjs';

describe('values that would read as other values', () => {
  it('are quoted as JSON writes them; plain strings and numbers are not', () => {
    expect(['', ' ', 'x ', '\t1', '3', '-1.5e3', 'NaN', 'Infinity', 'deadlock', 'step-limit', '"q'].map(displayValue)).toEqual([
      '""',
      '" "',
      '"x "',
      '"\\t1"',
      '"3"',
      '"-1.5e3"',
      '"NaN"',
      '"Infinity"',
      '"deadlock"',
      '"step-limit"',
      '"\\"q"',
    ]);
    expect(['3 of 3', 'A:start B:end', 'lost', 'x"'].map(displayValue)).toEqual(['3 of 3', 'A:start B:end', 'lost', 'x"']);
    expect([3, NaN, -0].map(displayValue)).toEqual(['3', 'NaN', '0']);
    expect(displayValue(RunnerOutcome.of('deadlock', ''))).toBe('deadlock');
  });

  it('show in the table each as itself, one row each, while --json keeps the values', async () => {
    const text = await lockdemoInProcess([FIXTURE, '--schedule', 'exhaustive']);
    expect(text.code).toBe(0);
    const cells = text.stdout
      .split('\n')
      .filter((line) => / finish (number|string) /.test(line))
      .map((line) => line.trim().split(/\s{2,}/)[0]);
    expect(cells.sort()).toEqual(['" "', '""', '"3"', '"\\"q"', '"deadlock"', '3']);
    const json = await lockdemoInProcess([FIXTURE, '--schedule', 'exhaustive', '--json']);
    const values = (JSON.parse(json.stdout) as { variants: Array<{ outcomes: Array<{ value: unknown }> }> }).variants[0]?.outcomes.map(
      (o) => o.value,
    );
    expect(values).toEqual(expect.arrayContaining(['', ' ', '3', 3, 'deadlock', '"q']));
  });
});
