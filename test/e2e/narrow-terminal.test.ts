/**
 * Narrow terminals. At 40 columns a histogram's header was 47 wide, its rows 41 to 44, and
 * its descriptions were cut inside words ("incremen" / "t kept"); below 40, `list` cut
 * "(races allowed)" and help ran a parenthesis down the right edge. Now every line fits any
 * width from 40 up, narrower terminals get the 40-column layout, and no word is cut, with
 * colour or without.
 */
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { visibleWidth } from '../../src/cli/text-width.js';
import { ANSI, lockdemo, ROOT } from './run-built.js';

/** The built CLI in this process, its stdout a pipe of `columns` columns (as COLUMNS gives it). */
async function builtAt(columns: number, argv: string[], colour: boolean): Promise<string> {
  const main = new URL('dist/src/cli/main.js', `file://${ROOT}/`).href;
  const { runCli } = (await import(main)) as { runCli: (argv: readonly string[], io: Io) => Promise<number> };
  let out = '';
  const io: Io = {
    stdout: { write: (s: string) => (out += s), isTTY: false, columns },
    stderr: { write: () => true, isTTY: false },
    env: colour ? { FORCE_COLOR: '1' } : { NO_COLOR: '1' },
  };
  await runCli(argv, io);
  return out;
}

const plain = (text: string): string => text.replace(new RegExp(ANSI.source, 'g'), '');
/** The words of a text: a bar's blocks and a shell continuation are layout, not words. */
const words = (text: string): string[] =>
  plain(text)
    .split(/\s+/)
    .filter((word) => word !== '' && word !== '\\' && !/^[█▏▎▍▌▋▊▉]+$/.test(word));

const COMMANDS: string[][] = [
  ['counter', '--seed', '1', '--trials', '200'],
  ['counter', '--schedule', 'exhaustive'],
  ['counter', '--schedule', 'exhaustive', '--remove-lock', 't.lock', '--variant', 'locked'],
  ['counter', '--seed', '1', '--trials', '200', '--trace', '--variant', 'unlocked'],
  ['cache', '--seed', '1', '--trials', '200'],
  ['deadlock', '--seed', '1', '--trials', '200'],
  ['list'],
  ['help'],
];
// check, help <scenario> and help check fitted already (at 30, 40, 44, 47 and 60, colour or not).

describe.each(COMMANDS.map((argv) => [argv.join(' '), argv] as const))('lockdemo %s', (_, argv) => {
  it('fits every width from 40 up, lays out narrower ones at 40, and cuts no word', async () => {
    // The words at 200 columns, where nothing wraps: each word of a narrower layout is one of them.
    const wide = new Set(words(await builtAt(200, argv, false)));
    for (const columns of [30, 40, 44, 47, 60]) {
      for (const colour of [false, true]) {
        const out = await builtAt(columns, argv, colour);
        if (colour && !argv[0]?.startsWith('help')) expect(out).toMatch(ANSI);
        const limit = Math.max(columns, 40);
        const over = out.split('\n').filter((line) => visibleWidth(line) > limit);
        expect(over, `${argv.join(' ')} at ${columns} columns, colour ${colour}`).toEqual([]);
        // A trace narrower than its swimlanes is a list of events, under titles of its own.
        const cut = words(out).filter((word) => !wide.has(word) && !['TASK', 'EVENT'].includes(word));
        expect(cut, `${argv.join(' ')} at ${columns} columns: words not in the wide layout`).toEqual([]);
      }
    }
  }, 60_000);
});

describe('a histogram at 40 columns', () => {
  it('COLUMNS=40 lockdemo counter --seed 1: each description whole under its row, the header without DESCRIPTION', async () => {
    const r = await lockdemo(['counter', '--seed', '1', '--variant', 'unlocked'], { COLUMNS: '40' });
    expect(r.code).toBe(0);
    for (const line of r.stdout.split('\n')) expect(visibleWidth(line), line).toBeLessThanOrEqual(40);
    // The outcomes the counter declares (README, "counter"), each on a line of its own.
    for (const description of ['2 updates lost', '1 update lost', 'every increment kept']) {
      expect(r.stdout).toMatch(new RegExp(`^ +${description}$`, 'm'));
    }
    expect(r.stdout).toMatch(/^ {2}COUNT {2}TRIALS {3}SHARE {2}GRADE$/m);
  });

  it('an exhaustive search with forbidden rows closes its columns up to fit', async () => {
    const r = await lockdemo(['counter', '--schedule', 'exhaustive', '--remove-lock', 't.lock', '--variant', 'locked'], { COLUMNS: '40' });
    expect(r.code).toBe(1);
    for (const line of r.stdout.split('\n')) expect(visibleWidth(line), line).toBeLessThanOrEqual(40);
    // 48 of the 90 interleavings lose two updates (the README's exhaustive table of unlocked).
    expect(r.stdout).toMatch(/^ +1 +48 +53\.3% forbidden$/m);
  });
});
