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

  it('is cut when every task has returned, so exhaustive reaches what Node.js gives, and fails', async () => {
    const v = (await runScenario(audit, { schedule: 'exhaustive' })).variants[0]!;
    expect(seen(v)).toContain('0 audited');
    expect(seen(v)).not.toContain('2 audited');
    expect(v.verdict).toBe('fail');
    expect((await runScenario(audit, { schedule: 'asyncio' })).variants[0]!.outcomes.find((o) => o.count > 0)?.value).toBe('0 audited');
  });

  it('fails check and toBeRaceFree, which passed it as proven', async () => {
    const [result] = await checkScenario(audit);
    expect(result).toMatchObject({ status: 'fail', schedule: 'exhaustive' });
    expect((await toBeRaceFree(audit, { proof: true })).pass).toBe(false);
  });

  it("under asyncio, says the result is not CPython's when such work was still queued at the end", async () => {
    // CPython would run the queued step (two turns pass before the gathering coroutine
    // resumes); lockdemo ends the trial at once, so it must not claim CPython's result.
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
      outcomes: [{ grade: 'correct', description: 'any' }],
    });
    const v = (await runScenario(queued, { schedule: 'asyncio' })).variants[0]!;
    expect(v.unawaitedWork).toBe(true);
    const sleeping = (await runScenario(audit, { schedule: 'asyncio' })).variants[0]!;
    expect(sleeping.unawaitedWork).toBeUndefined();
  });
});
