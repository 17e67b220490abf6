import { describe, expect, it } from 'vitest';
import { defineScenario, ScenarioError } from '../../src/core/scenario.js';
import { replayTrial, runScenario } from '../../src/core/run-scenario.js';

/** A two-task scenario whose `observe` returns `value` (cast: the types would refuse it). */
function observing(value: unknown) {
  return defineScenario({
    name: 'observes',
    summary: 'observe returns what the test gives',
    tasks: 2,
    trials: 5,
    setup: () => ({ n: 0 }),
    variants: {
      only: {
        races: 'allowed',
        run: async (s, t) => {
          await t.yield();
          s.n++;
        },
      },
    },
    observe: () => value as number,
    outcomes: [{ grade: 'correct', description: 'anything' }],
  });
}

describe('observe: the library refuses what the CLI refuses, in the same words', () => {
  const object = 'scenario "observes": "observe" must return a number or a string, got an object';
  it.each(['random', 'exhaustive', 'asyncio', 'event-loop', 'timers'] as const)('runScenario under %s', async (schedule) => {
    const run = runScenario(observing({ x: 2 }), { schedule, seed: 1, ...(schedule === 'exhaustive' ? {} : { trials: 5 }) });
    await expect(run).rejects.toThrow(ScenarioError);
    await expect(run).rejects.toThrow(object);
  });

  it('replayTrial', async () => {
    await expect(replayTrial(observing({ x: 2 }), { schedule: 'A A B B' })).rejects.toThrow(object);
  });

  it('a string over the length limit, and values that are neither numbers nor strings', async () => {
    await expect(runScenario(observing('x'.repeat(10_001)), { seed: 1 })).rejects.toThrow(
      'scenario "observes": "observe" must return a number or a string of at most 10,000 characters, got 10,001 characters',
    );
    await expect(runScenario(observing(undefined), { seed: 1 })).rejects.toThrow('must return a number or a string, got nothing');
    await expect(runScenario(observing(2n), { seed: 1 })).rejects.toThrow('got a BigInt (2n)');
  });

  it('numbers and strings still run', async () => {
    const report = await runScenario(observing('fine'), { seed: 1 });
    expect(report.variants[0]?.outcomes.map((o) => [o.value, o.count])).toEqual([['fine', 5]]);
  });
});
