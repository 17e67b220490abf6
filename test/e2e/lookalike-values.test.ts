import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockdemoInProcess, ROOT } from './run-built.js';

// Values that would read as other values if printed as they are (displayValue, shown-value.ts):
// every place a report names an observed value shows it quoted, the same way.
const LOOKALIKE = 'test/fixtures/lookalike-values.mjs';
const MORE = 'test/fixtures/lookalike-more.mjs';
const LOCK = 'test/fixtures/lookalike-lock.mjs';
const TMP = join(ROOT, 'test/.tmp/lookalike-values');
mkdirSync(TMP, { recursive: true });

const LONG = `" ${'x'.repeat(10)}`;

describe('values that would read as other values', () => {
  it('show in the table each as itself, one row each, while --json keeps the values', async () => {
    const text = await lockdemoInProcess([LOOKALIKE, '--schedule', 'exhaustive']);
    expect(text.code).toBe(0);
    const cells = text.stdout
      .split('\n')
      .filter((line) => / finish (number|string) /.test(line))
      .map((line) => line.trim().split(/\s{2,}/)[0]);
    expect(cells.sort()).toEqual(['" "', '""', '"3"', '"\\"q"', '"deadlock"', '3']);
    const json = await lockdemoInProcess([LOOKALIKE, '--schedule', 'exhaustive', '--json']);
    const values = (JSON.parse(json.stdout) as { variants: Array<{ outcomes: Array<{ value: unknown }> }> }).variants[0]?.outcomes.map(
      (o) => o.value,
    );
    expect(values).toEqual(expect.arrayContaining(['', ' ', '3', 3, 'deadlock', '"q']));
  });

  it('keep their quotes and their own length when cut, in the table and the smallest race', async () => {
    const { stdout, code } = await lockdemoInProcess([MORE, '--schedule', 'exhaustive']);
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    // The long value wraps by characters: its first line keeps the space after the quote.
    expect(lines.some((line) => line.trimStart().startsWith(LONG))).toBe(true);
    expect(stdout).toContain('… 201 characters in all');
    expect(stdout).toMatch(/smallest forbidden outcome: " x+…" \(201 characters\)/);
    for (const shown of ['"error: boom"', '"other values"', '"a\\nb"', '"a\\\\nb"', '"a\\u200b"']) {
      expect(lines.filter((line) => line.trimStart().startsWith(`${shown} `))).toHaveLength(1);
    }
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(80);
  });

  it('show the same in a replay’s trace, check’s lines, its JUnit and its HTML', async () => {
    const replay = await lockdemoInProcess([MORE, '--variant', 'v', '--replay', 'A B A C B C']);
    // A finishes first, then B, then C: the order 012, the long value.
    // Cut anywhere, not at the space after its quote; the grade follows on a line of its own.
    expect(replay.stdout.replace(/\n\s*/g, '')).toContain(`result " ${'x'.repeat(200)}"`);
    expect(replay.stdout).toMatch(/^ {2}— forbidden: any other$/m);
    const junit = join(TMP, 'check.xml');
    const html = join(TMP, 'check.html');
    const check = await lockdemoInProcess(['check', MORE, '--junit', junit, '--html', html]);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/first forbidden: " x+…" \(201 characters\)/);
    expect(readFileSync(junit, 'utf8')).toContain(`(first: &quot; ${'x'.repeat(200)}&quot;, any other)`);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain(`first forbidden: &#34; ${'x'.repeat(200)}&#34; (any other)`);
    for (const label of [
      '&#34; xxxxxxxxxxxx…&#34;',
      '&#34;a\\nb&#34;',
      '&#34;a\\\\nb&#34;',
      '&#34;a\\u200b&#34;',
      '&#34;other values&#34;',
    ]) {
      expect(page).toContain(`class="value">${label}</text>`);
    }
  });

  it('keep their quotes, cut to the line, where --ablate names what a lock’s removal gives', async () => {
    const { stdout, code } = await lockdemoInProcess([LOCK, '--ablate', '--trials', '20', '--seed', '1']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/necessary: without it " lost( lost)* …" \(200 characters\)/);
    for (const line of stdout.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
  });

  it('are quoted in the line of declared outcomes not seen', async () => {
    const { stdout } = await lockdemoInProcess([MORE, '--trials', '1', '--seed', '3']);
    expect(stdout).toContain('also declared, not seen: "error: boom"');
  });
});
