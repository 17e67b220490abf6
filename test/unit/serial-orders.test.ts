/**
 * `outcomes: 'serializable'` allows what a serial run gives: each task from its start to its end
 * before the next starts. An order whose first task must wait for a later one cannot run so, and
 * allows nothing (it once "ran" by letting the waiter borrow the later task's steps, allowed a
 * value only an interleaving gives, and passed a racing variant as proven).
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/core/run-scenario.js';
import { defineScenario } from '../../src/core/scenario.js';
import { ScenarioError } from '../../src/core/scenario-error.js';

interface Signalled {
  x: number;
  ready: Promise<void>;
  signal: () => void;
}

/** task_A waits for task_B's signal, then doubles x; task_B sets 1, signals, yields, adds 10. */
const signalled = defineScenario<Signalled>({
  name: 'signalled',
  summary: 'A doubles x after B signals',
  tasks: 2,
  setup: () => {
    let signal = (): void => {};
    const ready = new Promise<void>((resolve) => (signal = resolve));
    return { x: 0, ready, signal };
  },
  variants: {
    v: {
      races: 'forbidden',
      run: async (s, t) => {
        if (t.id === 0) {
          await t.wait(s.ready);
          s.x = s.x * 2;
        } else {
          s.x = 1;
          s.signal();
          await t.yield();
          s.x = s.x + 10;
        }
      },
    },
  },
  observe: (s) => s.x,
  outcomes: 'serializable',
});

describe('serial orders', () => {
  it('an order whose first task waits for a later one allows nothing: only B then A, 22', async () => {
    // By hand: B A runs B to its end (x = 11), then A (22). A B cannot run serially: A waits.
    // The interleaving B, A, B gives (1 × 2) + 10 = 12: a race, forbidden here.
    const report = await runScenario(signalled, { schedule: 'exhaustive' });
    const v = report.variants[0]!;
    const grades = Object.fromEntries(v.outcomes.map((o) => [String(o.value), o.grade]));
    expect(grades).toEqual({ '12': 'forbidden', '22': 'correct' });
    expect(v.outcomes.find((o) => o.value === 22)?.description).toBe('serial order B A');
    expect(v.verdict).toBe('fail');
    expect(report.verdict).toBe('fail');
  });

  it('a setup that reads its trial index is refused: one program’s serial orders cannot grade another’s', async () => {
    const perTrial = defineScenario<{ x: number }>({
      name: 'per-trial',
      summary: 'the start value depends on the trial',
      tasks: 2,
      setup: ({ trial }) => ({ x: trial }),
      variants: {
        v: {
          races: 'forbidden',
          run: (s, t) =>
            t.lock.run(async () => {
              const x = s.x;
              await t.yield();
              s.x = t.id === 0 ? x + 1 : x * 2;
            }),
        },
      },
      observe: (s) => s.x,
      outcomes: 'serializable',
    });
    const run = runScenario(perTrial, { trials: 10, seed: 1 });
    await expect(run).rejects.toThrow(ScenarioError);
    await expect(runScenario(perTrial, { trials: 10, seed: 1 })).rejects.toThrow(
      `scenario "per-trial": outcomes: 'serializable' grades every trial against the serial orders of one program, so setup must not read its trial index`,
    );
  });

  it('a program that draws from Math.random is refused too: each trial draws other numbers (correct code failed as a race)', async () => {
    // The start is 10 or 20 at random: the serial orders, run with one draw, allowed only 12 or
    // only 22, and every trial of the other start was called a race (43.5%, exit 1).
    const randomStart = defineScenario<{ v: number }>({
      name: 'random-start',
      summary: 'the start value is drawn at random',
      tasks: 2,
      setup: () => ({ v: Math.random() < 0.5 ? 10 : 20 }),
      variants: {
        locked: {
          races: 'forbidden',
          run: (s, t) =>
            t.lock.run(async () => {
              const c = s.v;
              await t.yield();
              s.v = c + 1;
            }),
        },
      },
      observe: (s) => s.v,
      outcomes: 'serializable',
    });
    await expect(runScenario(randomStart, { trials: 200, seed: 1 })).rejects.toThrow(
      `scenario "random-start": outcomes: 'serializable' grades every trial against one program's serial orders, so its code must not draw from Math.random`,
    );
  });

  it('tasks that wait for each other (a barrier) have no serial order: refused, never every value a race', async () => {
    interface Barrier {
      x: number;
      arrived: number;
      gate: Promise<void>;
      open: () => void;
      seen: number[];
    }
    const barrier = defineScenario<Barrier>({
      name: 'barrier',
      summary: 'both tasks add, meet at a barrier, then read',
      tasks: 2,
      setup: () => {
        let open = (): void => {};
        const gate = new Promise<void>((resolve) => (open = resolve));
        return { x: 0, arrived: 0, gate, open, seen: [] };
      },
      variants: {
        locked: {
          races: 'forbidden',
          run: async (s, t) => {
            await t.lock.run(async () => {
              const x = s.x;
              await t.yield();
              s.x = x + 1;
            });
            if (++s.arrived === 2) s.open();
            await t.wait(s.gate);
            s.seen.push(s.x);
          },
        },
      },
      observe: (s) => s.seen.join(','),
      outcomes: 'serializable',
    });
    await expect(runScenario(barrier, { schedule: 'exhaustive' })).rejects.toThrow(
      `scenario "barrier": outcomes: 'serializable' found no serial order of locked: in every order a task waits for a later one, so declare its outcomes`,
    );
  });
});
