#!/usr/bin/env node
/**
 * lockdemo's benchmark: `npm run bench`; `npm run -s bench -- --json` (or `node bench/bench.mjs
 * --json` after a build) prints one JSON document and nothing else on stdout.
 *
 * Every figure is measured in this one run on this machine, as the median of several
 * repetitions, and compared with a reference measured alongside it, so the ratios hold on a
 * noisy shared machine where absolute numbers do not (the runner's rows also give the ratio by
 * CPU time, which does not depend on the share of a core the process was given; targets are
 * judged on wall time, as before):
 *
 *   - the runner against a hand-written minimal loop of the same trial (bench/hand-written.mjs);
 *   - for the counter, also against that loop made to wait for the microtask queue to drain
 *     before each pick, as lockdemo must (counterTrialDrained in bench/hand-written.mjs): a reference, not a
 *     target, that shows what the drain costs;
 *   - exhaustive exploration speed on the 4-task counter;
 *   - start-up of `lockdemo counter --trials 1000` against `node -e 0` (bench/start-up.mjs), and
 *     the floors under it: the same trials alone, in a bare worker and in-process
 *     (bench/start-up-floor.mjs);
 *   - the counter against the original program under CPython's asyncio, when python3 exists;
 *   - the counter against fast-check's `fc.scheduler` on the same trial (bench/fast-check-peer.mjs),
 *     whose histogram must draw the same 1/3, 1/2, 1/6, and the hand-written loop against it
 *     (the most any runner of this model could reach);
 *   - RSS growth between 1e5 and 1e7 trials;
 *   - `--jobs 2` against `--jobs 1` on 1e7 trials.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { clearInterval, setInterval } from 'node:timers';
import { availableParallelism, cpus } from 'node:os';
import { cacheTrial, counterTrial, counterTrialDrained, loop } from './hand-written.mjs';
import { fastCheckCounter, matchesExpected } from './fast-check-peer.mjs';
import { startUpRows } from './start-up.mjs';
import { benchTable } from './table.mjs';

const { runScenario } = await import(new URL('../dist/src/index.js', import.meta.url).href);
const counterUrl = new URL('../dist/scenarios/counter.js', import.meta.url).href;
const counter = (await import(counterUrl)).default;
const cache = (await import(new URL('../dist/scenarios/cache.js', import.meta.url).href)).default;

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const REPS = quick ? 3 : 5;
const log = (line) => {
  if (!json) process.stderr.write(`${line}\n`);
};

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

async function timed(fn) {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

/**
 * Wall and CPU seconds of `fn` (this process's user + system time). On a shared machine the
 * wall time also measures how much of a core the process was given; the CPU time does not.
 */
async function timedBoth(fn) {
  const start = performance.now();
  const cpu = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - start) / 1000, cpu: (used.user + used.system) / 1e6 };
}

/**
 * Trials per second of the runner and of the hand-written loop, alternating to share noise;
 * with `drained`, also of the hand-written loop that waits for the drain before each pick.
 */
async function versusHandWritten(scenario, trial, variant, trials, drained) {
  const runner = [];
  const hand = [];
  const handDrained = [];
  const locked = variant === 'locked';
  // Warm all up: the JIT should see the code before the clock does.
  await runScenario(scenario, { trials: trials / 10, seed: 1, variants: [variant] });
  await loop(trial, trials / 10, 3, locked);
  if (drained) await loop(drained, trials / 10, 3, locked);
  const cpu = { runner: [], hand: [], handDrained: [] };
  const measure = async (into, intoCpu, fn) => {
    const t = await timedBoth(fn);
    into.push(trials / t.wall);
    intoCpu.push(trials / t.cpu);
  };
  for (let rep = 0; rep < REPS; rep++) {
    await measure(runner, cpu.runner, () => runScenario(scenario, { trials, seed: rep + 1, variants: [variant] }));
    await measure(hand, cpu.hand, () => loop(trial, trials, 3, locked, rep + 1));
    if (drained) await measure(handDrained, cpu.handDrained, () => loop(drained, trials, 3, locked, rep + 1));
  }
  return {
    runner: median(runner),
    hand: median(hand),
    handDrained: drained ? median(handDrained) : undefined,
    cpu: { runner: median(cpu.runner), hand: median(cpu.hand), handDrained: drained ? median(cpu.handDrained) : undefined },
  };
}

const PYTHON_COUNTER = `
import asyncio, sys, time

async def trial():
    counter = 0
    async def increment():
        nonlocal counter
        current = counter
        await asyncio.sleep(0)
        counter = current + 1
    await asyncio.gather(increment(), increment(), increment())
    return counter

async def main(n):
    for _ in range(n):
        await trial()

n = int(sys.argv[1])
start = time.perf_counter()
asyncio.run(main(n))
print(n / (time.perf_counter() - start))
`;

function asyncioTrialsPerSecond(trials) {
  const rates = [];
  for (let rep = 0; rep < 3; rep++) {
    const run = spawnSync('python3', ['-c', PYTHON_COUNTER, String(trials)], { encoding: 'utf8' });
    if (run.error || run.status !== 0) return undefined;
    rates.push(Number(run.stdout.trim()));
  }
  return median(rates);
}

/** Max RSS of a fresh process that runs `trials` trials of the unlocked counter. */
function maxRssMb(trials) {
  const script = `
    const { runScenario } = await import(${JSON.stringify(new URL('../dist/src/index.js', import.meta.url).href)});
    const counter = (await import(${JSON.stringify(counterUrl)})).default;
    await runScenario(counter, { trials: ${trials}, seed: 1, variants: ['unlocked'] });
    console.log(process.resourceUsage().maxRSS / 1024);`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim());
}

/**
 * Max RSS of the CLI running `trials` trials of the unlocked counter: its peak resident size
 * (VmHWM, which only grows) read from /proc while it runs. Undefined where there is no /proc.
 */
function cliMaxRssMb(trials) {
  const bin = new URL('../bin/lockdemo.js', import.meta.url).pathname;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'counter', '--variant', 'unlocked', '--trials', String(trials), '--seed', '1'], {
      stdio: 'ignore',
    });
    let peak;
    const poll = setInterval(() => {
      try {
        const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
        if (kb > 0) peak = Math.max(peak ?? 0, kb / 1024);
      } catch {
        // Gone, or no /proc: the last reading stands.
      }
    }, 20);
    child.on('exit', () => {
      clearInterval(poll);
      resolve(peak);
    });
  });
}

const rows = [];
const row = (r) => {
  rows.push(r);
  log(`  measured ${r.name}`);
};

log(
  `lockdemo benchmark: node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown cpu'}), median of ${REPS}`,
);

const drainedRows = [];
for (const [name, scenario, trial, drained] of [
  ['counter', counter, counterTrial, counterTrialDrained],
  ['cache', cache, cacheTrial, undefined],
]) {
  for (const variant of ['unlocked', 'locked']) {
    const { runner, hand, handDrained, cpu } = await versusHandWritten(scenario, trial, variant, quick ? 100_000 : 400_000, drained);
    row({
      name: `${name} ${variant}, random, 3 tasks`,
      value: runner,
      unit: 'trials/s',
      reference: hand,
      referenceName: 'hand-written loop',
      ratio: runner / hand,
      // The same runs timed by CPU time: what the code costs, whatever share of a core it got.
      ratioCpu: cpu.runner / cpu.hand,
      target: name === 'counter' ? { op: '>=', ratio: 0.6 } : undefined,
    });
    // Not a target: the hand-written loop made sound as lockdemo must be (a drain before
    // every pick, counterTrialDrained in bench/hand-written.mjs), to show what the drain alone costs.
    if (handDrained !== undefined) {
      drainedRows.push({
        name: `${name} ${variant}, vs a loop that drains`,
        value: runner,
        unit: 'trials/s',
        reference: handDrained,
        referenceName: 'hand-written + drain',
        ratio: runner / handDrained,
        ratioCpu: cpu.runner / cpu.handDrained,
      });
    }
  }
}
for (const r of drainedRows) row(r);

{
  const rates = [];
  for (let rep = 0; rep < REPS; rep++) {
    let explored = 0;
    const seconds = await timed(async () => {
      while (explored < (quick ? 20_000 : 100_000)) {
        const report = await runScenario(counter, { schedule: 'exhaustive', tasks: 4 });
        explored += report.variants.reduce((sum, v) => sum + v.interleavings, 0);
      }
    });
    rates.push(explored / seconds);
  }
  row({ name: 'exhaustive, 4-task counter', value: median(rates), unit: 'interleavings/s' });
}

// Its own module (bench/start-up.mjs), which also measures it alone: target 2×, limit 2.5× + 10 ms;
// then the floors under it, measured in the same alternation (bench/start-up-floor.mjs).
for (const r of startUpRows(quick ? 11 : 31)) row(r);

{
  const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  const counterRate = rows[0].value;
  const asyncio = python.status === 0 ? asyncioTrialsPerSecond(quick ? 5_000 : 20_000) : undefined;
  if (asyncio === undefined) {
    row({ name: 'vs CPython asyncio (counter)', skipped: 'python3 is not available on this machine' });
  } else {
    row({
      name: `vs ${python.stdout.trim() || python.stderr.trim()} asyncio (counter)`,
      value: counterRate,
      unit: 'trials/s',
      reference: asyncio,
      referenceName: 'asyncio.gather loop',
      ratio: counterRate / asyncio,
      target: { op: '>=', ratio: 20 },
    });
  }
}

{
  // The peer, measured in this run: the same 3-task counter under fast-check's scheduler.
  const trials = quick ? 5_000 : 20_000;
  // Warm up as long as one measured repetition: fc.scheduler's rate climbs several-fold as the
  // JIT warms, and the runner was warmed too.
  await fastCheckCounter(trials);
  const peers = [];
  let last;
  for (let rep = 0; rep < 3; rep++) {
    last = await fastCheckCounter(trials, rep + 1);
    peers.push(last.rate);
  }
  const { chi2, ok } = matchesExpected(last.counts, trials);
  const counterRate = rows[0].value;
  row({
    name: 'vs fast-check fc.scheduler (counter)',
    value: counterRate,
    unit: 'trials/s',
    reference: median(peers),
    referenceName: 'fc.scheduler',
    ratio: counterRate / median(peers),
    target: { op: '>=', ratio: 20 },
    distribution: {
      counts: Object.fromEntries([...last.counts].sort((a, b) => a[0] - b[0])),
      expected: { 1: 1 / 3, 2: 1 / 2, 3: 1 / 6 },
      chiSquare: Number(chi2.toFixed(2)),
      matches: ok,
    },
  });
  // Not a target: the ceiling of the row above. The runner can be faster than fc.scheduler by
  // at most as much as the hand-written loop (no harness, no drain) is.
  row({
    name: 'hand-written loop vs fc.scheduler',
    value: rows[0].reference,
    unit: 'trials/s',
    reference: median(peers),
    referenceName: 'fc.scheduler',
    ratio: rows[0].reference / median(peers),
  });
}

{
  // The CLI, what a user runs: its worker's young generation is bounded (host-worker.ts).
  const many = quick ? '2e6' : '1e7';
  const small = await cliMaxRssMb(1e5);
  const large = small === undefined ? undefined : await cliMaxRssMb(Number(many));
  if (small === undefined || large === undefined) {
    row({ name: `memory: CLI max RSS, 1e5 → ${many} trials`, skipped: 'no /proc to read its peak from' });
  } else {
    row({
      name: `memory: CLI max RSS, 1e5 → ${many} trials`,
      value: large - small,
      unit: 'MB growth',
      detail: `${small.toFixed(1)} → ${large.toFixed(1)} MB`,
      target: { op: '<', absolute: 20 },
    });
  }
  // Not a target: runScenario in the caller's process, whose heap V8 sizes by the caller's flags.
  const inProcessSmall = maxRssMb(1e5);
  const inProcessLarge = maxRssMb(quick ? 2e6 : 1e7);
  row({
    name: `memory: library max RSS, 1e5 → ${many} trials`,
    value: inProcessLarge - inProcessSmall,
    unit: 'MB growth',
    detail: `${inProcessSmall.toFixed(1)} → ${inProcessLarge.toFixed(1)} MB`,
  });
}

{
  const trials = quick ? 2e6 : 1e7;
  const rate = async (jobs) =>
    trials / (await timed(() => runScenario(counter, { trials, seed: 1, variants: ['unlocked'], jobs, moduleUrl: counterUrl })));
  const one = await rate(1);
  const two = await rate(2);
  row({
    name: `--jobs 2 vs --jobs 1, ${quick ? '2e6' : '1e7'} trials`,
    value: two,
    unit: 'trials/s',
    reference: one,
    referenceName: '--jobs 1',
    ratio: two / one,
    target: { op: '>=', ratio: 1.7 },
  });
}

for (const r of rows) {
  if (r.target === undefined) continue;
  const t = r.target;
  const x = t.absolute !== undefined ? r.value : r.ratio;
  const bound = t.absolute ?? t.ratio;
  r.met = t.op === '>=' ? x >= bound : t.op === '<=' ? x <= bound : x < bound;
  // A peer that does not draw the same distribution is not the same trial: no ratio counts.
  if (r.distribution !== undefined && !r.distribution.matches) r.met = false;
}

if (json) {
  process.stdout.write(`${JSON.stringify({ node: process.version, cores: availableParallelism(), repetitions: REPS, rows }, null, 2)}\n`);
} else {
  const heading = `node ${process.version}, ${availableParallelism()} cores, median of ${REPS}; ratio, then target`;
  process.stdout.write(`${benchTable(heading, rows).join('\n')}\n`);
}
