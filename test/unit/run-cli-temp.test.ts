import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';

// A file of its own: the run's temporary directory is made by the first run in the process, under
// the TMPDIR of that moment, and this test must be that first run.

const io = (): Io => ({
  stdout: { write: () => true, isTTY: false },
  stderr: { write: () => true, isTTY: false },
  env: {},
});

it('runCli leaves no temporary directory behind: a program that embeds it (a test runner) may never exit normally', async () => {
  const outer = process.env.TMPDIR;
  const temp = mkdtempSync(join(tmpdir(), 'run-cli-'));
  process.env.TMPDIR = temp;
  try {
    // Two runs at once share the run's directory; it goes when the last one ends.
    const [a, b] = await Promise.all([
      runCli(['counter', '--trials', '50', '--seed', '1'], io()),
      runCli(['cache', '--trials', '50', '--seed', '1'], io()),
    ]);
    expect([a, b]).toEqual([0, 0]);
    expect(readdirSync(temp)).toEqual([]);
    // The next run makes its own, and removes it too.
    expect(await runCli(['counter', '--trials', '50', '--seed', '2'], io())).toBe(0);
    expect(readdirSync(temp)).toEqual([]);
  } finally {
    if (outer === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = outer;
    rmSync(temp, { recursive: true, force: true });
  }
});

it('runCli ends what a run left running before it removes the directory, which would otherwise be made again', async () => {
  const outer = process.env.TMPDIR;
  const temp = mkdtempSync(join(tmpdir(), 'run-cli-'));
  process.env.TMPDIR = temp;
  try {
    expect(await runCli(['test/fixtures/leaves-child.mjs', '--trials', '3', '--seed', '1'], io())).toBe(0);
    expect(readdirSync(temp)).toEqual([]);
    // The process would write there two seconds after it started.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(readdirSync(temp)).toEqual([]);
  } finally {
    if (outer === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = outer;
    rmSync(temp, { recursive: true, force: true });
  }
}, 30_000);
