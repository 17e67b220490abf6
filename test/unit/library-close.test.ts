import { describe, expect, it } from 'vitest';
import { defineScenario, replayTrial, runScenario } from '../../src/index.js';

/** A scenario with `close` and no `open`: what it shares needs no start, but must be ended. */
function closing(calls: unknown[]) {
  return defineScenario({
    name: 'closing',
    summary: 'close without open',
    tasks: 2,
    setup: () => ({ v: 0 }),
    variants: {
      only: {
        races: 'allowed',
        run: async (s, t) => {
          const c = s.v;
          await t.yield();
          s.v = c + 1;
        },
      },
    },
    observe: (s) => s.v,
    outcomes: [{ value: 2, grade: 'correct', description: 'both kept' }],
    close: (resource) => void calls.push(resource),
  });
}

describe('the library calls close without open, as the CLI does', () => {
  it('once after a run, and once after a replay, given undefined', async () => {
    const calls: unknown[] = [];
    await runScenario(closing(calls), { trials: 10, seed: 1 });
    expect(calls).toEqual([undefined]);
    await replayTrial(closing(calls), { schedule: 'A B A B' });
    expect(calls).toEqual([undefined, undefined]);
  });

  it('and a close that throws is the scenario error it is in a run', async () => {
    const failing = {
      ...closing([]),
      close: () => {
        throw new Error('cannot close');
      },
    };
    await expect(runScenario(failing, { trials: 3, seed: 1 })).rejects.toThrow('cannot close');
  });
});
