/**
 * A worker that ends says why on its port first (host.ts posts `fatal`, then exits). The port
 * and the worker's `exit` event are not ordered: when the main thread is busy while the worker
 * ends, `exit` comes first. The scenario's error must still be the one reported, not a bare
 * "ended with code 1" (a CI run once failed so).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { HostWorker, StoppedWorker } from '../../src/cli/contain/host-worker.js';
import { removeRunTemp } from '../../src/cli/contain/run-temp.js';

const FIXTURE = new URL('../fixtures/errors/dies-after-load.mjs', import.meta.url).pathname;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
// A HostWorker made here, not by a run, gets the run's temporary directory (run-temp.ts): this
// process is a test runner's worker, ended by a signal, so nothing would remove it at exit.
afterAll(() => removeRunTemp());

it('reports the error a worker posted before it ended, even when its exit is seen first', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lockdemo-last-words-'));
  dirs.push(dir);
  const marker = join(dir, 'marker');
  process.env.LOCKDEMO_TEST_MARKER = marker;
  const host = new HostWorker();
  try {
    const loaded = host.request({ type: 'load', target: FIXTURE }, 60_000);
    // Busy from the start, as a loaded machine would make it: the worker loads the module, answers,
    // posts its `fatal` and ends while this thread is away, and all of that queues up at once.
    const giveUp = performance.now() + 60_000;
    while (!existsSync(marker) && performance.now() < giveUp);
    const until = performance.now() + 500;
    while (performance.now() < until);
    await loaded;
    const failure: unknown = await host.request({ type: 'prepare', flags: { options: {} } }, 60_000).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StoppedWorker);
    const stopped = failure as StoppedWorker;
    expect(stopped.reason).toBe('exit');
    expect(stopped.fatal?.message).toMatch(/: thrown by a timer after load$/);
  } finally {
    delete process.env.LOCKDEMO_TEST_MARKER;
    await host.terminate();
  }
});
