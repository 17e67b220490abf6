import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockdemo, ROOT } from '../e2e/run-built.js';

interface Outcome {
  reports: number;
  trials: number;
  listenersKept: boolean;
}

/** test/fixtures/rejections/check.mjs in a node process of its own, under one barrier. */
function runCheck(barrier: 'drain' | 'nexttick'): Promise<Record<string, Outcome>> {
  const env = { ...process.env };
  if (barrier === 'nexttick') env['LOCKDEMO_BARRIER'] = 'nexttick';
  else delete env['LOCKDEMO_BARRIER'];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(ROOT, 'test', 'fixtures', 'rejections', 'check.mjs')],
      { timeout: 60_000, env },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`check.mjs: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout) as Record<string, Outcome>);
      },
    );
  });
}

// Node.js reports a rejection nobody handles when its nextTick queue runs dry; the synchronous
// drain runs its tick routine at every pick, so the engine holds those reports while it drives
// picks and delivers the ones still unhandled when it hands back (src/core/held-rejections.ts).
describe.each(['drain', 'nexttick'] as const)('unhandled rejections in the library, under the %s barrier', (barrier) => {
  const results = runCheck(barrier);

  it('a rejection handled one scheduling point later is never reported', async () => {
    expect((await results)['handled-later']).toEqual({ reports: 0, trials: 50, listenersKept: true });
  });

  it('a rejection never handled reaches the process’s listener, once per promise', async () => {
    // 50 trials of 2 tasks, each rejecting one promise.
    expect((await results)['never-handled']).toEqual({ reports: 100, trials: 50, listenersKept: true });
  });
});

/** A fixture under test/fixtures/rejections in a node process of its own: its exit code, stdout and Node.js's warnings. */
function runFixture(
  file: string,
  args: string[],
  barrier: 'drain' | 'nexttick',
  nodeFlags: string[] = [],
): Promise<{ code: number; stdout: string; warnings: string[] }> {
  const env = { ...process.env };
  delete env['NODE_OPTIONS'];
  if (barrier === 'nexttick') env['LOCKDEMO_BARRIER'] = 'nexttick';
  else delete env['LOCKDEMO_BARRIER'];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...nodeFlags, join(ROOT, 'test', 'fixtures', 'rejections', file), ...args],
      { timeout: 60_000, env },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        const warnings = stderr.split('\n').filter((line) => /^\(node:\d+\) \w+Warning/.test(line));
        resolve({ code, stdout, warnings: warnings.map((line) => line.replace(/^\(node:\d+\) /, '')) });
      },
    );
  });
}

describe.each(['drain', 'nexttick'] as const)('rejections around the engine’s picks, under the %s barrier', (barrier) => {
  it('the code after `await runScenario(...)` sees the process’s own listeners, and removes them for good', async () => {
    const { code, stdout } = await runFixture('after-run.mjs', [], barrier);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ seenRightAfter: true, leftAfterRemoval: 0 });
  });

  it('a rejection reported before the run and handled by a task: the listener for rejectionHandled hears it', async () => {
    const { code, stdout } = await runFixture('reported-before.mjs', [], barrier);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ reported: 1, handled: 1, same: true });
  });
});

// Node.js's tick routine reports rejections at every drain, and under a mode other than the
// default (throw) Node.js acts on them itself, listeners or not. The barrier must not change
// what happens: the same exit code and the same warnings as under the process.nextTick barrier.
describe.each([
  ['strict', 'later'],
  ['strict', 'never'],
  ['warn', 'later'],
  ['warn', 'never'],
  ['none', 'never'],
  ['warn-with-error-code', 'never'],
  ['throw', 'later'],
  ['throw', 'never'],
] as const)('--unhandled-rejections=%s, a rejection handled %s', (mode, when) => {
  it('the drain does what the process.nextTick barrier does', async () => {
    const [drain, tick] = await Promise.all([
      runFixture('modes.mjs', [when], 'drain', [`--unhandled-rejections=${mode}`]),
      runFixture('modes.mjs', [when], 'nexttick', [`--unhandled-rejections=${mode}`]),
    ]);
    expect({ code: drain.code, warnings: drain.warnings.length }).toEqual({ code: tick.code, warnings: tick.warnings.length });
    // The reference itself, so that the comparison cannot pass on two broken runs.
    const ends = { strict: 1, warn: 0, none: 0, 'warn-with-error-code': 1, throw: 1 }[mode];
    expect(tick.code).toBe(when === 'later' ? 0 : ends);
  });
});

describe.each(['drain', 'nexttick'] as const)('the CLI, under the %s barrier', (barrier) => {
  it('a rejection made before a t.io and handled after it fails nothing', async () => {
    const env: NodeJS.ProcessEnv = { LOCKDEMO_BARRIER: barrier === 'nexttick' ? 'nexttick' : '' };
    const result = await lockdemo([join(ROOT, 'test', 'fixtures', 'rejections', 'io-handled.mjs'), '--trials', '20', '--seed', '1'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
