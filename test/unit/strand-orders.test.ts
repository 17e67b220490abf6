import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/core/run-scenario.js';
import type { Scenario } from '../../src/core/scenario.js';

// Two async functions of one task in a Promise.all, each past a door: their strands are ready
// at once, and the engine resumes them oldest first. The model allows either order of the two
// completions ("hello nobody", what Node.js and CPython give, when the fast one ends first), so
// an exhaustive search that only ever ran "hello ann" must not be a proof.
async function load(name: string): Promise<Scenario<unknown, unknown>> {
  return ((await import(`../fixtures/strands/${name}.mjs`)) as { default: Scenario<unknown, unknown> }).default;
}

describe('a task with two strands ready at once', () => {
  it.each(['parallel-io-proof', 'parallel-tio'])('%s: exhaustive says its search left their orders out', async (name) => {
    const report = await runScenario(await load(name), { schedule: 'exhaustive' });
    const variant = report.variants[0]!;
    expect(variant.strandOrdersUnexplored).toBe(true);
    expect(variant.randomOdds).toBeUndefined();
  });

  it('asyncio gives what CPython gives, the fast request first, and no flag', async () => {
    const report = await runScenario(await load('parallel-io-proof'), { schedule: 'asyncio' });
    const variant = report.variants[0]!;
    expect(variant.outcomes.filter((o) => o.count > 0).map((o) => o.value)).toEqual(['hello nobody']);
    expect(variant.strandOrdersUnexplored).toBeUndefined();
  });

  it('asyncio gives no replay string when a task had strands waiting at once: the model replays them otherwise', async () => {
    const scenario = await load('parallel-io-proof');
    const variant = (await runScenario(scenario, { schedule: 'asyncio' })).variants[0]!;
    expect(variant.strandsAtOnce).toBe(true);
    expect(variant.firstForbidden).toEqual({ trial: 1, value: 'hello nobody' });
    // Why: in the model both sleepers are ready at the next pick and resume oldest first, so
    // the one pick sequence of this one-task program gives the other value.
    const model = (await runScenario(scenario, { schedule: 'exhaustive' })).variants[0]!;
    expect(model.outcomes.filter((o) => o.count > 0).map((o) => o.value)).toEqual(['hello ann']);
  });

  it('asyncio does not claim CPython’s order for strands ready in the same turn', async () => {
    const variant = (await runScenario(await load('same-turn'), { schedule: 'asyncio' })).variants[0]!;
    // lockdemo's order (see the fixture): task_A's second strand goes behind task_B's wake-up.
    expect(variant.outcomes.map((o) => [o.value, o.count])).toEqual([['A0 x1 y1 B1 x2 B2 y2 A3', 1]]);
    expect(variant).toMatchObject({ strandsAtOnce: true });
    expect(variant.strandOrdersUnexplored).toBeUndefined();
    expect(variant.firstRace).toEqual({ trial: 1, value: 'A0 x1 y1 B1 x2 B2 y2 A3' });
  });

  it('a program whose tasks have one strand each is not flagged', async () => {
    const { default: counter } = await import('../../scenarios/counter.js');
    const report = await runScenario(counter, { schedule: 'exhaustive' });
    for (const variant of report.variants) expect(variant.strandOrdersUnexplored).toBeUndefined();
  });
});
