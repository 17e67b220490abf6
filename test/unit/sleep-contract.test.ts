/**
 * `t.sleep(ms)` with a delay that is not a number (NaN, a string) is the program's bug, shown as
 * its error under every schedule: CPython's asyncio.sleep(nan) takes the timer path and
 * setTimeout(NaN) waits 1 ms, so treating it as sleep(0) gave an order neither runtime gives.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/core/run-scenario.js';
import { defineScenario } from '../../src/core/scenario.js';

const sleeps = (delay: unknown) =>
  defineScenario({
    name: 'sleeps',
    summary: 'a task sleeps for a computed delay',
    tasks: 1,
    setup: () => ({ woke: false }),
    variants: {
      v: {
        races: 'allowed',
        run: async (s, t) => {
          await t.sleep(delay as number);
          s.woke = true;
        },
      },
    },
    observe: (s) => String(s.woke),
    outcomes: [{ grade: 'correct', description: 'any' }],
  });

describe('t.sleep with a delay that is not a number', () => {
  it.each(['random', 'exhaustive', 'asyncio', 'event-loop'] as const)('is the task’s error under %s', async (schedule) => {
    for (const [delay, shown] of [
      [Number.NaN, 'NaN'],
      ['5', 'string'],
    ] as const) {
      const v = (await runScenario(sleeps(delay), { schedule, ...(schedule === 'exhaustive' ? {} : { trials: 2 }) })).variants[0]!;
      expect(v.outcomes.filter((o) => o.count > 0).map((o) => String(o.value))).toEqual([
        `error: t.sleep(ms) needs a number of milliseconds, got ${shown}`,
      ]);
    }
    const fine = (await runScenario(sleeps(0), { schedule, ...(schedule === 'exhaustive' ? {} : { trials: 2 }) })).variants[0]!;
    expect(fine.outcomes.filter((o) => o.count > 0).map((o) => String(o.value))).toEqual(['true']);
  });
});
