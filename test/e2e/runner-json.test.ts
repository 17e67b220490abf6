/**
 * The runner's own outcomes are a tagged kind in the JSON wherever a value appears (README,
 * "JSON": "A row whose value is one of the runner's own outcomes carries runner with its kind,
 * so it cannot be confused with a string your observe returned"), .
 *
 * test/fixtures/model/lock-wait-deadlock.mjs declares the *string* 'deadlock' (a value its
 * observe never returns) beside the runner's deadlock, which 2 of its 3 interleavings reach: the
 * two must be told apart in every field, not only in `outcomes`.
 */
import { expect, it } from 'vitest';
import { lockdemoInProcess } from './run-built.js';

interface Row {
  value: unknown;
  runner?: string;
  nonFinite?: string;
  count?: number;
  probability?: number;
}

interface Variant {
  raceCount: number;
  outcomes: Row[];
  firstRace?: Row;
  firstForbidden?: Row;
  minimal?: Row & { found: boolean };
  randomOdds?: { race: number; outcomes: Row[] };
}

it('tags the runner’s deadlock in randomOdds, firstRace, firstForbidden and minimal', async () => {
  const r = await lockdemoInProcess(['test/fixtures/model/lock-wait-deadlock.mjs', '--schedule', 'exhaustive', '--json']);
  const variant = (JSON.parse(r.stdout) as { variants: Variant[] }).variants[0];
  expect(variant?.outcomes.find((o) => o.runner === 'deadlock')?.count).toBe(2);
  // The exact odds: the runner's deadlock has probability 1/2, the declared string 0.
  const odds = variant?.randomOdds?.outcomes ?? [];
  expect(odds.find((o) => o.runner === 'deadlock')?.probability).toBe(0.5);
  expect(odds.filter((o) => o.value === 'deadlock' && o.runner === undefined).map((o) => o.probability)).toEqual([0]);
  expect(variant?.firstForbidden?.runner).toBe('deadlock');
  expect(variant?.minimal?.runner).toBe('deadlock');
  // firstRace is the first trial that raced or was forbidden: here the deadlock, tagged as one.
  expect(variant?.raceCount).toBe(0);
  expect(variant?.firstRace?.runner).toBe('deadlock');
});

it('names a value JSON cannot hold (NaN, -Infinity) beside its null, in every field', async () => {
  const r = await lockdemoInProcess(['test/fixtures/values/non-finite.mjs', '--schedule', 'exhaustive', '--json']);
  expect(r.code).toBe(0);
  const [variant] = (JSON.parse(r.stdout) as { variants: Array<Variant & { outcomes: Array<Row & { nonFinite?: string }> }> }).variants;
  // The reference: every order of the six segments (each task reads, then writes what it read
  // plus one), counted by final value.
  const finals = new Map<number, number>();
  const walk = (steps: number[], read: number[], value: number): void => {
    if (steps.every((s) => s === 2)) return void finals.set(value, (finals.get(value) ?? 0) + 1);
    steps.forEach((s, task) => {
      if (s === 2) return;
      const next = steps.map((x, i) => (i === task ? x + 1 : x));
      if (s === 0)
        walk(
          next,
          read.map((r, i) => (i === task ? value : r)),
          value,
        );
      else walk(next, read, (read[task] ?? 0) + 1);
    });
  };
  walk([0, 0, 0], [0, 0, 0], 0);
  const shown = new Map<number, unknown[]>([
    [1, [null, 'NaN']],
    [2, [null, '-Infinity']],
    [3, [3, undefined]],
  ]);
  const expected = [...finals].map(([final, count]): unknown[] => [...(shown.get(final) ?? []), count]);
  const rows = variant?.outcomes.map((o): unknown[] => [o.value, o.nonFinite, o.count]);
  expect(rows).toHaveLength(3);
  expect(rows).toEqual(expect.arrayContaining(expected) as unknown);
  expect((variant?.firstRace as { nonFinite?: string } | undefined)?.nonFinite).toMatch(/^(NaN|-Infinity)$/);
  const odds: Array<Row & { nonFinite?: string }> | undefined = variant?.randomOdds?.outcomes;
  expect(odds?.map((o) => o.nonFinite ?? o.value).sort()).toEqual([3, '-Infinity', 'NaN'].sort());
});
