/**
 * `check`'s PCT advice under a variant that raced is a command of its own line (check refuses
 * `--schedule pct`), and it fits a narrow terminal: a long path wraps with shell continuations.
 */
import { expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';

it('check fits its PCT advice into 60 columns, the command whole when pasted', async () => {
  let out = '';
  const io: Io = {
    stdout: { write: (s: string) => (out += s), isTTY: false, columns: 60 },
    stderr: { write: () => true, isTTY: false },
    env: { NO_COLOR: '1' },
  };
  expect(await runCli(['check', 'test/fixtures/broken-lock.mjs'], io)).toBe(1);
  expect(out.split('\n').filter((line) => [...line].length > 60)).toEqual([]);
  // Joined at its shell continuations, the advice is one command that `lockdemo <scenario>` takes.
  const joined = out.replace(/ \\\n +/g, ' ');
  expect(joined).toContain('\n        lockdemo test/fixtures/broken-lock.mjs --variant locked --schedule pct --depth 2 --tasks N\n');
});
