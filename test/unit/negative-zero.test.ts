/**
 * An observed -0 is 0 everywhere lockdemo reads it: counted (a Map key is 0 either way), shown,
 * and given to `match` and `description`. A `match` saw -0 in one call and 0 in another, and a
 * row of 0 that the scenario's `Object.is(v, -0)` declared correct was shown "not declared",
 * forbidden.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/core/run-scenario.js';
import { defineScenario } from '../../src/core/scenario.js';

describe('an observed -0', () => {
  it('reaches match as 0 every time, so one row is graded one way', async () => {
    const seen: unknown[] = [];
    const scenario = defineScenario<{ v: number }>({
      name: 'negative-zero',
      summary: 'observe returns -0 when both increments are kept, else 1',
      tasks: 2,
      setup: () => ({ v: 0 }),
      variants: {
        v: {
          races: 'allowed',
          run: async (s, t) => {
            const c = s.v;
            await t.yield();
            s.v = c + 1;
          },
        },
      },
      observe: (s) => (s.v === 2 ? -0 : 1),
      outcomes: [
        {
          match: (v) => {
            seen.push(v);
            return v === 0;
          },
          grade: 'correct',
          description: 'both kept (-0)',
        },
        { value: 1, grade: 'race', description: 'one lost' },
      ],
    });
    for (const schedule of ['exhaustive', 'random', 'event-loop'] as const) {
      seen.length = 0;
      const report = await runScenario(scenario, schedule === 'exhaustive' ? { schedule } : { schedule, trials: 50, seed: 1 });
      // Both kept happens under the controlled schedules; under event-loop both tasks read 0.
      const zero = report.variants[0]!.outcomes.find((o) => o.value === 0);
      if (schedule !== 'event-loop') expect(zero).toMatchObject({ grade: 'correct', description: 'both kept (-0)' });
      if (zero !== undefined) expect(Object.is(zero.value, -0)).toBe(false);
      expect(report.variants[0]!.forbiddenCount).toBe(0);
      expect(seen.some((v) => Object.is(v, -0))).toBe(false);
    }
  });
});
