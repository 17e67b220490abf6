/**
 * A worker thread of `--jobs`: imports the scenario module by URL, then runs the chunks of
 * trials the pool asks for and sends back each chunk's tally.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { outcomesFor, RunOptionError } from './run-scenario.js';
import { Tally } from './tally.js';
import { runRange } from './trial-loop.js';
import { makePlan } from './trial-plan.js';
import { sourceFor } from './trial-sources.js';
import { isScenario, variantOf, type Scenario } from './scenario.js';
import { allowSelfImport, forceSelfImport } from './self-import.js';
import { describeThrown } from './describe-thrown.js';
import type { ChunkRequest, PoolInit } from './worker-pool.js';
import { installSeededRandom, randomKey, reseedOutsideTrials } from './trial-random.js';

const init = workerData as PoolInit;
if (parentPort === null) throw new Error('trial-worker.js runs in a worker thread only');
const port = parentPort;
// A thread of lockdemo's own: Math.random is seeded per trial here for good (trial-random.ts).
installSeededRandom();

/** The scenario, and what its `open` returned in this worker (each worker opens its own). */
async function load(): Promise<{ scenario: Scenario<unknown, unknown>; resource: unknown }> {
  // Always the hook here: a helper module elsewhere may import lockdemo, and a failed import
  // cannot be tried again in this thread (the CLI's workers start a fresh one instead).
  forceSelfImport();
  await allowSelfImport(init.moduleUrl);
  if (/\.m?ts$/i.test(init.moduleUrl)) await (await import('./typescript-loader.js')).allowTypeScript(init.moduleUrl);
  const module = (await import(init.moduleUrl)) as { default?: unknown };
  const scenario = module.default;
  checkSameScenario(scenario);
  reseedOutsideTrials();
  const resource = await scenario.open?.({ tasks: init.tasks, options: init.options });
  return { scenario, resource };
}

/**
 * The workers must run the scenario the caller passed: a moduleUrl of another module would
 * count another scenario's trials under this one's name. Checked before its `open` runs.
 */
function checkSameScenario(scenario: unknown): asserts scenario is Scenario<unknown, unknown> {
  const wanted = init.scenario;
  const mismatch = !isScenario(scenario)
    ? 'it does not default-export a scenario'
    : scenario.name !== wanted.name
      ? `it exports scenario "${scenario.name}"`
      : Object.keys(scenario.variants).join(',') !== wanted.variants.join(',')
        ? `its scenario "${scenario.name}" has variants ${Object.keys(scenario.variants).join(', ')}, not ${wanted.variants.join(', ')}`
        : undefined;
  if (mismatch === undefined) return;
  throw new RunOptionError(
    `moduleUrl must be the module that exports this scenario ("${wanted.name}"), but ${init.moduleUrl} is not: ${mismatch}`,
    { option: 'moduleUrl' },
  );
}

const loading = load();
// A module that fails to load is answered per request; it must not crash the worker.
loading.catch(() => {});

port.on('message', (request: ChunkRequest | { close: true }) => {
  void (async () => {
    if ('close' in request) {
      try {
        // A module that never loaded has nothing to close: its error went to the chunks' replies.
        const loaded = await loading.catch(() => undefined);
        // With or without an `open` (undefined then), as in a run.
        if (loaded !== undefined) await loaded.scenario.close?.(loaded.resource);
      } finally {
        port.postMessage({ closed: true });
      }
      return;
    }
    try {
      const { scenario, resource } = await loading;
      const params = { tasks: init.tasks, options: init.options };
      const variant = variantOf(scenario, request.variant);
      const tally = new Tally(outcomesFor(scenario, params), variant.races, init.captureTrial);
      const plan = makePlan(scenario, variant, params, 0, tally, resource, init.maxSteps, randomKey(init.seed, request.variant));
      const source = sourceFor(init.schedule, init.seed, request.variant, init.tasks, request.pct);
      await runRange(
        plan,
        init,
        request.variant,
        source,
        request.first,
        request.count,
        () => false,
        () => {},
      );
      // A task's strands ready at once: the chunk's figures are of their oldest-first order only.
      port.postMessage({ ok: tally.snapshot(), ...(source.strandOrdersUnexplored?.() === true ? { strands: true } : {}) });
    } catch (error) {
      port.postMessage({ error: describeThrown(error), ...(error instanceof RunOptionError ? { option: true } : {}) });
    }
  })();
});
