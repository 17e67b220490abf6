import { describe, expect, it } from 'vitest';
import counter from '../../scenarios/counter.js';
import readOnly from '../../scenarios/read-only.js';
import bank from '../../scenarios/bank.js';
import deadlock from '../../scenarios/deadlock.js';
import nested from '../fixtures/nested-locks.mjs';
import { findMinimalRace } from '../../src/core/minimal-race.js';
import { ablateVariant, everyLockUnneeded, withoutLock } from '../../src/core/ablate.js';
import { CoverageTracker, MAX_TRACKED } from '../../src/core/coverage.js';
import { permutations } from '../../src/core/serializable.js';
import { variantExtender } from '../../src/core/variant-extras.js';
import { defineScenario, runScenario, replayTrial, RunOptionError } from '../../src/index.js';
import { parseSchedule } from '../../src/core/pickers.js';

/**
 * An independent model of the counter, written without the engine: each task is two steps,
 * "read; yield" then "write read+1; end". A preemption is a switch away from a task that has
 * not ended. Enumerates every interleaving with its preemptions and final value.
 */
function counterModel(n: number): Array<{ picks: number[]; preemptions: number; value: number }> {
  const out: Array<{ picks: number[]; preemptions: number; value: number }> = [];
  const walk = (pc: number[], read: number[], value: number, picks: number[], preemptions: number, previous: number): void => {
    const ready = pc.flatMap((p, task) => (p < 2 ? [task] : []));
    if (ready.length === 0) {
      out.push({ picks: [...picks], preemptions, value });
      return;
    }
    for (const task of ready) {
      const preempts = previous >= 0 && previous !== task && pc[previous]! < 2 ? 1 : 0;
      const nextPc = [...pc];
      nextPc[task]!++;
      const nextRead = [...read];
      let nextValue = value;
      if (pc[task] === 0) nextRead[task] = value;
      else nextValue = read[task]! + 1;
      walk(nextPc, nextRead, nextValue, [...picks, task], preemptions + preempts, task);
    }
  };
  walk(new Array<number>(n).fill(0), new Array<number>(n).fill(0), 0, [], 0, -1);
  return out;
}

/** The model's preemption count of one replay string. */
function modelPreemptions(picks: number[]): number {
  const pc: number[] = [];
  let previous = -1;
  let count = 0;
  for (const task of picks) {
    if (previous >= 0 && previous !== task && (pc[previous] ?? 0) < 2) count++;
    pc[task] = (pc[task] ?? 0) + 1;
    previous = task;
  }
  return count;
}

describe('the smallest race (iterative context bounding)', () => {
  for (const n of [3, 4]) {
    it(`finds the counter's race with the fewest preemptions a brute-force model needs (${n} tasks)`, async () => {
      const model = counterModel(n);
      expect(model.length).toBe([1, 1, 6, 90, 2520][n]); // (2n)!/2^n
      const fewest = Math.min(...model.filter((m) => m.value < n).map((m) => m.preemptions));
      expect(fewest).toBe(1);
      const minimal = await findMinimalRace(counter, { variant: 'unlocked', forbidden: false, tasks: n });
      expect(minimal).toMatchObject({ found: true, preemptions: fewest, target: 'race' });
      if (!minimal.found) return;
      // The schedule it gives is a real racing interleaving of the model with that many preemptions.
      const picks = [...parseSchedule(minimal.schedule, n)];
      const same = model.find((m) => m.picks.join() === picks.join());
      expect(same).toBeDefined();
      expect(same!.value).toBeLessThan(n);
      expect(modelPreemptions(picks)).toBe(fewest);
      expect((await replayTrial(counter, { variant: 'unlocked', tasks: n, schedule: minimal.schedule })).grade).toBe('race');
    });
  }

  it('says it found nothing, with the bound it proved, when the budget runs out first', async () => {
    const minimal = await findMinimalRace(counter, { variant: 'unlocked', forbidden: false, tasks: 6, budget: 100 });
    expect(minimal).toMatchObject({ found: false, reason: 'budget', provenUpTo: -1 });
  });
});

describe('coverage of random and pct runs', () => {
  it('counts distinct interleavings and gives their share of the exhaustive total', async () => {
    const report = await runScenario(counter, {
      seed: 3,
      trials: 40,
      coverage: true,
      extendVariant: variantExtender(counter, { minimal: false }),
    });
    const unlocked = report.variants[0]!;
    // Independent: the same run's picks, replayed one by one, are at most 40 distinct strings
    // among the model's 90 interleavings.
    expect(unlocked.coverage).toMatchObject({ trials: 40, total: 90, sampled: false });
    expect(unlocked.coverage!.distinct).toBeGreaterThan(15);
    expect(unlocked.coverage!.distinct).toBeLessThanOrEqual(40);
    expect(unlocked.coverage!.share).toBeCloseTo(unlocked.coverage!.distinct / 90, 10);
    expect(unlocked.coverage!.unseenMass).toBeCloseTo(unlocked.coverage!.singletons / 40, 10);
  });

  it('computes Good–Turing from the singletons', () => {
    const tracker = new CoverageTracker();
    for (const picks of [
      [0, 1],
      [0, 1],
      [1, 0],
      [0, 0, 1],
      [1, 1],
    ])
      tracker.add(picks);
    expect(tracker.summary()).toEqual({ trials: 5, distinct: 4, singletons: 3, unseenMass: 0.6, sampled: false, sampleRate: 1 });
  });

  it('keeps memory bounded past the cap and estimates the distinct count from a hash sample', () => {
    const tracker = new CoverageTracker();
    const n = MAX_TRACKED * 3;
    for (let i = 0; i < n; i++) tracker.add([i % 7, (i >> 3) & 0xffff, i >>> 19, i & 7]);
    const s = tracker.summary();
    expect(s.sampled).toBe(true);
    expect(s.sampleRate).toBeGreaterThanOrEqual(4);
    expect(Math.abs(s.distinct - n) / n).toBeLessThan(0.05);
    expect(s.unseenMass).toBe(1); // every one seen once: all the mass is still unseen
  });
});

describe('lock ablation', () => {
  it('finds the counter lock necessary, with a forbidden outcome and its replay without the lock', async () => {
    const a = await ablateVariant(counter, { variant: 'locked' });
    expect(a.locks).toHaveLength(1);
    expect(a.locks[0]).toMatchObject({
      lock: 't.lock',
      necessary: true,
      without: { value: 2, description: '1 update lost', preemptions: 1 },
    });
    const replay = await replayTrial(withoutLock(counter, 't.lock'), { variant: 'locked', schedule: a.locks[0]!.without!.schedule });
    expect(replay).toMatchObject({ value: 2, grade: 'forbidden' });
    // With the lock the same schedule does not even fit: the lock makes task C wait.
    await expect(replayTrial(counter, { variant: 'locked', schedule: a.locks[0]!.without!.schedule })).rejects.toThrow();
    expect(everyLockUnneeded([a])).toBe(false);
  });

  it('finds the read-only lock not needed, after every interleaving (90, as without any lock)', async () => {
    const a = await ablateVariant(readOnly, { variant: 'locked' });
    expect(a.locks).toEqual([expect.objectContaining({ lock: 't.lock', necessary: false, complete: true, total: 90 })]);
    expect(everyLockUnneeded([a])).toBe(true);
  });

  it('says how far it searched when every interleaving is too many', async () => {
    const a = await ablateVariant(readOnly, { variant: 'locked', tasks: 5, budget: 3000 });
    expect(a.locks).toEqual([{ lock: 't.lock', necessary: false, complete: false, provenUpTo: 1, interleavings: 3000 }]);
    // Not a proof, so a check does not count it as "every lock unneeded" any differently: it is not necessary as far as known.
    expect(everyLockUnneeded([a])).toBe(true);
  });

  it('removes named locks one at a time', async () => {
    const a = await ablateVariant(bank, { variant: 'ordered-account-locks' });
    expect(a.locks.map((l) => [l.lock, l.necessary])).toEqual([
      ['account0', true],
      ['account1', true],
      ['account2', true],
    ]);
    // One is necessary alone: nothing more to ask.
    expect(a.together).toBeUndefined();
  });

  it('removes two locks around the same steps at once too: each alone can go, not both (check failed it)', async () => {
    const a = await ablateVariant(nested, { variant: 'both' });
    expect(a.locks.map((l) => [l.lock, l.necessary])).toEqual([
      ['L', false],
      ['M', false],
    ]);
    expect(a.together).toMatchObject({ lock: 'L, M', necessary: true, without: { value: 1, description: 'one lost', preemptions: 1 } });
    expect(everyLockUnneeded([a])).toBe(false);
    // The deadlock scenario's ordered locks guard no state: unneeded alone and together.
    const ordered = await ablateVariant(deadlock, { variant: 'ordered' });
    expect(ordered.together).toMatchObject({ necessary: false, complete: true });
    expect(everyLockUnneeded([ordered])).toBe(true);
  });
});

describe("outcomes: 'serializable'", () => {
  // A plain .mjs fixture with no declaration file: a non-literal specifier keeps TypeScript from resolving it.
  const fixture: string = '../fixtures/serializable.mjs';
  const scenario = async () => ((await import(fixture)) as { default: Parameters<typeof runScenario>[0] }).default;

  it('allows exactly the values of the serial orders (computed by hand: 5, 7, 9) and names an order for each', async () => {
    const report = await runScenario(await scenario(), { schedule: 'exhaustive' });
    const locked = report.variants.find((v) => v.name === 'locked')!;
    // x = 1; A and C add 1, B triples. ABC: (2·3)+1 = 7; ACB: 3·3 = 9; BAC: 3+1+1 = 5; BCA 5; CAB 9; CBA 7.
    expect(locked.outcomes.map((o) => [o.value, o.grade, o.description])).toEqual([
      [5, 'correct', 'serial order B A C, and 1 more'],
      [7, 'correct', 'serial order A B C, and 1 more'],
      [9, 'correct', 'serial order A C B, and 1 more'],
    ]);
    expect(locked.verdict).toBe('pass');
    const unlocked = report.variants.find((v) => v.name === 'unlocked')!;
    const races = unlocked.outcomes.filter((o) => o.grade === 'race').map((o) => o.value);
    // Lost updates: the last writer wins with a stale read: 2 (x+1 of 1), 3 (1·3), 4 (3+1), 6 (2·3).
    expect(races).toEqual([2, 3, 4, 6]);
    expect(unlocked.outcomes.find((o) => o.value === 2)!.description).toBe('no serial order gives this: a race');
  });

  it('grades a race as forbidden in a variant that forbids races', async () => {
    const s = await scenario();
    const broken = defineScenario({
      ...s,
      variants: { locked: { races: 'forbidden', run: s.variants.unlocked!.run } },
      outcomes: 'serializable',
    });
    const report = await runScenario(broken, { schedule: 'exhaustive' });
    expect(report.verdict).toBe('fail');
    expect(report.variants[0]!.outcomes.find((o) => o.value === 2)!.grade).toBe('forbidden');
    const replay = await replayTrial(broken, { variant: 'locked', schedule: report.variants[0]!.firstForbidden!.schedule! });
    expect(replay.grade).toBe('forbidden');
  });

  it('refuses more than 8 tasks with one line', async () => {
    await expect(runScenario(await scenario(), { tasks: 9 })).rejects.toThrow(RunOptionError);
    await expect(runScenario(await scenario(), { tasks: 9 })).rejects.toThrow(
      "outcomes: 'serializable' runs every serial order of the tasks, so it allows at most 8 tasks (8! = 40,320 orders); this run has 9",
    );
  });

  it('enumerates n! orders', () => {
    expect(permutations(3)).toEqual([
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ]);
    expect(permutations(8)).toHaveLength(40320);
  });
});
