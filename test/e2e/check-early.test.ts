import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, lockdemoInProcess, ROOT, shell } from './run-built.js';

describe('check catches its own mistakes before any work', () => {
  it.each([
    [['--junit', '/nonexistent/dir/x.xml'], 'the folder /nonexistent/dir does not exist'],
    [['--junit', 'test'], 'that is a folder'],
    [['counter', '--variant', 'lockd'], 'no target has a variant "lockd"'],
    [
      ['--variant', 'locked', 'counter'],
      '"counter" is a scenario, not a variant: --variant takes every word after it, so name the scenarios first (lockdemo check counter --variant locked)',
    ],
    // The command it gives keeps the targets named before --variant, and takes every scenario out of the list.
    [
      ['bank', '--variant', 'locked', 'counter', 'unlocked', 'cache'],
      '"counter", "cache" are scenarios, not variants: --variant takes every word after it, so name the scenarios first (lockdemo check bank counter cache --variant locked unlocked)',
    ],
  ])('%j: exit 2, one line, nothing checked', async (args, message) => {
    const r = await lockdemoInProcess(['check', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--variant checks only those variants, of the targets that have them', async () => {
    const r = await lockdemoInProcess(['check', 'counter', 'cache', '--variant', 'locked', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { results: Array<{ scenario: string; variant: string }> };
    expect(doc.results.map((x) => `${x.scenario}/${x.variant}`)).toEqual(['counter/locked', 'cache/locked']);
  });
});

describe('feedback while stopping', () => {
  it('the first Ctrl-C says at once that the trials in flight finish first', async () => {
    const child = spawn(process.execPath, [BIN, 'counter', '--trials', '1e9'], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        resolve(); // the header is out: the run is under way
      }),
    );
    child.kill('SIGINT');
    // 'close': its output is all read by then (the process may end before the pipe is drained).
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toContain('stopping: the summary of the trials that came back follows');
    expect(code).toBe(130);
    expect(stdout).toContain('interrupted');
  }, 60_000);

  it('a closed stdout stops the work: | head -1 on a billion trials returns', async () => {
    // Without the watch, this run would take many minutes; the test's own timeout is the bound.
    const r = await shell(`set -o pipefail; node ${BIN} counter --trials 1e9 | head -1`);
    expect(r.stdout).toMatch(/^counter — /);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toBe('');
  }, 60_000);
});

describe('check refuses two targets of one name', () => {
  it('a module named like a built-in: exit 2, both named, nothing checked', async () => {
    const r = await lockdemoInProcess(['check', 'counter', 'test/fixtures/named-counter.mjs']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'lockdemo: counter and test/fixtures/named-counter.mjs are both named "counter": check takes one scenario of a name\n',
    );
  });
});
