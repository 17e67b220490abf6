/**
 * An interrupted check's tally counts the scenarios it checked, of those asked for: after one
 * variant of the first of three scenarios it said "3 scenarios, 1 variant", which reads as all
 * three checked. The interrupt comes at a known point: when the first result line is written.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { ROOT } from './run-built.js';

const BUILT_MAIN = new URL('dist/src/cli/main.js', `file://${ROOT}/`).href;

it('an interrupted check counts 1 of 3 scenarios, not 3', async () => {
  const { runCli } = (await import(BUILT_MAIN)) as { runCli: (argv: readonly string[], io: Io) => Promise<number> };
  const stop = new AbortController();
  let stdout = '';
  const io: Io = {
    stdout: {
      write: (chunk: string) => {
        stdout += chunk;
        // Ctrl-C as the first variant's line is printed: the check stops before the next one.
        if (/^PASS /m.test(chunk)) stop.abort();
        return true;
      },
      isTTY: false,
    },
    stderr: { write: () => true, isTTY: false },
    env: { NO_COLOR: '1' },
    signal: stop.signal,
  };
  const dir = mkdtempSync(join(tmpdir(), 'lockdemo-interrupted-'));
  const junit = join(dir, 'check.xml');
  const code = await runCli(['check', 'counter', 'bank', 'deadlock', '--junit', junit], io);
  // The JUnit report says the check did not finish: with one passing test case and nothing
  // else, a CI dashboard showed an interrupted check as green.
  const xml = readFileSync(junit, 'utf8');
  rmSync(dir, { recursive: true, force: true });
  expect(xml).toMatch(/^<testsuites name="lockdemo check" tests="2" failures="0" errors="1" /m);
  expect(xml).toContain('<error type="interrupted" message="interrupted (Ctrl-C): the other test cases are all that were checked"');
  expect(code).toBe(130);
  expect(stdout.match(/^(PASS|FAIL|FLAG) /gm)).toHaveLength(1);
  expect(stdout).toMatch(/^1 passed, 0 failed, 0 flagged · 1 of 3 scenarios, 1 variant$/m);
  expect(stdout).toContain('interrupted: the variants above are all that were checked\n');
});

it('counts every scenario asked for, when the next one is stopped as it starts (`processes`): 1 of 2, not 1 of 1', async () => {
  const { runCli } = (await import(BUILT_MAIN)) as { runCli: (argv: readonly string[], io: Io) => Promise<number> };
  const stop = new AbortController();
  let stdout = '';
  const io: Io = {
    stdout: {
      write: (chunk: string) => {
        stdout += chunk;
        if (/^PASS /m.test(chunk)) stop.abort();
        return true;
      },
      isTTY: false,
    },
    stderr: { write: () => true, isTTY: false },
    env: { NO_COLOR: '1' },
    signal: stop.signal,
  };
  const code = await runCli(['check', 'counter', 'processes'], io);
  expect(code).toBe(130);
  expect(stdout).toMatch(/^1 passed, 0 failed, 0 flagged · 1 of 2 scenarios, 1 variant$/m);
});
