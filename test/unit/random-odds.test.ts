import { describe, expect, it } from 'vitest';
import counter from '../../scenarios/counter.js';
import { runScenario } from '../../src/index.js';

/**
 * An independent reference: the counter's exact outcome distribution under uniform random
 * choice, by recursion over states. Each task takes two steps (start and read, then write);
 * at every step each unfinished task is equally likely to go next.
 */
function counterOdds(tasks: number): Map<number, number> {
  const odds = new Map<number, number>();
  const walk = (phase: number[], local: number[], value: number, p: number): void => {
    const ready = phase.flatMap((ph, i) => (ph < 2 ? [i] : []));
    if (ready.length === 0) {
      odds.set(value, (odds.get(value) ?? 0) + p);
      return;
    }
    for (const i of ready) {
      const nextPhase = [...phase];
      const nextLocal = [...local];
      let nextValue = value;
      if (phase[i] === 0) nextLocal[i] = value;
      else nextValue = local[i]! + 1;
      nextPhase[i] = phase[i]! + 1;
      walk(nextPhase, nextLocal, nextValue, p / ready.length);
    }
  };
  walk(Array<number>(tasks).fill(0), Array<number>(tasks).fill(0), 0, 1);
  return odds;
}

describe('exact random odds from the exhaustive search', () => {
  it.each([2, 3, 4])('match an independent recursion for the %i-task counter', async (tasks) => {
    const report = await runScenario(counter, { schedule: 'exhaustive', variants: ['unlocked'], tasks });
    const odds = report.variants[0]!.randomOdds!;
    const reference = counterOdds(tasks);
    expect(odds.outcomes.map((o) => o.value).sort()).toEqual([...reference.keys()].sort());
    for (const { value, probability } of odds.outcomes) expect(probability).toBeCloseTo(reference.get(Number(value))!, 12);
    expect(odds.race).toBeCloseTo(1 - reference.get(tasks)!, 12);
  });

  it('gives the README odds for 3 tasks (1/3, 1/2, 1/6), though 84 of 90 interleavings race', async () => {
    const report = await runScenario(counter, { schedule: 'exhaustive', variants: ['unlocked'] });
    const v = report.variants[0]!;
    expect([v.raceCount, v.trials]).toEqual([84, 90]);
    const byValue = Object.fromEntries(v.randomOdds!.outcomes.map((o): [string, number] => [String(o.value), o.probability]));
    expect(byValue[1]).toBeCloseTo(1 / 3, 12);
    expect(byValue[2]).toBeCloseTo(1 / 2, 12);
    expect(byValue[3]).toBeCloseTo(1 / 6, 12);
    expect(v.randomOdds!.race).toBeCloseTo(5 / 6, 12);
  });

  it('agree with the random schedule itself (100,000 seeded trials fall within 1%)', async () => {
    const exact = (await runScenario(counter, { schedule: 'exhaustive', variants: ['unlocked'], tasks: 4 })).variants[0]!.randomOdds!;
    const sampled = (await runScenario(counter, { schedule: 'random', variants: ['unlocked'], tasks: 4, trials: 100_000, seed: 5 }))
      .variants[0]!;
    for (const { value, probability } of exact.outcomes) {
      const count = sampled.outcomes.find((o) => o.value === value)?.count ?? 0;
      expect(Math.abs(count / 100_000 - probability)).toBeLessThan(0.01);
    }
  });

  it('are left out where they are not known: a preemption bound or a search cut short', async () => {
    const bounded = await runScenario(counter, { schedule: 'exhaustive', variants: ['unlocked'], preemptions: 1 });
    expect(bounded.variants[0]!.randomOdds).toBeUndefined();
    const cut = await runScenario(counter, { schedule: 'exhaustive', variants: ['unlocked'], maxInterleavings: 10 });
    expect(cut.variants[0]!.complete).toBe(false);
    expect(cut.variants[0]!.randomOdds).toBeUndefined();
  });
});

describe('the exact odds stated in the scenario headers', () => {
  it.each([
    ['cache', 'unlocked', [60, 80], { 2: 1 / 2, 3: 1 / 2 }],
    ['inventory', 'unlocked', [72, 90], { 2: 7 / 18, 3: 11 / 18 }],
    ['lazy-init', 'unlocked', [60, 66], { 1: 1 / 3, 2: 4 / 9, 3: 2 / 9 }],
    ['bank', 'unlocked', [84, 90], { 280: 1 / 18, 290: 11 / 36, 300: 1 / 6, '300, transfers lost': 1 / 9, 310: 11 / 36, 320: 1 / 18 }],
    ['deadlock', 'opposite-order', [4, 8], { deadlock: 1 / 2, done: 1 / 2 }],
  ] as const)('%s %s', async (name, variant, [races, interleavings], expected) => {
    const { default: scenario } = (await import(`../../scenarios/${name}.ts`)) as { default: Parameters<typeof runScenario>[0] };
    const v = (await runScenario(scenario, { schedule: 'exhaustive', variants: [variant] })).variants[0]!;
    // A deadlock is counted as a deadlock, never as a race (DESIGN: honest words).
    expect([v.raceCount + v.deadlockCount, v.trials]).toEqual([races, interleavings]);
    const seen = Object.fromEntries(
      v.randomOdds!.outcomes.filter((o) => o.probability > 0).map((o): [string, number] => [String(o.value), o.probability]),
    );
    expect(Object.keys(seen).sort()).toEqual(Object.keys(expected).sort());
    for (const [value, p] of Object.entries(expected)) expect(seen[value]).toBeCloseTo(p, 12);
  });
});
