// `--replay` of interleavings the reference found: for the fixtures where wake-ups and the
// lock's hand-off decide who may run, every outcome's first interleaving (as the reference's
// replay string, one letter per scheduling point, starts included) must be accepted by lockdemo
// and end in the same outcome.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from '../e2e/run-built.js';
import { enumerate, loadScenario } from './enumerator.js';
import { runEngineReplay } from './engine-json.js';

// issue 9 quotes "A A B B C C", refused by lockdemo at step 4. Under DESIGN.md's model, where a
// t.wait on a promise that has already settled is not a scheduling point, task_B finishes in
// one step there, so the model's interleavings are "A A B C C" (B finds the fetch settled) and
// "A B A B C C" (B waits for it, and is woken by A's second step).
test.each(['A A B C C', 'A B A B C C'])(
  'cache single-flight "%s" is an interleaving of the model, and lockdemo replays it',
  async (schedule) => {
    const cache = await loadScenario(join(ROOT, 'dist', 'scenarios', 'cache.js'));
    const model = await enumerate(cache, 'single-flight', { tasks: 3, keepReplays: true });
    expect(model.replays.has(schedule)).toBe(true);
    const replay = await runEngineReplay(['cache', '--variant', 'single-flight', '--replay', schedule]);
    expect(replay.stderr).toBe('');
    expect(replay.key).toBe('2');
  },
);

// Two outcomes per fixture: each replay is a process, and the exhaustive counts check the rest.
const FIXTURES = ['producer-consumer', 'wait-chain', 'locked-window'];

describe.concurrent.each(FIXTURES)('%s', (name) => {
  test('each outcome’s first interleaving replays to the same outcome', async ({ expect }) => {
    const path = join(ROOT, 'test', 'fixtures', 'model', `${name}.mjs`);
    const scenario = await loadScenario(path);
    const failures: string[] = [];
    for (const variant of Object.keys(scenario.variants)) {
      const model = await enumerate(scenario, variant);
      const replays = [...model.examples].slice(0, 2);
      const got = await Promise.all(replays.map(([, schedule]) => runEngineReplay([path, '--variant', variant, '--replay', schedule])));
      replays.forEach(([key, schedule], i) => {
        const { key: engineKey, stderr } = got[i]!;
        if (engineKey !== key)
          failures.push(`${name} --variant ${variant} --replay "${schedule}": model ${key}, lockdemo ${engineKey ?? stderr}`);
      });
    }
    expect(failures).toEqual([]);
  });
});
