/**
 * A bug in lockdemo is exit 70, never 3; the scenario's own faults stay 3. The bugs are real
 * ones, put into a copy of the build (lockdemo's shipped code has no hook for this): one
 * module of the copy is changed the way a bug would change it, and the copy's CLI is run as a
 * user would run it. An unchanged copy runs first, so a failure is the bug's, not the copy's.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ANSI, lockdemo, lockdemoAt, ROOT, type Result } from './run-built.js';

const copies: string[] = [];

afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/**
 * A copy of the build where the first line of lockdemo's own code (under dist/src or in the
 * bundler's dist/chunks, in a file whose path contains `only`) that matches `where` is changed
 * by `bug`, in each of the two builds the worker may run (ES modules, and the CommonJS that
 * built-in scenarios run in: a bug in the source is in both), the changed files without their
 * code cache (a build of the buggy source would have made theirs from it); throws if no file
 * has such a line, so that a moved line fails this test instead of testing nothing.
 */
function buggyCopy(where?: RegExp, bug?: (line: string) => string, only = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'lockdemo-bug-'));
  copies.push(dir);
  cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  if (where === undefined || bug === undefined) return dir;
  const files = ['dist/src', 'dist/chunks'].flatMap((under) =>
    readdirSync(join(dir, under), { recursive: true, encoding: 'utf8' }).map((file) => join(under, file)),
  );
  const changed = new Set<string>();
  for (const file of files) {
    const build = file.endsWith('.js') ? '.js' : file.endsWith('.cjs') ? '.cjs' : undefined;
    if (build === undefined || changed.has(build) || !file.includes(only)) continue;
    const path = join(dir, file);
    const lines = readFileSync(path, 'utf8').split('\n');
    const at = lines.findIndex((line) => where.test(line));
    if (at < 0) continue;
    lines[at] = bug(lines[at] ?? '');
    writeFileSync(path, lines.join('\n'));
    rmSync(`${path}.cache`, { force: true });
    changed.add(build);
  }
  if (changed.size === 2) return dir;
  throw new Error(
    `no module of the ${changed.has('.js') ? 'CommonJS' : 'ES modules'} build has a line matching ${where}: the test's bug must move with the code`,
  );
}

function run(dir: string, args: string[]): Promise<Result> {
  return lockdemoAt(join(dir, 'bin/lockdemo.js'), args);
}

/** The one line on stderr of an internal error: what happened, and a request to report it. */
const REPORT = / \(a bug in lockdemo: please report it with the output of --debug\)\n$/;

describe('a bug in lockdemo is exit 70, wherever it is', () => {
  const args = ['counter', '--trials', '20', '--seed', '1'];

  it('the unchanged copy runs (exit 0): what fails below is the bug put in', async () => {
    const r = await run(buggyCopy(), args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it.concurrent.for<[string, RegExp, (line: string) => string, RegExp, string?]>([
    [
      // Used to be "setup threw" and exit 3: the trial loop blamed setup for all of a trial's start.
      'in the engine, as a trial starts (after a setup that works)',
      /^\s+start\(picker[^)]*\) \{$/,
      (line) => `${line} throw new TypeError('injected: the engine broke');`,
      /^lockdemo: internal error in the worker: injected: the engine broke \(/,
    ],
    [
      // Thrown from a callback of the engine's own, where no request catches it.
      'in a callback of the engine, outside any request',
      /^\s+barrierPick = \(\) => \{$/,
      (line) => `${line} throw new TypeError('injected: a callback broke');`,
      /^lockdemo: internal error in the worker: injected: a callback broke \(/,
    ],
    [
      // Used to be exit 3, blamed on "scenario code that threw outside any trial".
      'in the worker’s own module, which fails to load',
      /^const heartbeat = /,
      (line) => `throw new Error('injected: the worker cannot start'); ${line}`,
      /^lockdemo: internal error: lockdemo's worker failed: injected: the worker cannot start \(/,
      'cli/contain/host.',
    ],
  ])('%s', async ([, where, bug, line, only], { expect }) => {
    const r = await run(buggyCopy(where, bug, only), args);
    expect(r.stderr).not.toMatch(ANSI);
    expect(r.stderr).toMatch(line);
    expect(r.stderr).toMatch(REPORT);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.code).toBe(70);
  });
});

describe('the scenario’s own faults stay exit 3 (the same build, unchanged)', () => {
  it.concurrent.for<[string, RegExp]>([
    ['setup-throws', /^lockdemo: scenario "setup-throws": setup threw: no state today\n$/],
    ['unhandled-at-import', /^lockdemo: scenario "unhandled-at-import": threw outside any trial \(.*\): nobody awaited this\n$/],
    ['setting-throws', /^lockdemo: scenario "setting-throws": "setting" threw: no setting\n$/],
    ['release-in-callback', /^lockdemo: scenario "release-in-callback": release\(\) of lock, which is not locked\n$/],
  ])('%s', async ([fixture, line], { expect }) => {
    const r = await lockdemo([`test/fixtures/errors/${fixture}.mjs`, '--seed', '1']);
    expect(r.stderr).toMatch(line);
    expect(r.code).toBe(3);
  });
});

describe('a rejection is an error only if nothing handles it, under every schedule', () => {
  const schedules = ['random', 'pct', 'exhaustive', 'asyncio', 'event-loop'];
  it.concurrent.for(schedules)('handled a step later: no error under %s', async (schedule, { expect }) => {
    const r = await lockdemo(['test/fixtures/errors/late-handler.mjs', '--schedule', schedule]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('pass: every variant met its declaration');
    expect(r.code).toBe(0);
  });
  it.concurrent.for(schedules)('never handled: exit 3 under %s', async (schedule, { expect }) => {
    const r = await lockdemo(['test/fixtures/errors/never-handled.mjs', '--schedule', schedule]);
    expect(r.stderr).toMatch(/^lockdemo: scenario "never-handled": threw outside any trial \(.*\): never handled\n$/);
    expect(r.code).toBe(3);
  });
});

describe('a rejection left by close is the scenario’s error', () => {
  it.concurrent.for(['random', 'exhaustive', 'event-loop'])('exit 3 under %s', async (schedule, { expect }) => {
    const r = await lockdemo(['test/fixtures/errors/close-rejects.mjs', '--schedule', schedule]);
    expect(r.stderr).toMatch(/^lockdemo: scenario "close-rejects": threw outside any trial \(.*\): left behind by close\n$/);
    expect(r.stdout).not.toContain('pass');
    expect(r.code).toBe(3);
  });
});
