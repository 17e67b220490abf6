/**
 * "Tables, traces and lists fit the terminal's width (80 columns when unknown or 0)"
 * (DESIGN.md, "Output and exit codes"). An event log is a natural observed value (every CPython
 * parity case returns one), and its histogram row must fit too: the value wraps within its
 * column, or is shortened, rather than pushing the row past 80 columns.
 */
import { describe, expect, it } from 'vitest';
import { visibleWidth } from '../../src/cli/text-width.js';
import { lockdemoInProcess, shell } from './run-built.js';

it('keeps the histogram of a long observed value within 80 columns', async () => {
  const r = await lockdemoInProcess(['test/parity/cases/event-wakes-in-order.mjs', '--schedule', 'asyncio']);
  expect(r.code).toBe(0);
  const wide = r.stdout.split('\n').filter((line) => line.length > 80);
  expect(wide).toEqual([]);
});

describe('a replay string longer than a line (30 tasks)', () => {
  it('wraps inside its quotes, every line fits 80 columns, and pasted into bash it replays the same steps', async () => {
    const run = await lockdemoInProcess(['counter', '--tasks', '30', '--trials', '5', '--seed', '1', '--variant', 'unlocked']);
    expect(run.code).toBe(0);
    expect(Math.max(...run.stdout.split('\n').map((line) => [...line].length))).toBeLessThanOrEqual(80);
    const lines = run.stdout.split('\n');
    const from = lines.findIndex((line) => line.includes('first race: trial 1, replay: '));
    const to = lines.findIndex((line, i) => i > from && line.endsWith('"'));
    const command = lines
      .slice(from, to + 1)
      .join('\n')
      .replace(/^.*replay: /, '');
    // Broken inside the quotes at least once: the string alone is wider than a line.
    expect(command).toMatch(/--replay "[^"]* \\\n[^"]*"/);
    const again = await shell(`lockdemo() { node bin/lockdemo.js "$@"; }; ${command} --json`);
    expect(again.code).toBe(0);
    const replayed = JSON.parse(again.stdout) as { schedule: string };
    const quoted = /--replay "([^"]*)"/.exec(command)?.[1] ?? '';
    expect(replayed.schedule).toBe(quoted.replace(/\\\n/g, '').split(/\s+/).filter(Boolean).join(' '));
    expect(replayed.schedule.split(' ')).toHaveLength(60);
  });
});

it('lines up values of wide characters (CJK, emoji), which take two columns each', async () => {
  const run = await lockdemoInProcess(['test/fixtures/wide-values.mjs', '--trials', '200', '--seed', '1']);
  expect(run.code).toBe(0);
  const rows = run.stdout.split('\n').filter((line) => line.includes('  correct  '));
  expect(rows.length).toBeGreaterThan(2);
  // Where the SHARE column ends, counted in terminal columns: the same on every row and the header.
  const shareEnd = (line: string): number => visibleWidth(line.slice(0, line.indexOf('%') + 1));
  const header = run.stdout.split('\n').find((line) => line.includes('SHARE')) ?? '';
  for (const row of rows) expect(shareEnd(row)).toBe(visibleWidth(header.slice(0, header.indexOf('SHARE') + 5)));
  for (const line of run.stdout.split('\n')) expect(visibleWidth(line)).toBeLessThanOrEqual(80);
});

it("wraps a variant's summary of wide characters without spaces within the width", async () => {
  const run = await lockdemoInProcess(['test/fixtures/wide-summaries.mjs', '--trials', '20', '--seed', '1']);
  expect(run.code).toBe(0);
  for (const line of run.stdout.split('\n')) expect(visibleWidth(line), line).toBeLessThanOrEqual(80);
  // The value column's title (the unit, 料理) ends where the values end, in columns.
  const header = run.stdout.split('\n').find((line) => line.includes('TRIALS')) ?? '';
  const row = run.stdout.split('\n').find((line) => line.includes('task_A task_B')) ?? '';
  expect(visibleWidth(header.slice(0, header.indexOf('料理') + 2))).toBe(visibleWidth(row.slice(0, row.indexOf('task_B') + 6)));
  expect(run.stdout.replace(/\n {2}/g, '')).toContain(
    '三人の料理人が順番に料理を作ります。説明がとても長いので折り返されるはずです。本当に長い。',
  );
});

it('shows a value with dollar signs in a trace as it is', async () => {
  const run = await lockdemoInProcess(['test/fixtures/dollar-values.mjs', '--variant', 'v', '--replay', 'A B A B']);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain("  result lost $' and $` — race: lost\n");
  const again = await lockdemoInProcess(['test/fixtures/dollar-values.mjs', '--variant', 'v', '--replay', 'A A B B']);
  expect(again.stdout).toContain('  result paid $& in full — correct: ok\n');
});

describe('the width into a pipe', () => {
  const widest = (stdout: string): number => Math.max(...stdout.split('\n').map((line) => visibleWidth(line)));

  it('is COLUMNS when the user sets it, and 80 when it is unset or not a width', async () => {
    const at = (columns: string): Promise<{ stdout: string }> =>
      shell(`${columns} node bin/lockdemo.js counter --trials 100 --seed 1 --variant unlocked | cat`);
    const narrow = await at('COLUMNS=60');
    expect(widest(narrow.stdout)).toBeLessThanOrEqual(60);
    expect(widest(narrow.stdout)).toBeGreaterThan(50);
    const unset = await at('');
    expect(widest(unset.stdout)).toBeGreaterThan(60);
    expect(widest(unset.stdout)).toBeLessThanOrEqual(80);
    expect((await at('COLUMNS=wide')).stdout).toBe(unset.stdout);
  });
});
