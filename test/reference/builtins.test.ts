// `lockdemo <scenario> --schedule exhaustive` against the reference enumerator, for every
// built-in scenario the controlled schedules can run, at 2 and 3 tasks, every variant: the
// interleaving total, completeness and the count of every outcome must be exactly the model's.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from '../e2e/run-built.js';
import { enumerate, loadScenario } from './enumerator.js';
import { runEngineJson, variantsOf } from './engine-json.js';
import type { RefScenario } from './ref-trial.js';
import type { Scenario } from '../../src/core/scenario.js';

const DIST = join(ROOT, 'dist', 'scenarios');

/** Built-ins whose own `schedules` declaration (default options) admits exhaustive. */
async function controlledBuiltins(): Promise<Array<{ path: string; scenario: RefScenario }>> {
  const found: Array<{ path: string; scenario: RefScenario }> = [];
  for (const file of readdirSync(DIST)
    .filter((f) => f.endsWith('.js'))
    .sort()) {
    const path = join(DIST, file);
    const scenario = await loadScenario(path).catch(() => undefined);
    if (scenario === undefined) continue; // a helper module, not a scenario
    // A RefScenario does not declare `schedules`; a built-in may, typed as the engine types it.
    const declared = Reflect.get(scenario, 'schedules') as Scenario['schedules'];
    const schedules = typeof declared === 'function' ? declared({ tasks: scenario.tasks, options: defaults(scenario) }) : declared;
    if (Array.isArray(schedules) && !schedules.includes('exhaustive')) continue;
    found.push({ path, scenario });
  }
  return found;
}

function defaults(scenario: RefScenario): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(scenario.options ?? {}).map(([name, o]) => [name, o.default]));
}

const builtins = await controlledBuiltins();

test('the controlled built-ins are the ones the README lists (threads and processes are real concurrency)', () => {
  expect(builtins.map((b) => b.scenario.name)).toEqual(['bank', 'cache', 'counter', 'deadlock', 'inventory', 'lazy-init', 'read-only']);
});

describe.concurrent.each(builtins.map((b) => [b.scenario.name, b] as const))('%s', (name, { scenario }) => {
  test.for([2, 3])('%d tasks: exhaustive matches the model', async (tasks, { expect }) => {
    const engine = variantsOf(
      await runEngineJson([name, '--schedule', 'exhaustive', '--tasks', String(tasks)]),
      `${name} --tasks ${tasks}`,
    );
    const mismatches: string[] = [];
    for (const variant of Object.keys(scenario.variants)) {
      const model = await enumerate(scenario, variant, { tasks });
      expect(model.complete).toBe(true);
      const got = engine.get(variant);
      const want = { interleavings: model.interleavings, complete: true, counts: Object.fromEntries(model.counts) };
      const have = got && { interleavings: got.interleavings, complete: got.complete, counts: Object.fromEntries(got.counts) };
      try {
        expect(have).toEqual(want);
      } catch {
        mismatches.push(`${name} --tasks ${tasks} --variant ${variant}: model ${JSON.stringify(want)}, lockdemo ${JSON.stringify(have)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
