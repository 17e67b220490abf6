import { afterEach, describe, expect, it } from 'vitest';
import { checkScenario, defineScenario, replayTrial, runScenario } from '../../src/index.js';

// The library seeds Math.random for the length of a run (trial-random.ts), as the CLI's worker
// does for good: before, two runs with the same seed drew other numbers in every trial.
// Math.random as this file finds it: lockdemo's own, in place since the import, which returns the
// built-in's numbers outside runs (a process that keeps the built-in itself: math-random-import.test.ts).
const native = Math.random;

afterEach(() => {
  // A failed test must not leave the next one a test's own Math.random.
  Math.random = native;
});

/** A scenario whose setup records the first number each trial draws, by the index it was given. */
function drawing(seen: Map<number, number[]>) {
  return defineScenario({
    name: 'drawing',
    summary: 'setup draws from Math.random',
    tasks: 2,
    setup: ({ trial }) => {
      seen.set(trial, [...(seen.get(trial) ?? []), Math.random()]);
      return { v: 0 };
    },
    variants: {
      only: {
        races: 'allowed',
        run: async (s, t) => {
          const c = s.v;
          await t.yield();
          s.v = c + (Math.random() < 0.5 ? 2 : 1);
        },
      },
    },
    observe: (s) => s.v,
    outcomes: [{ match: () => true, grade: 'correct', description: 'any' }],
  });
}

/** A lost update behind a request that is slow one time in a hundred, by the numbers `draw` gives. */
function slowOneInAHundred(name: string, draw: () => number) {
  return defineScenario({
    name,
    summary: 'a request that is slow one time in a hundred',
    tasks: 2,
    setup: () => ({ v: 0 }),
    variants: {
      unlocked: {
        races: 'forbidden',
        run: async (s, t) => {
          const slow = draw() < 0.01;
          const c = s.v;
          if (slow) await t.yield();
          s.v = c + 1;
        },
      },
    },
    observe: (s) => s.v,
    outcomes: [{ value: 2, grade: 'correct', description: 'both kept' }],
  });
}

describe('the library seeds Math.random during a run, and leaves it as it found it', () => {
  it('the same seed draws the same numbers per trial, another seed others; Math.random is the caller’s again after', async () => {
    const runs = [new Map<number, number[]>(), new Map<number, number[]>(), new Map<number, number[]>()];
    const [a, b, c] = runs as [Map<number, number[]>, Map<number, number[]>, Map<number, number[]>];
    const first = await runScenario(drawing(a), { trials: 50, seed: 7 });
    expect(Math.random).toBe(native);
    const second = await runScenario(drawing(b), { trials: 50, seed: 7 });
    await runScenario(drawing(c), { trials: 50, seed: 8 });
    expect(Math.random).toBe(native);
    expect(a.size).toBe(50);
    expect([...b]).toEqual([...a]);
    expect([...c]).not.toEqual([...a]);
    expect(second.variants[0]?.outcomes).toEqual(first.variants[0]?.outcomes);
    expect(first.variants[0]?.drawsRandom).toBe(true);
    // A replay of trial 10 with the run's seed draws what trial 10 drew.
    const replayed = new Map<number, number[]>();
    await replayTrial(drawing(replayed), { schedule: 'A A B B', trial: 9, seed: 7 });
    expect(replayed.get(9)?.[0]).toBe(a.get(9)?.[0]);
    expect(Math.random).toBe(native);
  });

  it('exhaustive: every interleaving draws the same numbers (one program), and Math.random is put back', async () => {
    const seen = new Map<number, number[]>();
    const report = await runScenario(drawing(seen), { schedule: 'exhaustive' });
    expect(Math.random).toBe(native);
    const draws = seen.get(0) ?? [];
    // 2 tasks of 2 steps: 4!/(2!·2!) = 6 interleavings, and the determinism sample's replays.
    expect(draws.length).toBeGreaterThanOrEqual(6);
    expect(new Set(draws).size).toBe(1);
    expect(report.variants[0]?.nondeterministic).toBeUndefined();
  });

  it('a Math.random of the caller’s own (their seeded one) is kept through a run, and the built-in seeded', async () => {
    const seeded = new Map<number, number[]>();
    await runScenario(drawing(seeded), { trials: 3, seed: 1 });
    let n = 0;
    const own = (): number => (n = (n + 1) % 10) / 10;
    Math.random = own;
    const seen = new Map<number, number[]>();
    await runScenario(drawing(seen), { trials: 3, seed: 1 });
    // The caller's numbers, not the seeded ones of the run before with the same seed.
    expect(seen.get(0)?.[0]).not.toBe(seeded.get(0)?.[0]);
    expect(Math.random).toBe(own);
    Math.random = native;
    const again = new Map<number, number[]>();
    await runScenario(drawing(again), { trials: 3, seed: 1 });
    expect([...again]).toEqual([...seeded]);
    expect(seen.get(0)?.[0]).toBe(0.1);
  });

  it('a reference to Math.random taken after lockdemo loaded draws seeded numbers, which the search sees: no proof of a rare race', async () => {
    // As a scenario module's `const rand = Math.random` below its import of lockdemo (a cold
    // tester's module): before, it held the built-in, whose numbers the search never saw, and
    // checkScenario proved race-free, by exhaustive search, a program that loses updates.
    const rand = Math.random;
    const rare = slowOneInAHundred('rare-slow', rand);
    const [result] = await checkScenario(rare);
    // The search saw the draws, so random trials decided, and found the lost update.
    expect(result?.schedule).toBe('random');
    expect(result?.status).toBe('fail');
    // Outside runs the reference gives the built-in's numbers: two draws differ from a run's stream.
    expect(rand()).not.toBe(rand());
  });

  it('a Math.random of the caller’s own is watched while a run draws through it: a search of it is no proof', async () => {
    // A spy or wrapper of the caller's that calls a real generator (a reviewer's module): its
    // numbers are not lockdemo's to seed, and before, the search did not see the program draw, and
    // proved race-free a program whose lost update needs a rare number.
    // A generator of the caller's own, which lockdemo cannot seed: its first 40 numbers are never
    // slow (the search's few interleavings see no race), and then one in three is.
    let n = 0;
    const own = (): number => (++n > 40 && n % 3 === 0 ? 0.001 : 0.5);
    Math.random = own;
    const rare = slowOneInAHundred('own-rare', () => Math.random());
    const [result] = await checkScenario(rare);
    // Before: pass, by a complete exhaustive search. Now the draws are seen, and the trials find the race.
    expect(result).toMatchObject({ status: 'fail', schedule: 'random' });
    expect(n).toBeGreaterThan(40);
    // And the caller's is theirs again after.
    expect(Math.random).toBe(own);
  });

  it('a wrapper captured during a run and put back after it still gives the caller’s numbers, and later runs work', async () => {
    // A spy made while a run was in flight and restored after it puts lockdemo's wrapper back
    // in place: before, the next run's wrapper called itself, and every trial threw.
    let n = 0;
    const own = (): number => (++n % 10) / 10;
    Math.random = own;
    const running = runScenario(drawing(new Map()), { trials: 50, seed: 1 });
    const captured = Math.random;
    await running;
    expect(Math.random).toBe(own);
    Math.random = captured;
    const before = n;
    Math.random();
    expect(n).toBe(before + 1);
    const after = await runScenario(drawing(new Map()), { trials: 20, seed: 1 });
    expect(after.variants[0]?.outcomes.filter((o) => o.count > 0).every((o) => o.runner === undefined)).toBe(true);
    expect(n).toBeGreaterThan(before + 20);
  });
});
