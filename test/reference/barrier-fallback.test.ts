// The engine's barrier before a pick is a synchronous drain of the microtask and nextTick queues
// where Node.js has one (src/core/drain.ts), and a process.nextTick otherwise. The other suites
// run the drain; this one runs the fallback (LOCKDEMO_BARRIER=nexttick, read by each worker the
// CLI starts) on every model fixture and every controlled built-in at 3 tasks, against the
// reference enumerator: both barriers must reach exactly the model's interleavings and counts.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROOT } from '../e2e/run-built.js';
import { enumerate, loadScenario } from './enumerator.js';
import { runEngineJson, variantsOf } from './engine-json.js';

const MODEL = join(ROOT, 'test', 'fixtures', 'model');
const BUILTINS = ['bank', 'cache', 'counter', 'deadlock', 'inventory', 'lazy-init', 'read-only'];

const targets: Array<[string, string, string[]]> = [
  ...readdirSync(MODEL)
    .filter((f) => f.endsWith('.mjs'))
    .sort()
    .map((f): [string, string, string[]] => [f, join(MODEL, f), []]),
  ...BUILTINS.map((name): [string, string, string[]] => [name, join(ROOT, 'dist', 'scenarios', `${name}.js`), ['--tasks', '3']]),
];

// Test files share their worker (isolate: false): the setting is this file's alone.
let before: string | undefined;
beforeAll(() => {
  before = process.env['LOCKDEMO_BARRIER'];
  process.env['LOCKDEMO_BARRIER'] = 'nexttick';
});
afterAll(() => {
  if (before === undefined) delete process.env['LOCKDEMO_BARRIER'];
  else process.env['LOCKDEMO_BARRIER'] = before;
});

describe('under the process.nextTick barrier', () => {
  test.each(targets)('%s: exhaustive gives the model’s interleavings and counts', async (name, path, flags) => {
    const scenario = await loadScenario(path);
    const tasks = flags.length > 0 ? 3 : undefined;
    const engine = variantsOf(await runEngineJson([path, '--schedule', 'exhaustive', ...flags]), name);
    for (const variant of Object.keys(scenario.variants)) {
      const model = await enumerate(scenario, variant, tasks !== undefined ? { tasks } : {});
      const got = engine.get(variant);
      expect
        .soft(
          got && { interleavings: got.interleavings, complete: got.complete, counts: Object.fromEntries(got.counts) },
          `${name} ${variant}`,
        )
        .toEqual({ interleavings: model.interleavings, complete: true, counts: Object.fromEntries(model.counts) });
    }
  });
});
