// The model fixtures (test/fixtures/model) under lockdemo's exhaustive and random schedules,
// against the reference enumerator: exhaustive must give the model's interleaving total and
// every outcome's count exactly; random's histogram must fit the model's probabilities.
//
// Random: a chi-square goodness-of-fit test at a fixed seed and 20,000 trials per variant
// (bins with an expected count below 5 pooled). It fails when p < 1e-6, or when any outcome the
// model gives probability 0 shows up. With a correct engine a given seed fails with probability
// below 1e-6 per variant (and, the seed being fixed, the result is deterministic anyway); an
// engine whose pick is off by 1/4 on any outcome has p far below 1e-30 at this sample size.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { lockdemo, ROOT } from '../e2e/run-built.js';
import { chiSquare } from './chi-square.js';
import { enumerate, loadScenario, type Enumeration } from './enumerator.js';
import { runEngineJson, variantsOf } from './engine-json.js';
import type { RefScenario } from './ref-trial.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'model');
const SEED = '20261125';
const TRIALS = 20_000;
const ALPHA = 1e-6;

const fixtures: Array<{ file: string; path: string; scenario: RefScenario; models: Map<string, Enumeration> }> = [];
for (const file of readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.mjs'))
  .sort()) {
  const path = join(FIXTURES, file);
  const scenario = await loadScenario(path);
  const models = new Map<string, Enumeration>();
  for (const variant of Object.keys(scenario.variants)) models.set(variant, await enumerate(scenario, variant));
  fixtures.push({ file, path, scenario, models });
}

test('there are at least eight model fixtures, each complete under the reference', () => {
  expect(fixtures.length).toBeGreaterThanOrEqual(8);
  for (const { models } of fixtures) for (const model of models.values()) expect(model.complete).toBe(true);
});

describe.concurrent.each(fixtures.map((f) => [f.file, f] as const))('%s', (file, { path, models }) => {
  test('exhaustive gives the model’s counts', async ({ expect }) => {
    const engine = variantsOf(await runEngineJson([path, '--schedule', 'exhaustive']), file);
    for (const [variant, model] of models) {
      const got = engine.get(variant);
      expect
        .soft(
          got && { interleavings: got.interleavings, complete: got.complete, counts: Object.fromEntries(got.counts) },
          `${file} ${variant}`,
        )
        .toEqual({
          interleavings: model.interleavings,
          complete: true,
          counts: Object.fromEntries(model.counts),
        });
    }
  });

  test(`random fits the model’s distribution (seed ${SEED}, ${TRIALS} trials, p ≥ ${ALPHA})`, async ({ expect }) => {
    const engine = variantsOf(await runEngineJson([path, '--schedule', 'random', '--seed', SEED, '--trials', String(TRIALS)]), file);
    for (const [variant, model] of models) {
      const got = engine.get(variant);
      expect.soft(got?.trials, `${file} ${variant} trials`).toBe(TRIALS);
      const fit = chiSquare(got?.counts ?? new Map<string, number>(), model.probabilities);
      expect.soft(fit.impossible, `${file} ${variant}: outcomes the model never reaches`).toEqual([]);
      expect
        .soft(
          fit.pValue,
          `${file} ${variant}: chi-square ${fit.statistic.toFixed(1)} on ${fit.df} df; model ${show(model.probabilities)}, lockdemo ${show(got?.counts)}`,
        )
        .toBeGreaterThanOrEqual(ALPHA);
    }
  });
});

test('producer-consumer: exhaustive reaches seen=1, so the forbidden outcome fails the run and check', async () => {
  const path = join(FIXTURES, 'producer-consumer.mjs');
  const [run, check] = await Promise.all([runEngineJson([path, '--schedule', 'exhaustive']), lockdemo(['check', path])]);
  expect(variantsOf(run, 'producer-consumer').get('v')?.counts.get('1')).toBe(2);
  expect(run.code).toBe(1);
  expect(check.stdout).toMatch(/^FAIL {2}producer-consumer › v/m);
  expect(check.code).toBe(1);
});

test('false-proof-tick: a signal sent from a nextTick callback is seen before the next pick, so check fails the forbidden "b1 a1 b2 a2" and its replay is accepted', async () => {
  const path = join(FIXTURES, 'false-proof-tick.mjs');
  const [check, replay] = await Promise.all([
    lockdemo(['check', path]),
    lockdemo([path, '--variant', 'imported', '--replay', 'B A B A', '--json']),
  ]);
  expect(check.stdout).toMatch(/^FAIL {2}false-proof-tick › imported/m);
  expect(check.stdout).toMatch(/^FAIL {2}false-proof-tick › counted/m);
  expect(check.code).toBe(1);
  expect(JSON.parse(replay.stdout)).toMatchObject({ value: 'b1 a1 b2 a2', grade: 'forbidden' });
});

function show(counts: Map<string, number> | undefined): string {
  return JSON.stringify(Object.fromEntries([...(counts ?? new Map<string, number>())].map(([k, v]) => [k, Number(v.toPrecision(4))])));
}
