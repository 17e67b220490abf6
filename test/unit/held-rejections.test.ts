import { describe, expect, it } from 'vitest';
import { lockdemo } from '../e2e/run-built.js';
import { type Barrier, fixtureJson, runFixture } from './run-fixture.js';

interface Outcome {
  reports: number;
  trials: number;
  listenersKept: boolean;
}

/** test/fixtures/rejections/check.mjs in a node process of its own, under one barrier. */
function runCheck(barrier: Barrier): Promise<Record<string, Outcome>> {
  return fixtureJson(['rejections', 'check.mjs'], barrier);
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
async function runRejections(
  file: string,
  args: string[],
  barrier: Barrier,
  nodeFlags: string[] = [],
): Promise<{ code: number; stdout: string; warnings: string[] }> {
  const { code, stdout, stderr } = await runFixture(['rejections', file], barrier, args, nodeFlags);
  const warnings = stderr.split('\n').filter((line) => /^\(node:\d+\) \w+Warning/.test(line));
  return { code, stdout, warnings: warnings.map((line) => line.replace(/^\(node:\d+\) /, '')) };
}

describe.each(['drain', 'nexttick'] as const)('rejections around the engine’s picks, under the %s barrier', (barrier) => {
  it('the code after `await runScenario(...)` sees the process’s own listeners, and removes them for good', async () => {
    const { code, stdout } = await runRejections('after-run.mjs', [], barrier);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ seenRightAfter: true, leftAfterRemoval: 0 });
  });

  it('a rejection reported before the run and handled by a task: the listener for rejectionHandled hears it', async () => {
    const { code, stdout } = await runRejections('reported-before.mjs', [], barrier);
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
      runRejections('modes.mjs', [when], 'drain', [`--unhandled-rejections=${mode}`]),
      runRejections('modes.mjs', [when], 'nexttick', [`--unhandled-rejections=${mode}`]),
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
    const result = await lockdemo(['test/fixtures/rejections/io-handled.mjs', '--trials', '20', '--seed', '1'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
