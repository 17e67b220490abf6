/**
 * A timed run (--duration, `durationMs`) runs at least one trial of every variant: a budget
 * spent before the first batch (PCT's pilot, a worker starting on a loaded machine) ended the
 * variant with no trial at all, and the run said "no trial finished" and then "pass".
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/core/run-scenario.js';
import { defineScenario } from '../../src/core/scenario.js';

/** Each trial takes a few milliseconds: PCT's pilot of random trials alone outlasts a 1 ms budget. */
const slow = defineScenario({
  name: 'slow-trials',
  summary: 'trials that take a few milliseconds each',
  tasks: 2,
  setup: () => ({ value: 0 }),
  variants: {
    only: {
      races: 'forbidden',
      run: async (s, t) => {
        const until = performance.now() + 2;
        while (performance.now() < until);
        await t.yield();
        s.value++;
      },
    },
  },
  observe: (s) => s.value,
  outcomes: [{ value: 2, grade: 'correct', description: 'both counted' }],
});

describe('a timed run', () => {
  it('runs at least one trial of each variant, however the budget was spent before it', async () => {
    const report = await runScenario(slow, { schedule: 'pct', durationMs: 1, seed: 1 });
    const v = report.variants[0]!;
    expect(v.trials).toBeGreaterThan(0);
    expect(v.outcomes.reduce((n, o) => n + o.count, 0)).toBe(v.trials);
    expect(report.verdict).toBe('pass');
  });

  it('says its duration in the report: the top-level trials are only the cap', async () => {
    const report = await runScenario(slow, { schedule: 'pct', durationMs: 1, seed: 1 });
    expect(report.durationMs).toBe(1);
    expect(report.trials).toBe(1e9);
    const counted = await runScenario(slow, { schedule: 'pct', trials: 2, seed: 1 });
    expect(counted.durationMs).toBeUndefined();
  });
});
