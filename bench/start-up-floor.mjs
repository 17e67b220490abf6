#!/usr/bin/env node
/**
 * The floor under the start-up row (start-up.mjs): the same 2,000 trials as `lockdemo counter
 * --trials 1000` (the counter, both variants, seed 1), run with nothing else. No command line,
 * no output, no extras, no supervision: only Node.js's boot, lockdemo's engine loading, the
 * trials themselves run cold, and the exit.
 *
 *   node bench/start-up-floor.mjs worker      in a worker thread, where the CLI runs scenario code
 *   node bench/start-up-floor.mjs in-process  in the main thread, as no containment could
 *
 * The bench times these beside `node -e 0` and the CLI, so the start-up row can be read
 * against what any contained design would pay on this machine.
 */
import { isMainThread, parentPort, Worker } from 'node:worker_threads';

async function trials() {
  const [{ runScenario }, counter] = await Promise.all([
    import(new URL('../dist/src/index.js', import.meta.url).href),
    import(new URL('../dist/scenarios/counter.js', import.meta.url).href),
  ]);
  await runScenario(counter.default, { trials: 1000, seed: 1 });
}

if (!isMainThread) {
  await trials();
  parentPort?.postMessage('done');
} else if (process.argv[2] === 'worker') {
  const worker = new Worker(new URL(import.meta.url), { stdout: false, stderr: false });
  worker.once('message', () => process.exit(0));
  worker.once('error', (error) => {
    process.stderr.write(`${error}\n`);
    process.exit(1);
  });
} else if (process.argv[2] === 'in-process') {
  await trials();
  process.exit(0);
} else {
  process.stderr.write('usage: node bench/start-up-floor.mjs worker|in-process\n');
  process.exit(2);
}
