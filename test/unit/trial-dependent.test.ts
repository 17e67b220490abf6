import { describe, expect, it } from 'vitest';
import { ablateVariant, everyLockUnneeded } from '../../src/core/ablate.js';
import { checkScenario } from '../../src/core/check.js';
import { checkRaceFree } from '../../src/race-free.js';
import { findMinimalRace } from '../../src/core/minimal-race.js';
import { replayTrial, runScenario } from '../../src/core/run-scenario.js';
import { defineScenario, type Scenario, type TaskContext, type TrialParams } from '../../src/core/scenario.js';
import { countInterleavings } from '../../src/core/variant-extras.js';
import counter from '../../scenarios/counter.js';
import dependent from '../fixtures/trial-dependent.mjs';
import trialOdds from '../fixtures/trial-odds.mjs';
import randomRace from '../fixtures/random-race.mjs';

// Every exhaustive interleaving runs as trial 1: what it proves is trial 1's program. The
// fixture's odd trials skip the lock (see its comment), so trial 1's program never races and
// trial 2's does: nothing about trial 1 may be said of every trial.
describe('a setup that reads its trial index', () => {
  it('makes exhaustive say that it searched trial 1 only; a setup that does not read it, nothing', async () => {
    const report = await runScenario(dependent, { schedule: 'exhaustive' });
    expect(report.variants[0]).toMatchObject({ complete: true, raceCount: 0, setupReadsTrial: true });
    const plain = await runScenario(counter, { schedule: 'exhaustive' });
    for (const v of plain.variants) expect(v).not.toHaveProperty('setupReadsTrial');
  });

  it('is not a proof for check, which samples real trials instead and finds the lost update', async () => {
    const [result] = await checkScenario(dependent);
    expect(result).toMatchObject({ schedule: 'random', status: 'fail' });
    expect(result!.forbiddenCount).toBeGreaterThan(0);
    const [proven] = await checkScenario(counter, { variants: ['locked'] });
    expect(proven).toMatchObject({ schedule: 'exhaustive', status: 'pass' });
  });

  it("gives no interleaving total, and a smallest race that says it searched trial 1's program", async () => {
    expect(await countInterleavings(dependent, 'v', {})).toBeUndefined();
    expect(await countInterleavings(counter, 'unlocked', {})).toBe(90);
    const minimal = await findMinimalRace(dependent, { variant: 'v', forbidden: true });
    expect(minimal).toMatchObject({ found: false, reason: 'not-reproduced', setupReadsTrial: true });
  });

  it('never fails a check on locks found unneeded in trial 1 alone', async () => {
    // Trial 1's tasks write without yielding, so its lock is unneeded there; later trials yield
    // between the read and the write, where the lock is what keeps the update.
    const yieldsLater = defineScenario({
      name: 'yields-later',
      summary: 'trial 1 never yields inside the lock',
      tasks: 2,
      setup: ({ trial }) => ({ value: 0, yields: trial > 0 }),
      variants: {
        v: {
          races: 'forbidden',
          run: async (s, t) =>
            t.lock.run(async () => {
              const current = s.value;
              if (s.yields) await t.yield();
              s.value = current + 1;
            }),
        },
      },
      observe: (s) => s.value,
      outcomes: [{ value: 2, grade: 'correct', description: 'both increments kept' }],
    });
    const ablation = await ablateVariant(yieldsLater, { variant: 'v' });
    expect(ablation.locks).toEqual([expect.objectContaining({ lock: 't.lock', necessary: false, setupReadsTrial: true })]);
    expect(everyLockUnneeded([ablation])).toBe(false);
  });

  it("gives no random odds, which would be trial 1's, not a random trial's", async () => {
    // Trial 1's program races in 4 of its 6 interleavings, with odds 1/2 under random; odd
    // trials take the lock, so random trials race about half as often.
    const exhaustive = (await runScenario(trialOdds, { schedule: 'exhaustive' })).variants[0]!;
    expect(exhaustive).toMatchObject({ complete: true, raceCount: 4, trials: 6, setupReadsTrial: true });
    const sampled = (await runScenario(trialOdds, { schedule: 'random', trials: 4000, seed: 1 })).variants[0]!;
    expect(sampled.interval95[1]).toBeLessThan(0.5);
    expect(exhaustive.randomOdds).toBeUndefined();
    // A setup that does not read its index keeps them.
    const plain = await runScenario(counter, { schedule: 'exhaustive', variants: ['unlocked'] });
    expect(plain.variants[0]!.randomOdds?.race).toBeGreaterThan(0);
  });

  it('notices a read through the parameters object setup kept from an earlier search', async () => {
    // setup keeps the object of its first call (under the first variant's search) and reads the
    // index from it ever after: in a run of its own, the second variant's odd trials skip the lock.
    const kept = (): Scenario<{ value: number; locked: boolean }> => {
      let saved: TrialParams | undefined;
      const increment = async (s: { value: number }, t: TaskContext): Promise<void> => {
        const current = s.value;
        await t.yield();
        s.value = current + 1;
      };
      return defineScenario({
        name: 'kept',
        summary: 'setup reads the index of the parameters it kept',
        tasks: 2,
        setup: (params) => {
          saved ??= params;
          return { value: 0, locked: saved.trial % 2 === 0 };
        },
        variants: {
          first: { races: 'forbidden', run: (s, t) => t.lock.run(() => increment(s, t)) },
          second: { races: 'forbidden', run: (s, t) => (s.locked ? t.lock.run(() => increment(s, t)) : increment(s, t)) },
        },
        observe: (s) => s.value,
        outcomes: [
          { value: 2, grade: 'correct', description: 'both increments kept' },
          { value: 1, grade: 'race', description: 'an update lost' },
        ],
      });
    };
    // In a run of its own, a trial whose setup first saw an odd index skips the lock and loses an
    // update. (Not a random run: which index the kept object shows depends on how the trials were
    // batched, which is the machine's speed; a random run saw no race under load.)
    const alone = await replayTrial(kept(), { variant: 'second', schedule: 'A B A B', trial: 1 });
    expect(alone.value).toBe(1);
    const report = await runScenario(kept(), { schedule: 'exhaustive' });
    expect(report.variants.map((v) => [v.name, v.setupReadsTrial])).toEqual([
      ['first', true],
      ['second', true],
    ]);
    const checked = await checkScenario(kept());
    expect(checked.map((r) => r.schedule)).toEqual(['random', 'random']);
  });
});

// Math.random is seeded per trial, and every exhaustive interleaving runs as trial 1 with trial
// 1's numbers: the search covers one draw of them. The fixture's tasks yield between their read
// and write one time in ten, so trial 1's numbers never race and others do.
describe('a program that draws from Math.random', () => {
  it("makes exhaustive say that it searched trial 1's numbers only, with no odds of a random trial", async () => {
    const report = await runScenario(randomRace, { schedule: 'exhaustive' });
    const v = report.variants[0];
    expect(v).toMatchObject({ complete: true, raceCount: 0, drewRandom: true });
    expect(v).not.toHaveProperty('randomOdds');
    const plain = await runScenario(counter, { schedule: 'exhaustive' });
    for (const p of plain.variants) expect(p).not.toHaveProperty('drewRandom');
  });

  it('is not a proof for check, which samples real trials instead and finds the lost update (it passed, proven)', async () => {
    const [result] = await checkScenario(randomRace);
    expect(result).toMatchObject({ schedule: 'random', status: 'fail' });
    expect(result!.forbiddenCount).toBeGreaterThan(0);
    // toBeRaceFree too: it passed on the search alone.
    const matched = await checkRaceFree(randomRace);
    expect(matched.pass).toBe(false);
    expect(matched.message()).toMatch(/an increment lost/);
  });

  it('gives no interleaving total, and a smallest race searched with its own numbers only', async () => {
    expect(await countInterleavings(randomRace, 'v', {})).toBeUndefined();
    const minimal = await findMinimalRace(randomRace, { variant: 'v', forbidden: true });
    expect(minimal).toMatchObject({ found: false, drewRandom: true });
  });
});
