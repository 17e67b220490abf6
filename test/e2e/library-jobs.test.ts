import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './run-built.js';
import type * as LibraryTypes from '../../src/index.js';

// The workers of `jobs` import the built trial worker, so this runs the built library.
const built = (path: string) => pathToFileURL(join(ROOT, 'dist', path)).href;
type Library = typeof LibraryTypes;
const library = async (): Promise<Library> => (await import(built('src/index.js'))) as Library;
const scenarioOf = async (name: string) =>
  ((await import(built(`scenarios/${name}.js`))) as { default: Parameters<Library['runScenario']>[0] }).default;

describe('runScenario with jobs: the workers run the scenario that was passed', () => {
  it('a moduleUrl of another module is refused, naming moduleUrl, before any trial counts', async () => {
    const { runScenario, RunOptionError } = await library();
    const counter = await scenarioOf('counter');
    const run = runScenario(counter, { jobs: 2, moduleUrl: built('scenarios/bank.js'), trials: 200, seed: 1 });
    await expect(run).rejects.toBeInstanceOf(RunOptionError);
    await expect(run).rejects.toThrow(
      `moduleUrl must be the module that exports this scenario ("counter"), but ${built('scenarios/bank.js')} is not: it exports scenario "bank"`,
    );
  });

  it('a module with the same name but other variants is refused too', async () => {
    const { defineScenario, runScenario } = await library();
    const counter = await scenarioOf('counter');
    const { variants, outcomes, ...rest } = counter;
    if (outcomes === 'serializable') throw new Error('counter declares its outcomes');
    const renamed = defineScenario({ ...rest, outcomes, variants: { only: Object.values(variants)[0]! } });
    await expect(runScenario(renamed, { jobs: 2, moduleUrl: built('scenarios/counter.js'), trials: 200, seed: 1 })).rejects.toThrow(
      /^moduleUrl must be the module that exports this scenario \("counter"\), but .* is not: its scenario "counter" has variants .*, not only$/,
    );
  });

  it('the right module runs, with the histogram of one job', async () => {
    const { runScenario } = await library();
    const counter = await scenarioOf('counter');
    const histogram = (r: Awaited<ReturnType<Library['runScenario']>>) => r.variants.map((v) => v.outcomes.map((o) => [o.value, o.count]));
    const [two, one] = await Promise.all([
      runScenario(counter, { jobs: 2, moduleUrl: built('scenarios/counter.js'), trials: 300, seed: 4 }),
      runScenario(counter, { trials: 300, seed: 4 }),
    ]);
    expect(histogram(two)).toEqual(histogram(one));
  });
});
