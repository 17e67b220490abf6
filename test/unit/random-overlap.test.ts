/**
 * Library runs that overlap in one process (concurrent vitest tests, a Promise.all of runs) each
 * draw their own Math.random numbers: a controlled trial's stream is its own, active whenever its
 * engine runs its code. They shared one generator, and a trial that waited on real I/O while
 * another run started a trial drew that run's numbers: seed 7 gave 29 lost updates alone and 39
 * beside a seed-8 run, so a printed seed did not repeat what it named.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/core/run-scenario.js';
import { defineScenario } from '../../src/core/scenario.js';

const drawsAfterIo = defineScenario<{ value: number }>({
  name: 'draws-after-io',
  summary: 'each task waits on real I/O, then yields between its read and write one time in three',
  unit: 'count',
  tasks: 2,
  setup: () => ({ value: 0 }),
  variants: {
    unlocked: {
      races: 'allowed',
      run: async (state, t) => {
        await t.io(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
        const current = state.value;
        if (Math.random() < 0.3) await t.yield();
        state.value = current + 1;
      },
    },
  },
  observe: (s) => s.value,
  outcomes: [
    { value: 2, grade: 'correct', description: 'both kept' },
    { value: 1, grade: 'race', description: 'one lost' },
  ],
});

const histogram = async (seed: number): Promise<Array<[unknown, number]>> =>
  (await runScenario(drawsAfterIo, { trials: 200, seed })).variants[0]!.outcomes.map((o) => [o.value, o.count]);

describe('overlapping library runs and the seeded Math.random', () => {
  it('give each run the counts of its seed, as it gives them alone', async () => {
    const alone = await histogram(7);
    const other = await histogram(8);
    // The numbers were drawn: some trials raced, some did not.
    expect(alone.find(([v]) => v === 1)?.[1]).toBeGreaterThan(0);
    const [together, beside] = await Promise.all([histogram(7), histogram(8)]);
    expect(together).toEqual(alone);
    expect(beside).toEqual(other);
  });

  it("keeps a trial's own numbers when other code draws between its steps: another run's I/O, a timer of the caller's", async () => {
    // Draws inside its I/O operation, after a real await: outside any step of its trial.
    const drawsInIo = defineScenario<{ value: number }>({
      name: 'draws-in-io',
      summary: 'each task draws inside its I/O operation, after a real await',
      tasks: 2,
      setup: () => ({ value: 0 }),
      variants: {
        v: {
          races: 'allowed',
          run: async (s, t) => {
            const c = s.value;
            const r = await t.io(async () => {
              await new Promise<void>((resolve) => setTimeout(resolve, 1));
              return Math.floor(Math.random() * 100);
            });
            s.value = c + r;
          },
        },
      },
      observe: (s) => s.value,
      outcomes: [{ grade: 'correct', description: 'any' }],
    });
    const alone = await histogram(7);
    const noise = setInterval(() => Math.random(), 0);
    try {
      const [together] = await Promise.all([histogram(7), runScenario(drawsInIo, { trials: 100, seed: 3 })]);
      expect(together).toEqual(alone);
    } finally {
      clearInterval(noise);
    }
  });

  it("keeps a search's record of its draws while another run draws and clears its own (check then passed it as proven)", async () => {
    // Task A draws once, early, only when it starts first; a draw below 0.01 gives the forbidden
    // value. Every interleaving draws trial 1's number, so the search must not stand as a proof:
    // random trials decide, and find it. Another run beside it cleared the process's one record.
    const drawsEarly = defineScenario<{ started: number; v: number }>({
      name: 'draws-early',
      summary: 'task A draws once when it starts first',
      tasks: 2,
      setup: () => ({ started: -1, v: 0 }),
      variants: {
        locked: {
          races: 'forbidden',
          run: async (s, t) => {
            if (s.started === -1) s.started = t.id;
            if (t.id === 0 && s.started === 0 && Math.random() < 0.01) s.v = 99;
            for (let i = 0; i < 7; i++) await t.yield();
          },
        },
      },
      observe: (s) => s.v,
      outcomes: [
        { value: 0, grade: 'correct', description: 'ok' },
        { value: 99, grade: 'race', description: 'bad' },
      ],
    });
    const quiet = defineScenario<Record<string, never>>({
      name: 'quiet',
      summary: 'draws nothing',
      tasks: 2,
      setup: () => ({}),
      variants: { v: { races: 'allowed', run: (_, t) => t.yield() } },
      observe: () => 1,
      outcomes: [{ value: 1, grade: 'correct', description: 'ok' }],
    });
    // The search alone records the draw; beside runs that clear the process's own record, the
    // plan's stands. A search of 12,870 interleavings yields to the event loop between batches.
    const alone = await runScenario(drawsEarly, { schedule: 'exhaustive' });
    expect(alone.variants[0]).toMatchObject({ complete: true, drewRandom: true });
    let done = false;
    let besideRuns = 0;
    const beside = (async () => {
      while (!done) {
        await runScenario(quiet, { schedule: 'random', trials: 5, seed: 1 });
        besideRuns++;
      }
    })();
    try {
      const overlapped = await runScenario(drawsEarly, { schedule: 'exhaustive' });
      expect(besideRuns).toBeGreaterThan(1);
      expect(overlapped.variants[0]).toMatchObject({ complete: true, drewRandom: true });
    } finally {
      done = true;
      await beside;
    }
  });
});
