import { describe, expect, it } from 'vitest';
import counter from '../../scenarios/counter.js';
import { defineScenario } from '../../src/core/scenario.js';
import { resolveRun, RunOptionError, runScenario, type RunOptions } from '../../src/core/run-scenario.js';
import { progressOf } from '../../src/core/progress.js';

/**
 * Which option applies to which schedule, written out here from DESIGN "Schedules" and the
 * README's options table, not read from the engine's schedule table.
 */
const APPLIES: Record<string, string[]> = {
  trials: ['random', 'pct', 'asyncio', 'event-loop', 'timers'],
  durationMs: ['random', 'pct', 'asyncio', 'event-loop', 'timers'],
  depth: ['pct'],
  maxInterleavings: ['exhaustive'],
  preemptions: ['exhaustive'],
  maxSteps: ['random', 'pct', 'exhaustive', 'asyncio'],
  captureTrial: ['random', 'pct', 'exhaustive', 'asyncio'],
  jobs: ['random', 'pct'],
};
const VALUES: Record<string, RunOptions> = {
  trials: { trials: 10 },
  durationMs: { durationMs: 100 },
  depth: { depth: 2 },
  maxInterleavings: { maxInterleavings: 10 },
  preemptions: { preemptions: 1 },
  maxSteps: { maxSteps: 100 },
  captureTrial: { captureTrial: 1 },
  jobs: { jobs: 2 },
};
const SCHEDULES = ['random', 'pct', 'exhaustive', 'asyncio', 'event-loop', 'timers'] as const;

function refusal(options: RunOptions): RunOptionError | undefined {
  try {
    resolveRun(counter, options);
    return undefined;
  } catch (error) {
    if (error instanceof RunOptionError) return error;
    throw error;
  }
}

describe('resolveRun: options resolved once, for the library as for the CLI', () => {
  for (const schedule of SCHEDULES) {
    it(`${schedule}: accepts exactly the options that apply to it`, () => {
      for (const [option, applies] of Object.entries(APPLIES)) {
        const error = refusal({ schedule, ...VALUES[option] });
        if (applies.includes(schedule)) expect(error, option).toBeUndefined();
        else {
          expect(error?.detail.option, option).toBe(option);
          expect(error?.detail.accepted, option).toEqual(applies);
          expect(error?.message, option).toMatch(new RegExp(`^${option} does not apply to the ${schedule} schedule`));
        }
      }
    });
  }

  it('refuses an option that does not apply from runScenario too, before any trial', async () => {
    await expect(runScenario(counter, { depth: 2, trials: 10 })).rejects.toThrow(/^depth does not apply to the random schedule/);
  });

  it('applies the defaults once: the scenario’s own timeout, one trial for a deterministic loop, a timed run', () => {
    const slow = defineScenario({
      name: 'slow',
      summary: 'a scenario with its own timeout',
      timeout: 1234,
      setup: () => ({}),
      variants: { only: { races: 'allowed', run: async () => {} } },
      observe: () => 0,
      outcomes: [{ value: 0, grade: 'correct', description: 'ran' }],
    });
    expect(resolveRun(slow).timeoutMs).toBe(1234);
    expect(resolveRun(slow, { timeoutMs: 99 }).timeoutMs).toBe(99);
    expect(resolveRun(counter).timeoutMs).toBe(5000);
    expect(resolveRun(counter, { schedule: 'asyncio' }).trials).toBe(1);
    expect(resolveRun(counter, { schedule: 'pct' }).depth).toBe(3);
    expect(resolveRun(counter, { schedule: 'random' }).depth).toBeUndefined();
    expect(resolveRun(counter, { schedule: 'event-loop' }).maxSteps).toBeUndefined();
    const timed = resolveRun(counter, { durationMs: 2000 });
    expect(timed.durationMs).toBe(2000);
    expect(timed.trials).toBe(1e9);
    // A library caller may cap a timed run by trials too: whichever comes first.
    expect(resolveRun(counter, { durationMs: 2000, trials: 50 }).trials).toBe(50);
  });

  it('reports a timed run by its clock and a counted run by its totals', () => {
    const names = ['unlocked', 'locked'];
    const counted = progressOf({ trials: 1000, names }, 1, 200, 1000, performance.now());
    expect(counted).toEqual({ variant: 'locked', done: 200, doneAll: 1200, total: 1000, totalAll: 2000 });
    const timed = progressOf({ trials: 1e9, durationMs: 5000, names }, 0, 200, 0, performance.now() - 1000);
    expect(timed.total).toBeUndefined();
    expect(timed.timed?.durationMs).toBe(5000);
    expect(timed.timed?.variantsAfter).toBe(1);
    expect(timed.timed?.elapsedMs).toBeGreaterThanOrEqual(1000);
  });
});
