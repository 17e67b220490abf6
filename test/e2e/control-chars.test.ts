/**
 * A path with control characters in it (an escape sequence in a folder's name) must not drive
 * the terminal when lockdemo prints it in a reproduce or replay line, and the line must still
 * be one a shell reads back as the same path.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { shellQuote, withRemoveLock } from '../../src/cli/command-line.js';
import { lockdemoInProcess, ROOT, shell } from './run-built.js';

const base = mkdtempSync(join(tmpdir(), 'lockdemo-control-'));
const folder = join(base, 'red\u001b[31m\u0007x');
mkdirSync(folder);
const scenario = join(folder, 'counter.mjs');
writeFileSync(
  scenario,
  `import { defineScenario } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'src', 'index.js')).href)};
export default defineScenario({
  name: 'control-counter',
  summary: 'the counter of the lesson, in a folder whose name holds an escape sequence',
  unit: 'count',
  tasks: 3,
  setup: () => ({ value: 0 }),
  variants: {
    unlocked: {
      races: 'allowed',
      summary: 'read, yield, write',
      run: async (s, t) => {
        const current = s.value;
        await t.yield();
        s.value = current + 1;
      },
    },
  },
  observe: (s) => s.value,
  outcomes: [{ value: 3, grade: 'correct', description: 'every increment kept' }, { match: () => true, grade: 'race', description: 'an increment lost' }],
});
`,
);
afterAll(() => rmSync(base, { recursive: true, force: true }));

const joined = (stdout: string): string => stdout.replace(/ \\\n\s*/g, ' ');

describe('a scenario path with control characters', () => {
  it('is printed with them escaped, in a line that bash reads back as the same path', async () => {
    const run = await lockdemoInProcess([scenario, '--trials', '30', '--seed', '2']);
    expect(run.code).toBe(0);
    // eslint-disable-next-line no-control-regex -- control characters are what it looks for
    expect(run.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    const line = /^reproduce: (lockdemo .*)$/m.exec(joined(run.stdout))?.[1];
    expect(line).toContain(String.raw`$'`);
    expect(line).toContain(String.raw`\x1b[31m\x07x/counter.mjs'`);
    // Pasted into bash, with lockdemo standing for the built CLI, it runs the same scenario.
    const again = await shell(`lockdemo() { node bin/lockdemo.js "$@"; }; NO_COLOR=1 ${line ?? 'false'}`);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(run.stdout);
  });

  it('quotes as before where there are none', () => {
    expect(shellQuote('counter')).toBe('counter');
    expect(shellQuote("it's here.mjs")).toBe(`'it'\\''s here.mjs'`);
    expect(shellQuote("a\u001bb\\c'd\u0085")).toBe(String.raw`$'a\x1bb\\c\'d\xc2\x85'`);
  });

  it("a lock's name quoted as $'...' goes into a replay command whole", () => {
    expect(withRemoveLock('lockdemo x.mjs --variant v --replay "A B"', 'db\u001b', shellQuote)).toBe(
      String.raw`lockdemo x.mjs --variant v --remove-lock $'db\x1b' --replay "A B"`,
    );
  });

  it('escapes bidirectional overrides too, and as UTF-8 bytes, which bash reads back under any locale', async () => {
    const path = 'a\u202eb\u0085c\u2066d.mjs';
    expect(shellQuote(path)).toBe(String.raw`$'a\xe2\x80\xaeb\xc2\x85c\xe2\x81\xa6d.mjs'`);
    // `\u202e` in $'...' is the character only in a UTF-8 locale: under LC_ALL=C bash keeps it as text.
    for (const locale of ['C', 'C.UTF-8']) {
      // The bytes bash printed, as hex, by node (no od needed).
      const hex = `node -e "const b = []; process.stdin.on('data', (c) => b.push(c)).on('end', () => process.stdout.write(Buffer.concat(b).toString('hex')))"`;
      const r = await shell(`LC_ALL=${locale}; printf %s ${shellQuote(path)} | ${hex}`);
      expect(r.stdout.replace(/\s+/g, ''), locale).toBe(Buffer.from(path).toString('hex'));
    }
  });
});
