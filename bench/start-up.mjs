#!/usr/bin/env node
/**
 * The start-up row of the bench (bench.mjs): the wall time of `lockdemo counter --trials 1000`
 * against `node -e 0`, each the median of runs alternated with the other's so that both see the
 * same noise from the rest of the machine. `node bench/start-up.mjs [--quick] [--json]` (after a
 * build) measures that row alone and prints it.
 *
 * The target (issue 10) is 2× `node -e 0`; the limit, which the row must never exceed, is
 * 2.5× `node -e 0` plus 10 ms. On Node.js 20 the target is out of reach for a run whose scenario
 * code is contained in a worker thread: Node.js's own boot (about 45 ms of the 50 ms of
 * `node -e 0`) and the worker's boot (about 25 ms) come before the first trial. The floor rows
 * measure that: the same 2,000 trials with nothing else around them, in a bare worker and
 * in-process (start-up-floor.mjs).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchTable } from './table.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = fileURLToPath(new URL('../bin/lockdemo.js', import.meta.url));
const floor = fileURLToPath(new URL('./start-up-floor.mjs', import.meta.url));

/** What the row aims at: at most 2× `node -e 0`. */
export const START_UP_TARGET = { op: '<=', ratio: 2 };

/** The most the row may be: 2.5× `node -e 0`, plus 10 ms. */
export const START_UP_LIMIT = { ratio: 2.5, plusMs: 10 };

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

/**
 * Median wall time of each command line, run alternately so that both see the same noise from
 * the rest of the machine; and the fastest run of each, the least disturbed.
 */
function wallMs(commands, reps) {
  const times = commands.map(() => []);
  for (let i = 0; i < reps; i++) {
    commands.forEach((args, k) => {
      const start = performance.now();
      execFileSync(process.execPath, args, { stdio: 'ignore', cwd: root });
      times[k].push(performance.now() - start);
    });
  }
  return { medians: times.map(median), minimums: times.map((t) => Math.min(...t)) };
}

/**
 * The bench's start-up rows: the CLI's, with its target and whether the target and the limit
 * are met; then, measured in the same alternation, the floors under it (start-up-floor.mjs):
 * the same trials with nothing else, in a bare worker and in the main thread. No target: they
 * show how much of the limit is left once Node.js has booted and the trials have run cold.
 */
export function startUpRows(reps) {
  const { medians, minimums } = wallMs(
    [
      ['-e', '0'],
      [bin, 'counter', '--trials', '1000', '--seed', '1'],
      [floor, 'worker'],
      [floor, 'in-process'],
    ],
    reps,
  );
  const [node, lockdemo, worker, inProcess] = medians;
  const limitMs = node * START_UP_LIMIT.ratio + START_UP_LIMIT.plusMs;
  const floorRow = (name, ms) => ({ name, value: ms, unit: 'ms', reference: node, referenceName: 'node -e 0', ratio: ms / node });
  const cli = {
    name: 'start-up: lockdemo counter --trials 1000',
    value: lockdemo,
    unit: 'ms',
    reference: node,
    referenceName: 'node -e 0',
    ratio: lockdemo / node,
    // The fastest runs are the least disturbed by the rest of a shared machine.
    ratioOfFastest: minimums[1] / minimums[0],
    target: START_UP_TARGET,
    limit: { ...START_UP_LIMIT, ms: limitMs, met: lockdemo <= limitMs },
  };
  return [
    cli,
    floorRow('floor: the same trials alone, in a worker', worker),
    floorRow('floor: the same trials alone, in-process', inProcess),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = startUpRows(process.argv.includes('--quick') ? 11 : 31);
  rows[0].met = rows[0].ratio <= rows[0].target.ratio;
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else process.stdout.write(`${benchTable(`node ${process.version}; ratio, then target`, rows).join('\n')}\n`);
}
