import { afterEach, describe, expect, it } from 'vitest';
import { defineScenario, replayTrial, runScenario } from '../../src/index.js';
import { holdSeededRandom, randomKey, reseedTrialRandom } from '../../src/core/trial-random.js';

const native = Math.random;

afterEach(() => {
  // A failed test must not leave the next one a seeded (or a test's own) Math.random.
  Math.random = native;
});

/** `n` draws of the trial at `index` of the plan with `key`, from its start. */
function drawsOf(seed: number, variant: string, index: number, n = 8): number[] {
  reseedTrialRandom(randomKey(seed, variant), index);
  return Array.from({ length: n }, () => Math.random());
}

describe('the per-trial reseed', () => {
  it('gives the same trial the same numbers, and another trial, seed or variant other numbers', () => {
    const release = holdSeededRandom();
    try {
      const trial5 = drawsOf(3, 'locked', 5);
      // Draws in between (another trial's) change nothing: the stream starts over.
      drawsOf(3, 'locked', 6, 100);
      expect(drawsOf(3, 'locked', 5)).toEqual(trial5);
      const others = [drawsOf(3, 'locked', 6), drawsOf(3, 'locked', 4), drawsOf(4, 'locked', 5), drawsOf(3, 'unlocked', 5)];
      for (const other of others) {
        expect(other).not.toEqual(trial5);
        // Not a shifted copy either: no draw of the one stream is any of the other's.
        expect(other.filter((x) => trial5.includes(x))).toEqual([]);
      }
      // Seeds past 2^32 are told apart from their low half.
      expect(drawsOf(2 ** 32 + 3, 'locked', 5)).not.toEqual(trial5);
    } finally {
      release();
    }
  });

  it('draws doubles in [0, 1) with 53 random bits, uniform, as the built-in does', () => {
    const release = holdSeededRandom();
    try {
      const xs = drawsOf(1, 'v', 0, 20_000);
      expect(xs.every((x) => typeof x === 'number' && x >= 0 && x < 1)).toBe(true);
      // A double of 32 bits is a multiple of 2^-32; of 53 bits, almost never.
      expect(xs.filter((x) => Number.isInteger(x * 2 ** 32)).length).toBeLessThan(5);
      expect(xs.every((x) => Number.isInteger(x * 2 ** 53))).toBe(true);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      // 20,000 uniform draws: the mean's standard deviation is 0.002; 0.01 is five of them.
      expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
      const below = xs.filter((x) => x < 0.25).length / xs.length;
      expect(Math.abs(below - 0.25)).toBeLessThan(0.015);
      // Like the built-in: a function of no argument that is no constructor.
      expect(Math.random.length).toBe(0);
      expect(Math.random.name).toBe('random');
      expect('prototype' in Math.random).toBe(false);
    } finally {
      release();
    }
  });
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

  it('a Math.random of the caller’s own (their seeded one) is kept through a run, not replaced', async () => {
    let n = 0;
    const own = (): number => (n = (n + 1) % 10) / 10;
    Math.random = own;
    const seen = new Map<number, number[]>();
    await runScenario(drawing(seen), { trials: 3, seed: 1 });
    expect(Math.random).toBe(own);
    expect(seen.get(0)?.[0]).toBe(0.1);
  });
});
