import { describe, expect, it } from 'vitest';
import { PickLog } from '../../src/core/engine-types.js';
import { InterleavingSample, MAX_REPLAYS } from '../../src/core/replay-sample.js';
import { checkScenario } from '../../src/core/check.js';
import { findMinimalRace } from '../../src/core/minimal-race.js';
import { replayTrial, runScenario } from '../../src/core/run-scenario.js';
import type { Scenario } from '../../src/core/scenario.js';
import { checkRaceFree } from '../../src/race-free.js';

/** A sample fed n interleavings, the i-th one picking task i (so each replay names its own). */
function sampleOf(n: number): InterleavingSample {
  const sample = new InterleavingSample();
  const picks = new PickLog();
  for (let i = 0; i < n; i++) {
    picks.clear();
    picks.push(i);
    sample.add(picks, i);
  }
  return sample;
}

const indices = (sample: InterleavingSample): number[] => sample.order().map((kept) => kept.index);

describe('the interleavings a search runs again', () => {
  it('a small search: each one 4 times, the first one first, each pass starting one further on', () => {
    expect(indices(sampleOf(1))).toEqual([0, 0, 0, 0]);
    expect(indices(sampleOf(3))).toEqual([0, 1, 2, 1, 2, 0, 2, 0, 1, 0, 1, 2]);
  });

  it('a large search: at most 64, the first always, spread evenly over the whole search, the same on every run', () => {
    const order = indices(sampleOf(10_000));
    expect(order.length).toBe(MAX_REPLAYS);
    expect(order[0]).toBe(0);
    const kept = [...new Set(order)].sort((a, b) => a - b);
    // Every 256th of 10,000: 0, 256, ..., 9,984 (40 of them), the first 24 again.
    expect(kept.length).toBe(40);
    expect(kept.every((index, i) => index === i * 256)).toBe(true);
    expect(kept.at(-1)).toBeGreaterThan(9_000);
    expect(indices(sampleOf(10_000))).toEqual(order);
  });

  it('keeps each interleaving’s picks and value, not the log the next trial reuses', () => {
    const [first] = sampleOf(5).order();
    expect(first).toEqual({ index: 0, picks: [0], value: 0 });
  });
});

describe('the library on a scenario whose trials share a warm cache', () => {
  // Each runScenario opens its own resource: the search's first trial is the only cold one.
  const load = async (): Promise<Scenario<unknown, unknown>> =>
    ((await import('../fixtures/replays/warm.mjs')) as { default: Scenario<unknown, unknown> }).default;

  it('runScenario reports the interleaving that changed; a replay of it from cold gives the recorded value', async () => {
    const scenario = await load();
    const variant = (await runScenario(scenario, { schedule: 'exhaustive' })).variants[0];
    expect(variant?.nondeterministic).toEqual({ schedule: 'A A B B', first: 1, then: 0 });
    expect(variant?.randomOdds).toBeUndefined();
    // Independent of the search's record: the same interleaving, traced in a run of its own.
    const traced = await replayTrial(scenario, { variant: 'v', schedule: [0, 0, 1, 1] });
    expect(traced.value).toBe(1);
  });

  it('runScenario fails the variant and the run, as checkScenario and toBeRaceFree do, with no extras', async () => {
    const scenario = await load();
    // Only allowed values among the search's counts: what fails it is that it decides nothing.
    const report = await runScenario(scenario, { schedule: 'exhaustive' });
    expect(report.variants[0]).toMatchObject({ verdict: 'fail', forbiddenCount: 0, finished: true });
    expect(report.verdict).toBe('fail');
    // The extras would re-run interleavings of a program that is not one program.
    const extended = await runScenario(scenario, { schedule: 'exhaustive', extendVariant: () => Promise.resolve({ extrasHung: true }) });
    expect(extended.variants[0]?.extrasHung).toBeUndefined();
  });

  it('checkScenario fails it and toBeRaceFree does not pass it', async () => {
    const scenario = await load();
    const [result] = await checkScenario(scenario);
    expect(result).toMatchObject({ status: 'fail', schedule: 'exhaustive', nondeterministic: { schedule: 'A A B B' } });
    const matched = await checkRaceFree(scenario);
    expect(matched.pass).toBe(false);
    expect(matched.message()).toContain('interleaving "A A B B" gave 1, then 0 when it ran again');
  });
});

describe('the smallest race of a scenario that is not deterministic', () => {
  it('claims no bound ("none with fewer") where each search opens a fresh resource and its first trial differs', async () => {
    const scenario = ((await import('../fixtures/replays/first-bonus.mjs')) as { default: Scenario<unknown, unknown> }).default;
    // The races are real: a replay of a racing interleaving from a fresh start loses an update.
    const raced = await replayTrial(scenario, { variant: 'v', schedule: [0, 1, 1, 0] });
    expect(raced.value).toBe(11);
    const minimal = await findMinimalRace(scenario, { variant: 'v', forbidden: false });
    // The finding itself, as the sample would give it: the variant fails with it (run-variants.ts).
    expect(minimal).toMatchObject({ found: false, nondeterministic: { schedule: expect.any(String) as unknown } });
  });
});
