import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../e2e/run-built.js';

/** The engine's barrier before a pick: Node.js's tick routine, or the process.nextTick fallback. */
export type Barrier = 'drain' | 'nexttick';

export interface FixtureRun {
  /** The exit code (-1 when killed). */
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a script under test/fixtures in a node process of its own (no async hooks on, whatever
 * the test runner's worker has, and no listener of vitest's for unhandled rejections), under
 * one barrier (LOCKDEMO_BARRIER), with NODE_OPTIONS cleared and `nodeFlags` given to node.
 */
export function runFixture(path: string[], barrier: Barrier, args: string[] = [], nodeFlags: string[] = []): Promise<FixtureRun> {
  const env = { ...process.env };
  delete env['NODE_OPTIONS'];
  if (barrier === 'nexttick') env['LOCKDEMO_BARRIER'] = 'nexttick';
  else delete env['LOCKDEMO_BARRIER'];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...nodeFlags, join(ROOT, 'test', 'fixtures', ...path), ...args],
      { timeout: 60_000, env },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** {@link runFixture} for a script that prints one JSON document: that document, or a failure with its stderr. */
export async function fixtureJson<T>(path: string[], barrier: Barrier, args: string[] = []): Promise<T> {
  const run = await runFixture(path, barrier, args);
  if (run.code !== 0) throw new Error(`${path.join('/')}: exit ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}
