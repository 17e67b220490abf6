/**
 * A worker thread of `--jobs`: imports the scenario module by URL, then runs the chunks of
 * trials the pool asks for and sends back each chunk's tally.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { outcomesFor } from './run-scenario.js';
import { Tally } from './tally.js';
import { makePlan, runRange, sourceFor } from './trial-loop.js';
import { isScenario, type Scenario } from './scenario.js';
import { allowSelfImport } from './self-import.js';
import type { ChunkRequest, PoolInit } from './worker-pool.js';

const init = workerData as PoolInit;
const port = parentPort!;

async function load(): Promise<Scenario<any>> {
  await allowSelfImport();
  if (/\.m?ts$/i.test(init.moduleUrl)) await (await import('./typescript-loader.js')).allowTypeScript(init.moduleUrl);
  const module = (await import(init.moduleUrl)) as { default?: unknown };
  if (!isScenario(module.default)) throw new Error(`${init.moduleUrl} does not default-export a scenario`);
  return module.default;
}

const loading = load();

port.on('message', (request: ChunkRequest) => {
  void (async () => {
    try {
      const scenario = await loading;
      const params = { tasks: init.tasks, options: init.options };
      const variant = scenario.variants[request.variant]!;
      const tally = new Tally(outcomesFor(scenario, params), variant.races, init.captureTrial);
      const plan = makePlan(scenario, variant, params, 0, tally, undefined, init.maxSteps);
      const source = sourceFor(init.schedule, init.seed, request.variant, init.tasks, request.pct);
      await runRange(plan, init, request.variant, source, request.first, request.count, () => false, () => {});
      port.postMessage({ ok: tally.snapshot() });
    } catch (error) {
      port.postMessage({ error: error instanceof Error ? error.message : String(error) });
    }
  })();
});
