import { describe, expect, it } from 'vitest';
import { type Barrier, fixtureJson } from './run-fixture.js';

/** test/fixtures/drive-context/two-runs.mjs in a node process of its own, under one barrier. */
function runTwo(barrier: Barrier): Promise<Record<string, Record<string, number>>> {
  return fixtureJson(['drive-context', 'two-runs.mjs'], barrier, ['200']);
}

// Under the drain, a run whose pick comes up while another run's picks are being made is driven
// by that other run's loop (src/core/trial-scheduler.ts, drive): it must still run in its own
// async context, as under the process.nextTick barrier, where each pick is a callback queued
// from the run's own code.
describe.each(['drain', 'nexttick'] as const)(
  'two runs at once, each in its own AsyncLocalStorage store, under the %s barrier',
  (barrier) => {
    it('setup, task code and observe of each run see that run’s store only', async () => {
      // 200 trials of 2 tasks: one setup, two notes per task and one observe each.
      const perRun = 200 * (1 + 2 * 2 + 1);
      expect(await runTwo(barrier)).toEqual({ X: { X: perRun }, Y: { Y: perRun } });
    });
  },
);
