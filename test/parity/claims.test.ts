/**
 * What `--schedule asyncio` claims of CPython, held to CPython itself: where a run says
 * "CPython's loop gives this every time", python3 must give that log in every run. The cases
 * (test/parity/claims/, a cold tester's) are timed programs whose order CPython's real clock
 * decides, and a loop that CPython ends but --max-steps cuts: lockdemo's model gives one order,
 * CPython another (50 runs of 50, and 10 of 10 under 3.10, 3.12 and 3.13), so the only true
 * run makes no claim. Python runs each program a few times here; a claim must hold in each.
 */
import { execFile, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { lockdemoInProcess, ROOT } from '../e2e/run-built.js';

const CASES = join(ROOT, 'test', 'parity', 'claims');
const names = readdirSync(CASES)
  .filter((f) => f.endsWith('.py'))
  .map((f) => f.slice(0, -3));
const RUNS = 5;

const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
const missing = python.error || python.status !== 0 ? 'python3 was not found on PATH' : undefined;
if (missing !== undefined && process.env.CI !== 'true') console.warn(`CPython claim checks skipped: ${missing}`);

test.runIf(missing !== undefined && process.env.CI === 'true')('python3 is available under CI', () => {
  expect.fail(`the CPython claim checks cannot run: ${missing}`);
});

/** The logs python3 prints in RUNS runs of the program, one interpreter each. */
async function cpythonLogs(name: string): Promise<Set<string>> {
  const one = (): Promise<string> =>
    new Promise((resolve, reject) => {
      execFile('python3', [join(CASES, `${name}.py`)], { timeout: 60_000 }, (error, stdout) => {
        if (error) reject(new Error(`python3 ${name}.py: ${error.message}`));
        else resolve(stdout.trim());
      });
    });
  const logs = new Set<string>();
  for (let i = 0; i < RUNS; i++) logs.add(await one());
  return logs;
}

describe.skipIf(missing !== undefined)('what --schedule asyncio claims of CPython', () => {
  test.concurrent.each(names)('%s: a claim only where CPython gives that log every time', async (name) => {
    const run = await lockdemoInProcess([join(CASES, `${name}.mjs`), '--schedule', 'asyncio']);
    const claims = run.stdout.replace(/\s+/g, ' ').includes("deterministic: CPython's loop gives this every time");
    const json = await lockdemoInProcess([join(CASES, `${name}.mjs`), '--schedule', 'asyncio', '--json']);
    const outcome = (
      JSON.parse(json.stdout) as { variants: Array<{ outcomes: Array<{ value: unknown; count: number }> }> }
    ).variants[0]?.outcomes.find((o) => o.count > 0);
    const logs = await cpythonLogs(name);
    // Each case is one where the model's log is not CPython's: the run must not claim it is.
    expect([...logs]).not.toEqual([outcome?.value]);
    expect(claims).toBe(false);
  });
});
