/**
 * The least PCT depth of a recorded interleaving (src/core/pct-depth.ts), and its count of PCT
 * trials, against PCT as published (test/reference/pct-paper.ts, no code shared with pct.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import counter from '../../scenarios/counter.js';
import wake from '../fixtures/wake-forbidden.mjs';
import preempts from '../fixtures/wake-preempts.mjs';
import { leastPctDepth, pctTrialCount, pctTrialsGiving, type WitnessPick } from '../../src/core/pct-depth.js';
import { recordPicks } from '../../src/core/pct-witness.js';
import type { Scenario } from '../../src/core/scenario.js';
import { paperCount, type Offer } from '../reference/pct-paper.js';

/** The offers as the paper's simulator takes them: the task picked at each step. */
function offersOf(picks: readonly WitnessPick[]): Offer[] {
  return picks.map((p) => ({ ready: p.ready, pick: p.ready[p.index] ?? -1 }));
}

async function recorded<S, R>(scenario: Scenario<S, R>, schedule: string): Promise<WitnessPick[]> {
  const r = await recordPicks(scenario, { variant: 'unlocked', schedule });
  if (r === undefined) throw new Error(`${schedule} did not replay`);
  return r.picks;
}

describe('the PCT depth of a recorded interleaving', () => {
  it("the tester's wake-up: 0 preemptions, yet depth 2 (1 trial in 8 at k = 4), none at depth 1", async () => {
    const picks = await recorded(wake, 'A B B A');
    // The engine's offers, as the program gives them: B wakes A at step 2 and goes on.
    expect(picks.map((p) => [...p.ready].sort())).toEqual([[0, 1], [1], [0, 1], [0]]);
    // `previous` is the task that ran the step before (none before the first).
    expect(picks.map((p) => p.previous)).toEqual([-1, 0, 1, 1]);
    expect(leastPctDepth(picks, 2, 20)).toMatchObject({ depth: 2 });
    const offers = offersOf(picks);
    expect([1, 2, 3].map((d) => pctTrialsGiving(picks, 2, d, 4))).toEqual([1, 2, 3].map((d) => paperCount(offers, 2, d, 4)));
    expect(paperCount(offers, 2, 1, 4)).toBe(0);
    expect(paperCount(offers, 2, 2, 4)).toBe(1);
    expect(pctTrialCount(2, 2, 4)).toBe(8);
  });

  it("the counter's smallest race (1 preemption) is depth 2, and its count matches the paper's at k = 6 and 8", async () => {
    const picks = await recorded(counter, 'A A C B B C');
    expect(leastPctDepth(picks, 3, 20)).toMatchObject({ depth: 2 });
    const offers = offersOf(picks);
    for (const k of [6, 8]) {
      expect([1, 2, 3].map((d) => pctTrialsGiving(picks, 3, d, k))).toEqual([1, 2, 3].map((d) => paperCount(offers, 3, d, k)));
    }
    expect(paperCount(offers, 3, 1, 6)).toBe(0);
  });

  it('a wake-up that preempts (1 preemption) is depth 1: half the trials at any k give it', async () => {
    const picks = await recorded(preempts, 'A B A B');
    // B is still ready at step 3 when A, woken, takes the turn: a preemption, and no change point.
    expect(picks.map((p) => [...p.ready].sort())).toEqual([[0, 1], [1], [0, 1], [1]]);
    expect(leastPctDepth(picks, 2, 20)).toMatchObject({ depth: 1 });
    const offers = offersOf(picks);
    for (const k of [4, 6]) {
      expect([1, 2].map((d) => pctTrialsGiving(picks, 2, d, k))).toEqual([1, 2].map((d) => paperCount(offers, 2, d, k)));
    }
    expect(paperCount(offers, 2, 1, 4)).toBe(1);
  });

  it('says how far it searched when the next depth would try more trials than its budget, or none is left', async () => {
    const picks = await recorded(wake, 'A B B A');
    // Depth 1 costs 2 trials, depth 2 another 8: a budget of 9 stops before depth 2.
    expect(leastPctDepth(picks, 2, 20, 9)).toEqual({ noneUpTo: 1 });
    expect(leastPctDepth(picks, 2, 20, 10)).toMatchObject({ depth: 2 });
    expect(leastPctDepth(picks, 2, 1)).toEqual({ noneUpTo: 1 });
    // Not even depth 1 fits: nothing was searched, and nothing is said.
    expect(leastPctDepth(picks, 2, 20, 1)).toBeUndefined();
  });

  it('agrees with the paper on random ready sets: every count, and the least depth', () => {
    const run = fc.record({ n: fc.integer({ min: 2, max: 4 }), length: fc.integer({ min: 1, max: 6 }) }).chain(({ n, length }) =>
      fc.record({
        n: fc.constant(n),
        steps: fc.array(
          fc
            .tuple(fc.subarray([...Array(n).keys()], { minLength: 1 }), fc.nat())
            .map(([ready, at]) => ({ ready, pick: ready[at % ready.length] ?? 0 })),
          { minLength: length, maxLength: length },
        ),
      }),
    );
    fc.assert(
      fc.property(run, ({ n, steps }) => {
        const picks: WitnessPick[] = steps.map((s, i) => ({
          ready: s.ready,
          previous: i === 0 ? -1 : (steps[i - 1]?.pick ?? -1),
          index: s.ready.indexOf(s.pick),
        }));
        const k = steps.length;
        const counts = [1, 2, 3].map((d) => paperCount(steps, n, d, k));
        expect([1, 2, 3].map((d) => pctTrialsGiving(picks, n, d, k))).toEqual(counts);
        expect(pctTrialsGiving(picks, n, 2, k + 2)).toBe(paperCount(steps, n, 2, k + 2));
        const least = counts.findIndex((c) => c > 0);
        const search = leastPctDepth(picks, n, 3);
        // A search that found no depth up to 3 says so; one that found one gives the least.
        expect(search).toBeDefined();
        const found = search !== undefined && 'depth' in search ? search : undefined;
        expect(found?.depth).toBe(least < 0 ? undefined : least + 1);
        if (found === undefined) expect(search).toEqual({ noneUpTo: 3 });
        // The least k at that depth, by every trial a run with that k draws: some give it, and
        // none with one less (the paper's points shift by one step against k below the run's
        // length, see pct-paper.ts, so the count is the picker's own, with its own k).
        if (found !== undefined && found.depth > 1) {
          expect(pctTrialsGiving(picks, n, found.depth, found.steps)).toBeGreaterThan(0);
          if (found.steps > 1) expect(pctTrialsGiving(picks, n, found.depth, found.steps - 1)).toBe(0);
        } else if (found !== undefined) expect(found.steps).toBe(1);
      }),
      { numRuns: 150, seed: 1 },
    );
  });
});
