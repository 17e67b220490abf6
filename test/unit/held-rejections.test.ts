import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../e2e/run-built.js';

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
