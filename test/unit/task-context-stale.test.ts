import { describe, expect, it } from 'vitest';
import { defineScenario, runScenario, type TaskContext } from '../../src/index.js';

/**
 * A task context outlives its trial in the hands of a stray strand. Its doors are refused once
 * the trial has moved on, and so are its locks: the trial object is reused for the next trial,
 * and a context of an earlier trial must not reach the locks that the next trial's tasks share.
 */
function keeper(kept: TaskContext[]) {
  return defineScenario({
    name: 'stale-context',
    summary: 'a task compares the locks of a context kept from an earlier trial with its own',
    tasks: 1,
    setup: () => ({ checked: 0, shared: 0 }),
    variants: {
      v: {
        races: 'allowed',
        run: async (state, t) => {
          const old = kept[0];
          if (old !== undefined) {
            state.checked++;
            if (old.lock === t.lock) state.shared++;
            if (old.lockNamed('x') === t.lockNamed('x')) state.shared++;
            // A lock of an ended trial is its own: taking it does not touch this trial's.
            await old.lock.run(() => undefined);
            if (t.lock.locked) state.shared++;
            // ...and it is one lock, the same on every read: acquire then release meet one lock.
            if (old.lock !== old.lock || old.lockNamed('x') !== old.lockNamed('x')) state.shared += 10;
            await old.lock.acquire();
            old.lock.release();
          }
          kept.push(t);
          await t.yield();
        },
      },
    },
    observe: (state) => `${state.checked}:${state.shared}`,
    outcomes: [{ grade: 'correct', description: 'what the trial saw' }],
  });
}

describe('a task context of an ended trial', () => {
  it.each(['random', 'pct', 'asyncio'] as const)('shares no lock with a later trial (%s)', async (schedule) => {
    const kept: TaskContext[] = [];
    const report = await runScenario(keeper(kept), { schedule, trials: 20, seed: 1, variants: ['v'] });
    const outcomes = report.variants[0]?.outcomes.map((o) => o.value);
    // The first trial has no kept context; every later one checks and sees no shared lock.
    expect(kept.length).toBeGreaterThan(0);
    for (const value of outcomes ?? []) expect(String(value)).toMatch(/^[01]:0$/);
  });
});
