/**
 * Everything a run prints fits the terminal's width: at 60 columns, the table headers of a long
 * unit (WIDGETS RESERVED, DISTINCT PRICES, TOTAL BALANCE), trace titles, and a 10,000-character
 * observed value quoted on the smallest forbidden outcome's line.
 */
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { visibleWidth } from '../../src/cli/text-width.js';

async function runAt(columns: number, argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io: Io = {
    stdout: { write: (s: string) => (out += s), isTTY: false, columns },
    stderr: { write: () => true, isTTY: false },
    env: { NO_COLOR: '1' },
  };
  const code = await runCli(argv, io);
  return { code, out };
}

const tooWide = (out: string, width: number): string[] => out.split('\n').filter((line) => [...line].length > width);

describe('at 40 columns, the least the layout is made for', () => {
  it('a one-word unit title wider than its values goes on a line of its own (lazy-init: CONNECTIONS over 1, 2, 3)', async () => {
    // Before, the rows were 42 columns wide: CONNECTIONS, INTERLEAVINGS, SHARE and a grade side by side.
    const { code, out } = await runAt(40, ['lazy-init', '--schedule', 'exhaustive']);
    expect(code).toBe(0);
    expect(tooWide(out, 40)).toEqual([]);
    expect(out).toContain('  CONNECTIONS\n    INTERLEAVINGS  SHARE GRADE\n  1             6   9.1% correct ▋');
  });
});

it.each([50, 60, 80])("--ablate's lines past a long lock name fit %i columns", async (columns) => {
  // Before, the finding wrapped one word a line past the edge, and its replay under the name's column.
  const { code, out } = await runAt(columns, ['test/fixtures/long-lock-name.mjs', '--ablate', '--trials', '50', '--seed', '1']);
  expect(code).toBe(0);
  expect(out).toContain('the-account-balance-lock-of-the-bank');
  expect(tooWide(out, columns)).toEqual([]);
});

describe('at 60 columns', () => {
  it.each([
    [['inventory', '--schedule', 'exhaustive']],
    [['read-only', '--schedule', 'exhaustive']],
    [['bank', '--schedule', 'exhaustive', '--trace', '--variant', 'ordered-account-locks']],
    [['cache', '--schedule', 'exhaustive', '--trace', '--variant', 'single-flight']],
    [['lazy-init', '--schedule', 'exhaustive', '--trace']],
    [['deadlock', '--trace', '--seed', '1']],
    [['counter', '--schedule', 'exhaustive', '--preemptions', '1']],
  ])('every line of %j fits', async (argv) => {
    const { code, out } = await runAt(60, argv);
    expect(code).toBe(0);
    expect(tooWide(out, 60)).toEqual([]);
  });

  it('a multi-word unit title goes on two lines over its column', async () => {
    const { out } = await runAt(60, ['inventory', '--schedule', 'exhaustive', '--variant', 'unlocked']);
    expect(out).toMatch(/^ {3}WIDGETS\n {2}RESERVED {2}INTERLEAVINGS {3}SHARE {2}GRADE {6}DESCRIPTION$/m);
  });

  it('a 10,000-character value is cut on the smallest forbidden outcome line, with its length', async () => {
    const { code, out } = await runAt(60, ['test/fixtures/hostile/observe-long-forbidden.mjs', '--trials', '20', '--seed', '1']);
    expect(code).toBe(1);
    expect(out).toMatch(/smallest forbidden outcome: y+… \(10,000 characters\)/);
    expect(tooWide(out, 60)).toEqual([]);
    // In the table, the value shows its start and its length, not 10,000 characters over
    // hundreds of lines.
    expect(out.split('\n').filter((line) => /^ +y+( |$)/.test(line))).toHaveLength(5);
    expect(out.replace(/\s+/g, ' ')).toContain('… 10,000 characters in all (--json has the whole value)');
  });

  it("check: a 10,000-character value is cut on the first forbidden line, with its length, as a run's is", async () => {
    const { code, out } = await runAt(60, ['check', 'test/fixtures/hostile/observe-long-forbidden.mjs']);
    expect(code).toBe(1);
    expect(out).toMatch(/first forbidden: y+… \(10,000 characters\)/);
    expect(tooWide(out, 60)).toEqual([]);
  });

  it('a value of wide characters is cut by columns, not characters', async () => {
    const { code, out } = await runAt(60, ['check', 'test/fixtures/long-wide-forbidden.mjs']);
    expect(code).toBe(1);
    expect(out).toMatch(/first forbidden: (寿司)+寿?… \(1,000 characters\)/);
    expect(out.split('\n').filter((line) => visibleWidth(line) > 60)).toEqual([]);
  });
});
