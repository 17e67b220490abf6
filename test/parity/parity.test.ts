// CPython parity: each case is an asyncio program (cases/<name>.py) that prints its event log,
// and a lockdemo module (cases/<name>.mjs) that returns the same log from `observe`. Asserted:
// - `--schedule asyncio` gives CPython's log, in every trial;
// - CPython's log is among the outcomes `--schedule exhaustive` reaches;
// - the reference enumerator (test/reference) reaches it too, and, picking the head of its FIFO
//   ready queue, gives it exactly (programs without timers): a check of the reference's lock
//   and wake-ups against CPython itself.
// The programs avoid anything whose CPython output depends on real time (the polling case logs
// no poll count). Without python3 the suite is skipped with one line; under CI=true that fails.
import { spawnSync, execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from '../e2e/run-built.js';
import { enumerate, loadScenario, runFifo } from '../reference/enumerator.js';
import { runEngineJson, variantsOf } from '../reference/engine-json.js';

const CASES = join(ROOT, 'test', 'parity', 'cases');
const names = readdirSync(CASES)
  .filter((f) => f.endsWith('.py'))
  .map((f) => f.slice(0, -3))
  .sort();

/** Cases whose programs sleep for a positive time: their order comes from a clock, which the
 * reference does not model, so only the engine's asyncio schedule is held to CPython's order. */
const TIMED = new Set([
  'polling-flag',
  'cache-split-lock',
  'cache-locked',
  'due-next-turn',
  'timeout-flag',
  'timer-same-turn',
  'equal-deadlines',
  'handoff-timer-turn',
  'lock-sleep-holder',
  'single-flight-future',
  'timer-vs-ready',
  'timer-wakes-event',
  'unawaited-timer-after-return',
]);
/**
 * Cases with work a task starts and does not await (a strand of its own beside its function):
 * the reference models one strand per task, so only CPython and the engine's schedules are held
 * to them (asyncio gives CPython's order, and exhaustive reaches it).
 */
const UNAWAITED = new Set(['unawaited-work', 'unawaited-turns', 'unawaited-timer-after-return', 'then-chain']);
/**
 * Cases too big for a whole search (4 to 12 tasks): more distinct logs than a variant lists (the
 * rest fold into "other values") and more interleavings than the reference walks in a test's
 * time. Only the asyncio schedule is held to CPython's order there.
 */
const BIG = new Set(['barrier', 'event-set-then-finish', 'many-tasks-lock']);
/**
 * Cases whose whole search is cut at a million interleavings after about 10 s (more than 30 s
 * beside the rest of the suite on a busy machine): exhaustive search is bounded to this many
 * preemptions, which it completes in about a second, and the reference is held to CPython's log
 * by its FIFO order alone, not by walking every interleaving.
 */
const PREEMPTIONS: Record<string, number> = { 'wake-order-mixed': 2 };
/** Cases that loop until another task acts: their exhaustive search needs a step bound. */
const MAX_STEPS: Record<string, number> = { 'polling-flag': 40 };

const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
const missing = python.error || python.status !== 0 ? 'python3 was not found on PATH' : undefined;
if (missing !== undefined && process.env.CI !== 'true') console.warn(`CPython parity suite skipped: ${missing}`);

test('there are at least 12 parity cases, each an asyncio program with its lockdemo module', () => {
  expect(names.length).toBeGreaterThanOrEqual(12);
  for (const name of names) expect(readdirSync(CASES)).toContain(`${name}.mjs`);
});

test.runIf(missing !== undefined && process.env.CI === 'true')('python3 is available under CI', () => {
  expect.fail(`the CPython parity suite cannot run: ${missing}`);
});

describe.skipIf(missing !== undefined)(`CPython parity${missing ? ` (skipped: ${missing})` : ''}`, () => {
  describe.concurrent.each(names)('%s', (name) => {
    const module = join(CASES, `${name}.mjs`);
    const steps = MAX_STEPS[name] === undefined ? [] : ['--max-steps', String(MAX_STEPS[name])];
    const cpythonLog = async (): Promise<string> => {
      const log = (await cpythonLogs())[join(CASES, `${name}.py`)];
      if (typeof log !== 'string') throw new Error(`run-programs.py printed no log for ${name}`);
      return log;
    };

    test('--schedule asyncio gives CPython’s event log', async ({ expect }) => {
      const log = await cpythonLog();
      const engine = variantsOf(await runEngineJson([module, '--schedule', 'asyncio', '--trials', '3']), `${name} asyncio`);
      // Deterministic: every trial it runs ends in CPython's log (however many it runs).
      const counts = engine.get('program')?.counts ?? new Map<string, number>();
      expect([...counts.keys()]).toEqual([JSON.stringify(log)]);
    });

    if (!BIG.has(name)) {
      const bound = PREEMPTIONS[name] === undefined ? [] : ['--preemptions', String(PREEMPTIONS[name])];
      test('exhaustive reaches CPython’s event log', async ({ expect }) => {
        const log = await cpythonLog();
        const engine = variantsOf(await runEngineJson([module, '--schedule', 'exhaustive', ...steps, ...bound]), `${name} exhaustive`);
        expect([...(engine.get('program')?.counts.keys() ?? [])]).toContain(JSON.stringify(log));
      });
    }

    if (!UNAWAITED.has(name) && !BIG.has(name) && PREEMPTIONS[name] === undefined) {
      test('the reference reaches it', async ({ expect }) => {
        const log = await cpythonLog();
        const model = await enumerate(await loadScenario(module), 'program', { maxSteps: MAX_STEPS[name] });
        expect([...model.counts.keys()]).toContain(JSON.stringify(log));
      });
    }

    if (!UNAWAITED.has(name) && !BIG.has(name) && !TIMED.has(name)) {
      test('the reference’s FIFO order gives it exactly', async ({ expect }) => {
        const log = await cpythonLog();
        expect((await runFifo(await loadScenario(module), 'program')).key).toBe(JSON.stringify(log));
      });
    }
  });
});

let logs: Promise<Record<string, unknown>> | undefined;

/** Every case's CPython log, from one python3 process (run-programs.py), run once. */
function cpythonLogs(): Promise<Record<string, unknown>> {
  logs ??= new Promise((resolve, reject) => {
    const programs = names.map((name) => join(CASES, `${name}.py`));
    execFile('python3', [join(ROOT, 'test', 'parity', 'run-programs.py'), ...programs], { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`python3 run-programs.py: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout) as Record<string, unknown>);
    });
  });
  return logs;
}
