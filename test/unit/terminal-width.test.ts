import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { createColors } from '../../src/cli/colors.js';
import { renderVariant } from '../../src/cli/render.js';
import { cutToWidth, terminalWidth, visibleWidth, wrapText } from '../../src/cli/text-width.js';
import type { VariantReport } from '../../src/core/run-scenario.js';
import { BUILTIN_NAMES, loadScenario } from '../../src/cli/load-scenario.js';

async function run(argv: string[], columns: number, env: NodeJS.ProcessEnv = {}): Promise<{ status: number; out: string }> {
  let out = '';
  const io: Io = {
    stdout: { write: (s: string) => (out += s), isTTY: false, columns },
    stderr: { write: () => true, isTTY: false, columns },
    env,
  };
  const status = await runCli(argv, io);
  return { status, out };
}

/** Every line no wider than the terminal, counting characters on screen (not bytes, not colour codes). */
function expectFits(out: string, columns: number, what: string): void {
  const widest = out
    .split('\n')
    .reduce((w, line) => (visibleWidth(line) > w.width ? { width: visibleWidth(line), line } : w), { width: 0, line: '' });
  expect(widest.width, `${what} at ${columns} columns, widest line:\n${widest.line}`).toBeLessThanOrEqual(columns);
}

const COMMANDS: Array<[string, string[]]> = [
  ['a run with its traces', ['counter', '--trials', '1000', '--seed', '12345', '--trace']],
  ['the README replay', ['counter', '--variant', 'unlocked', '--replay', 'C A B C A B']],
  ['a deadlock replay', ['deadlock', '--variant', 'opposite-order', '--replay', 'A B B A']],
  ['long trace cells (bank)', ['bank', '--variant', 'unlocked', '--seed', '1', '--trials', '50', '--trace']],
  ['long trace cells (inventory)', ['inventory', '--variant', 'unlocked', '--seed', '1', '--trials', '50', '--trace']],
  ['eight tasks side by side', ['counter', '--variant', 'unlocked', '--tasks', '8', '--seed', '1', '--trials', '20', '--trace']],
  ['an exhaustive run', ['counter', '--schedule', 'exhaustive', '--variant', 'unlocked']],
  ['list', ['list']],
  ['help', ['--help']],
  ['help of check', ['check', '--help']],
  ['help of list', ['list', '--help']],
  ['help of init', ['init', '--help']],
  ['check', ['check', 'counter', 'deadlock', 'cache']],
];

describe('everything fits the terminal', () => {
  for (const columns of [60, 80, 120]) {
    for (const [what, argv] of COMMANDS) {
      it(`${what} fits ${columns} columns`, async () => {
        const { out } = await run(argv, columns, { FORCE_COLOR: '1' });
        // Measured with colour on (help has none): the codes must not count, nor break lines.
        if (!what.startsWith('help')) expect(out).toContain('\u001b[');
        expectFits(out, columns, what);
      });
    }
  }

  it('an unknown or zero width is 80 columns, not one word per line', async () => {
    expect(terminalWidth(undefined)).toBe(80);
    expect(terminalWidth(0)).toBe(80);
    const zero = await run(['list'], 0);
    const unknown = await run(['list'], Number.NaN);
    const eighty = await run(['list'], 80);
    expect(zero.out).toBe(eighty.out);
    expect(unknown.out).toBe(eighty.out);
    expect(eighty.out.split('\n').length).toBeLessThan(60);
  });

  it('list breaks no word: every word of every summary is on one line', async () => {
    const { out } = await run(['list'], 60);
    const words = new Set(out.split(/\s+/));
    for (const s of await Promise.all(BUILTIN_NAMES.map((n) => loadScenario(n))))
      for (const word of s.summary.split(' ')) expect(words, `"${word}" of ${s.name}`).toContain(word);
  });

  it('a trace breaks no word at 60 columns: every word of every event is whole', async () => {
    const { out } = await run(['bank', '--variant', 'unlocked', '--seed', '1', '--trials', '50', '--trace', '--json'], 60);
    const events = (JSON.parse(out) as { traces: Array<{ events: Array<{ text: string }> }> }).traces[0]!.events;
    const text = await run(['bank', '--variant', 'unlocked', '--seed', '1', '--trials', '50', '--trace'], 60);
    const words = new Set(text.out.split(/\s+/));
    for (const e of events) for (const word of e.text.split(' ')) expect(words, word).toContain(word);
  });

  it('a table of 5,000,000 trials fits 80 columns: the bar shrinks, the description wraps at 60', async () => {
    const c = await createColors({ isTTY: false, env: {} });
    const v: VariantReport = {
      name: 'unlocked',
      races: 'allowed',
      summary: 'current = value; await; value = current + 1',
      trials: 5_000_000,
      raceCount: 4_166_667,
      deadlockCount: 0,
      finished: true,
      forbiddenCount: 0,
      raceFrequency: 0.8333,
      interval95: [0.833, 0.8336],
      verdict: 'pass',
      outcomes: [
        { value: 1, count: 1_666_667, grade: 'race', description: '2 updates lost' },
        { value: 2, count: 2_500_000, grade: 'race', description: '1 update lost' },
        { value: 3, count: 833_333, grade: 'correct', description: 'every increment kept' },
      ],
    };
    for (const columns of [60, 80, 120]) expectFits(renderVariant(c, v, { width: columns }), columns, '5,000,000 trials');
    // Half of the trials: half of the full 20-character bar where there is room, less where there is not.
    expect(renderVariant(c, v, { width: 120 })).toContain(' ██████████\n');
    expect(renderVariant(c, v, { width: 80 })).not.toContain(' ██████████\n');
  });

  it('wrapText cuts only a word wider than the line', () => {
    expect(wrapText('read value → 0', 9)).toEqual(['read', 'value → 0']);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });
});

describe("a scenario's help on a narrow terminal", () => {
  it('puts a variant’s description under its name when no column is left beside it', async () => {
    const { renderScenarioHelp } = await import('../../src/cli/help-scenario.js');
    const facts = {
      arg: 'cache',
      name: 'cache',
      summary: 'tasks read posts through a shared cache',
      tasks: 3,
      variants: [{ name: 'single-flight', races: 'forbidden' as const, summary: 'the in-flight fetch is stored before the first await' }],
      options: {},
      schedules: ['random' as const],
      trials: 1000,
    };
    // At 40 columns the description column beside "  single-flight  races forbidden  " was 20
    // wide however little room was left, and its lines ran to 54 columns.
    const narrow = renderScenarioHelp(facts, 40).trimEnd().split('\n');
    expect(narrow.filter((line) => [...line].length > 40)).toEqual([]);
    expect(narrow).toContain('  single-flight  races forbidden');
    expect(narrow).toContain('      the in-flight fetch is stored');
    // At 80 it stays a column.
    expect(renderScenarioHelp(facts, 80)).toContain('  single-flight  races forbidden  the in-flight fetch is stored before the first\n');
  });
});

describe('the columns a character takes in a terminal', () => {
  it.each([
    ['ascii', 'abc', 3],
    ['CJK ideographs: two columns each', '寿司', 4],
    ['kana and fullwidth forms', 'すしＡ', 6],
    ['hangul', '한국', 4],
    ['emoji shown as emoji', '🍜✅', 4],
    ['a combining accent takes none', 'e\u0301', 1],
    ['colour codes take none', '\u001b[31m寿\u001b[0m', 2],
  ])('%s', (_, text, columns) => {
    expect(visibleWidth(text)).toBe(columns);
  });

  it('cuts a long value by columns, never in the middle of a wide character', () => {
    expect(cutToWidth('寿司すし', 5)).toBe('寿司');
    expect(wrapText('寿司すしラーメン', 5)).toEqual(['寿司', 'すし', 'ラー', 'メン']);
    for (const line of wrapText('🍜'.repeat(9), 5)) expect(visibleWidth(line)).toBeLessThanOrEqual(5);
  });
});
