import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../e2e/run-built.js';

/** test/fixtures/tick-throws/check.mjs in a node process of its own, under one barrier. */
function runCheck(barrier: 'drain' | 'nexttick' = 'drain'): Promise<unknown> {
  const env = { ...process.env };
  delete env['LOCKDEMO_BARRIER'];
  delete env['NODE_OPTIONS'];
  if (barrier === 'nexttick') env['LOCKDEMO_BARRIER'] = 'nexttick';
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(ROOT, 'test', 'fixtures', 'tick-throws', 'check.mjs')],
      { timeout: 60_000, env },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`check.mjs: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout));
      },
    );
  });
}

// The model: two tasks of two segments each, 6 interleavings, each its own order of the log.
it('a process that outlives an exception thrown from a nextTick callback still gets the model’s interleavings', async () => {
  expect(await runCheck()).toEqual({
    interleavings: 6,
    outcomes: {
      'a1 a2 b1 b2': 1,
      'a1 b1 a2 b2': 1,
      'a1 b1 b2 a2': 1,
      'b1 a1 a2 b2': 1,
      'b1 a1 b2 a2': 1,
      'b1 b2 a1 a2': 1,
    },
    uncaught: 6,
    unwatched: false,
  });
});

// The process.nextTick barrier cannot run that work before its watchdog judges the trial, and
// may miss interleavings here: the search then says it is no proof.
it('under the process.nextTick barrier, the same search says it is no proof', async () => {
  expect(await runCheck('nexttick')).toMatchObject({ unwatched: true });
});
