/**
 * A trial ends when every task's function has returned: work a task started and did not await
 * is not waited for, as Node.js (the event-loop schedule, which is Node.js itself) and CPython
 * (test/parity/cases/unawaited-work.py) do not wait for it. Before, the controlled schedules ran
 * it to its end before `observe`, and "proved" an outcome neither runtime gives.
 */
import { describe, expect, it } from 'vitest';
import '../../src/vitest.js';
import { toBeRaceFree } from '../../src/vitest.js';
import { checkScenario } from '../../src/core/check.js';
import { runScenario } from '../../src/core/run-scenario.js';
import audit from '../fixtures/unawaited-audit.mjs';
import { defineScenario } from '../../src/core/scenario.js';

const seen = (v: { outcomes: Array<{ value: unknown; count: number }> }): string[] =>
  v.outcomes.filter((o) => o.count > 0).map((o) => String(o.value));

describe('work a task starts and does not await', () => {
  it('is not awaited by Node.js itself: the event-loop schedule observes before any audit lands', async () => {
    const node = (await runScenario(audit, { schedule: 'event-loop', trials: 20, seed: 1 })).variants[0]!;
    expect(seen(node)).toEqual(['0 audited']);
  });

  it('is not waited for: once every task has returned, observing is a choice, so exhaustive reaches what Node.js gives, and fails', async () => {
    const v = (await runScenario(audit, { schedule: 'exhaustive' })).variants[0]!;
    // 0: observed at once (Node.js, CPython); 1 and 2: audits that landed before the observation.
    expect(seen(v).sort()).toEqual(['0 audited', '1 audited', '2 audited']);
    expect(v.complete).toBe(true);
    expect(v.verdict).toBe('fail');
    // CPython's loop stops three turns after the gather; a 5 ms audit is not due by then.
    expect((await runScenario(audit, { schedule: 'asyncio' })).variants[0]!.outcomes.find((o) => o.count > 0)?.value).toBe('0 audited');
  });

  it('fails check and toBeRaceFree, which passed it as proven', async () => {
    const [result] = await checkScenario(audit);
    expect(result).toMatchObject({ status: 'fail', schedule: 'exhaustive' });
    expect((await toBeRaceFree(audit, { proof: true })).pass).toBe(false);
  });

  it('under asyncio, runs such work for the three turns CPython runs before its loop stops, with no replay string', async () => {
    // Each background step yields once, then counts: CPython (a task of create_task) counts both
    // by the time asyncio.run returns (test/parity/cases/unawaited-turns.py is the event-level twin).
    const queued = defineScenario({
      name: 'queued-at-end',
      summary: 'a background step queued when the tasks return',
      tasks: 2,
      setup: () => ({ steps: 0 }),
      variants: {
        v: {
          races: 'allowed',
          run: async (s, t) => {
            void (async () => {
              await t.yield();
              s.steps++;
            })();
          },
        },
      },
      observe: (s) => s.steps,
      outcomes: [{ value: 2, grade: 'race', description: 'both counted' }],
    });
    const v = (await runScenario(queued, { schedule: 'asyncio' })).variants[0]!;
    expect(v.outcomes.find((o) => o.count > 0)?.value).toBe(2);
    expect(v.unawaitedWork).toBe(true);
    expect(v.firstRace).toEqual({ trial: 1, value: 2 });
    const sleeping = (await runScenario(audit, { schedule: 'asyncio' })).variants[0]!;
    expect(sleeping.unawaitedWork).toBeUndefined();
  });
});
