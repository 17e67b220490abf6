/**
 * A search whose interleavings were cut at maxSteps is no proof (DESIGN "Honest verdicts and
 * words"): the fixture's forbidden "late" lies past --max-steps 6, and a longer search reaches
 * it. So the short search may pass, but nothing may call it complete: not the report, not
 * check, not the matcher's `proof`, not --ablate.
 */
import { describe, expect, it } from 'vitest';
import '../../src/vitest.js';
import { toBeRaceFree } from '../../src/vitest.js';
import { ablateVariant, everyLockUnneeded } from '../../src/core/ablate.js';
import { checkScenario } from '../../src/core/check.js';
import { findMinimalRace } from '../../src/core/minimal-race.js';
import { runScenario } from '../../src/core/run-scenario.js';
import stepBound from '../fixtures/step-bound.mjs';
import counter from '../../scenarios/counter.js';

const count = (v: { outcomes: Array<{ value: unknown; count: number }> }, value: string): number =>
  v.outcomes.find((o) => String(o.value).startsWith(value))?.count ?? 0;

describe('a search cut at maxSteps', () => {
  it('is the only thing that hides the bug: a longer bound reaches the forbidden value', async () => {
    const short = (await runScenario(stepBound, { schedule: 'exhaustive', variants: ['polls'], maxSteps: 6 })).variants[0]!;
    expect(short.verdict).toBe('pass');
    expect(count(short, 'late')).toBe(0);
    const longer = (await runScenario(stepBound, { schedule: 'exhaustive', variants: ['polls'], maxSteps: 12 })).variants[0]!;
    expect(longer.verdict).toBe('fail');
    expect(count(longer, 'late')).toBeGreaterThan(0);
  });

  it('is reported as run to its end but not complete, with the interleavings cut at the bound', async () => {
    const v = (await runScenario(stepBound, { schedule: 'exhaustive', variants: ['polls'], maxSteps: 6 })).variants[0]!;
    const cut = count(v, 'step-limit');
    expect(cut).toBeGreaterThan(0);
    expect(v).toMatchObject({ finished: true, complete: false, maxStepsCut: cut, interleavings: v.trials });
    // A search in which no interleaving reached the bound is complete, and says nothing of it.
    const plain = (await runScenario(counter, { schedule: 'exhaustive', variants: ['unlocked'], maxSteps: 6 })).variants[0]!;
    expect(plain.complete).toBe(true);
    expect(plain).not.toHaveProperty('maxStepsCut');
  });

  it('is no proof for check: it passes on what it explored and names the bound', async () => {
    const [result] = await checkScenario(stepBound, { variants: ['polls'], maxSteps: 6 });
    expect(result).toMatchObject({ status: 'pass', schedule: 'exhaustive', complete: false });
    expect(result!.maxStepsCut).toEqual({ interleavings: result!.explored - 1, maxSteps: 6 });
    const [failed] = await checkScenario(stepBound, { variants: ['polls'], maxSteps: 12 });
    expect(failed).toMatchObject({ status: 'fail' });
  });

  it('fails toBeRaceFree({ proof: true }), and .not says how far it searched', async () => {
    const proof = await toBeRaceFree(stepBound, { variants: ['polls'], maxSteps: 6, proof: true });
    expect(proof.pass).toBe(false);
    expect(proof.message()).toMatch(
      /polls was not explored completely \(every interleaving explored up to 6 steps \(maxSteps\), \d+ cut there/,
    );
    expect(proof.message()).toContain('raise maxSteps');
    const sample = await toBeRaceFree(stepBound, { variants: ['polls'], maxSteps: 6 });
    expect(sample.pass).toBe(true);
    expect(sample.message()).not.toContain('every one explored');
    expect(sample.message()).toContain('up to 6 steps');
  });

  it('keeps --ablate from calling a lock unneeded past the bound', async () => {
    const ablation = await ablateVariant(stepBound, { variant: 'locked', maxSteps: 6 });
    expect(ablation.locks).toEqual([expect.objectContaining({ lock: 't.lock', necessary: false, maxStepsCut: true })]);
    expect(everyLockUnneeded([ablation])).toBe(false);
  });

  it('bounds the smallest race the same way: "none with fewer" holds up to the bound', async () => {
    const minimal = await findMinimalRace(stepBound, { variant: 'polls', forbidden: true, maxSteps: 12 });
    expect(minimal).toMatchObject({ found: true, maxStepsCut: true });
  });
});
