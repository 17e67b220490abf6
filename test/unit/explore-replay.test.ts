import { describe, expect, it } from 'vitest';
import { PctPicker, ReplayError } from '../../src/core/pickers.js';
import { replayTrial, runScenario } from '../../src/core/run-scenario.js';
import { defineScenario, ScenarioError } from '../../src/core/scenario.js';
import cache from '../../scenarios/cache.js';
import counter from '../../scenarios/counter.js';
import deadlock from '../../scenarios/deadlock.js';
import inventory from '../../scenarios/inventory.js';

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
const seen = (report: Awaited<ReturnType<typeof runScenario>>, variant: string): Record<string, number> =>
  Object.fromEntries(
    report.variants
      .find((v) => v.name === variant)!
      .outcomes.filter((o) => o.count > 0)
      .map((o): [string, number] => [String(o.value), o.count]),
  );

describe('exhaustive schedule', () => {
  it('explores (2N)!/2^N interleavings of N tasks with 2 steps each', async () => {
    for (const tasks of [1, 2, 3, 4, 5]) {
      const report = await runScenario(counter, { schedule: 'exhaustive', tasks, variants: ['unlocked'] });
      const v = report.variants[0]!;
      expect(v.interleavings, `${tasks} tasks`).toBe(factorial(2 * tasks) / 2 ** tasks);
      expect(v.complete).toBe(true);
      expect(v.outcomes.reduce((sum, o) => sum + o.count, 0)).toBe(v.interleavings);
    }
  });

  it('gives exact counts: 3 tasks lose updates in 84 of 90 interleavings, never when locked', async () => {
    const report = await runScenario(counter, { schedule: 'exhaustive' });
    expect(seen(report, 'unlocked')).toEqual({ 1: 48, 2: 36, 3: 6 });
    expect(seen(report, 'locked')).toEqual({ 3: 36 });
    expect(report.variants.every((v) => v.complete)).toBe(true);
  });

  it('with no preemptions allowed, runs each task to its end: N! orders, no race', async () => {
    for (const tasks of [2, 3, 4]) {
      const report = await runScenario(counter, { schedule: 'exhaustive', tasks, preemptions: 0, variants: ['unlocked'] });
      expect(seen(report, 'unlocked')).toEqual({ [tasks]: factorial(tasks) });
    }
    const one = await runScenario(counter, { schedule: 'exhaustive', tasks: 3, preemptions: 1, variants: ['unlocked'] });
    expect(one.variants[0]!.interleavings).toBeLessThan(90);
    expect(one.variants[0]!.raceCount).toBeGreaterThan(0);
    expect(one.preemptions).toBe(1);
  });

  it('says when the bound cut the search short', async () => {
    const report = await runScenario(counter, { schedule: 'exhaustive', tasks: 4, maxInterleavings: 100, variants: ['unlocked'] });
    expect(report.variants[0]).toMatchObject({ interleavings: 100, complete: false, trials: 100 });
  });

  it('refuses a scenario that is not deterministic', async () => {
    let trials = 0;
    const coinFlip = defineScenario({
      name: 'drifting',
      summary: 'yields once more in every other trial, as if it read the clock',
      tasks: 2,
      setup: () => ({ extra: trials++ % 2 === 1 }),
      variants: {
        v: {
          races: 'allowed',
          run: async (state, t) => {
            if (state.extra) await t.yield();
            await t.yield();
          },
        },
      },
      observe: () => 0,
      outcomes: [{ value: 0, grade: 'correct', description: 'ok' }],
    });
    await expect(runScenario(coinFlip, { schedule: 'exhaustive' })).rejects.toThrow(ScenarioError);
    await expect(runScenario(coinFlip, { schedule: 'exhaustive' })).rejects.toThrow(/not deterministic/);
  });

  it('finds every deadlock of the opposite lock order, and none in the ordered one', async () => {
    const report = await runScenario(deadlock, { schedule: 'exhaustive' });
    expect(seen(report, 'opposite-order')).toEqual({ deadlock: 4, done: 4 });
    expect(seen(report, 'ordered')).toEqual({ done: 6 });
  });
});

describe('replay', () => {
  it('reproduces any recorded trial exactly from its schedule string', async () => {
    for (let k = 1; k <= 40; k++) {
      const report = await runScenario(cache, { trials: 40, seed: 17, captureTrial: k, variants: ['split-lock'] });
      const captured = report.variants[0]!.captured!;
      const replayed = await replayTrial(cache, { variant: 'split-lock', schedule: captured.schedule! });
      expect(replayed.value).toBe(captured.value);
      expect(replayed.schedule).toBe(captured.schedule);
    }
  });

  it('replays the first racing trial of a run to the same outcome', async () => {
    const report = await runScenario(counter, { trials: 1000, seed: 7 });
    const first = report.variants[0]!.firstRace!;
    expect(first.trial).toBeGreaterThanOrEqual(1);
    const replayed = await replayTrial(counter, { variant: 'unlocked', schedule: first.schedule! });
    expect(replayed).toMatchObject({ value: first.value, grade: 'race', schedule: first.schedule });
  });

  it.each([
    ['A B', /too short: it ends after step 2, but step 3 must choose among A B C/],
    ['A A A A A A A', /step 3 picks A, which is not runnable there \(runnable: B C\)/],
    ['A A B B C C A', /too long: the trial finished after step 6 of 7/],
    ['A 7', /step 2 of the replay string is "7"; expected a task letter/],
    ['A D', /step 2 names task D, but this run has 3 tasks \(A to C\)/],
    ['', /empty/],
  ])('rejects %j, saying where it stops fitting', async (schedule, message) => {
    const attempt = replayTrial(counter, { variant: 'unlocked', schedule });
    await expect(attempt).rejects.toThrow(ReplayError);
    await expect(replayTrial(counter, { variant: 'unlocked', schedule })).rejects.toThrow(message);
  });

  it('a string longer than maxSteps allows names the bound, not a trial that "finished"', async () => {
    const attempt = replayTrial(counter, { variant: 'unlocked', schedule: 'A B C A B C', maxSteps: 3 });
    await expect(attempt).rejects.toThrow(ReplayError);
    await expect(replayTrial(counter, { variant: 'unlocked', schedule: 'A B C A B C', maxSteps: 3 })).rejects.toThrow(
      'the replay string has 6 steps, but maxSteps 3 ends the trial after step 3: raise maxSteps',
    );
  });

  it('accepts task_A labels as well as letters', async () => {
    const trial = await replayTrial(counter, { variant: 'unlocked', schedule: 'task_A task_A task_B task_B task_C task_C' });
    expect(trial.value).toBe(3);
  });
});

describe('trace', () => {
  it('records every step of the lost update and marks the writes that destroyed an update', async () => {
    const trial = await replayTrial(counter, { variant: 'unlocked', schedule: 'C A B C A B' });
    expect(trial.events.map((e) => [e.step, e.task, e.text, e.lost])).toEqual([
      [1, 2, 'start', undefined],
      [1, 2, 'read value → 0', undefined],
      [1, 2, 'yield', undefined],
      [2, 0, 'start', undefined],
      [2, 0, 'read value → 0', undefined],
      [2, 0, 'yield', undefined],
      [3, 1, 'start', undefined],
      [3, 1, 'read value → 0', undefined],
      [3, 1, 'yield', undefined],
      [4, 2, 'write value = 1', undefined],
      [4, 2, 'end', undefined],
      [5, 0, 'write value = 1', "overwrites task_C's 1"],
      [5, 0, 'end', undefined],
      [6, 1, 'write value = 1', "overwrites task_A's 1"],
      [6, 1, 'end', undefined],
    ]);
    expect(trial).toMatchObject({ value: 1, grade: 'race', description: '2 updates lost' });
  });

  it('marks nothing when no update was lost', async () => {
    const trial = await replayTrial(counter, { variant: 'unlocked', schedule: 'A A B B C C' });
    expect(trial.events.some((e) => e.lost)).toBe(false);
    expect(trial.value).toBe(3);
  });

  it('shows lock acquire, wait, hand-off and resume', async () => {
    const trial = await replayTrial(counter, { variant: 'locked', tasks: 2, schedule: 'A B A B B' });
    const texts = trial.events.map((e) => `${e.task}: ${e.text}`);
    expect(texts).toEqual([
      '0: start',
      '0: acquire lock',
      '0: read value → 0',
      '0: yield',
      '1: start',
      '1: wait for lock (held by task_A)',
      '0: write value = 1',
      '0: release lock, waking task_B',
      '0: end',
      '1: resume, taking lock',
      '1: acquire lock',
      '1: read value → 1',
      '1: yield',
      '1: write value = 2',
      '1: release lock',
      '1: end',
    ]);
  });

  it('records Map reads, inserts and updates: the duplicate fetch of the cache is visible', async () => {
    const trial = await replayTrial(cache, { variant: 'unlocked', tasks: 2, schedule: 'A B A B' });
    const texts = trial.events.map((e) => `${e.task}: ${e.text}${e.lost ? ` ✗ ${e.lost}` : ''}`);
    expect(texts).toContain('0: read cache[1] → undefined');
    expect(texts).toContain('1: read cache[1] → undefined');
    expect(texts).toContain('0: read origin.fetches → 0');
    expect(texts).toContain('1: write origin.fetches = 2');
    // task_A inserted the title first: task_B's write finds the key there, and updates it.
    expect(texts).toContain('0: insert cache[1] = "title of post 1"');
    expect(texts).toContain(`1: update cache[1] = "title of post 1" ✗ overwrites task_A's "title of post 1"`);
    expect(trial.value).toBe(2);
  });

  it("shows the inventory's decrement as an update of the stock, never an insert (the key was there)", async () => {
    const trial = await replayTrial(inventory, { variant: 'unlocked', schedule: 'A A C B B C' });
    const texts = trial.events.map((e) => `${e.task}: ${e.text}`);
    expect(texts).toContain('0: update stock["widget"] = 1');
    expect(texts.filter((t) => t.includes('insert'))).toEqual([]);
  });

  it('names the wait cycle of a deadlock', async () => {
    const trial = await replayTrial(deadlock, { variant: 'opposite-order', schedule: 'A B A B' });
    expect(String(trial.value)).toBe('deadlock');
    expect(trial.waitCycle).toBe('task_A holds lock1 and waits for lock2; task_B holds lock2 and waits for lock1');
    expect(trial.events.at(-1)).toMatchObject({ task: -1, text: `deadlock: ${trial.waitCycle}` });
  });
});

describe('pct schedule', () => {
  it('is deterministic for a seed and reports its guarantee', async () => {
    const a = await runScenario(deadlock, { schedule: 'pct', trials: 2000, seed: 5, depth: 2 });
    const b = await runScenario(deadlock, { schedule: 'pct', trials: 2000, seed: 5, depth: 2 });
    expect(seen(a, 'opposite-order')).toEqual(seen(b, 'opposite-order'));
    const pct = a.variants[0]!.pct!;
    expect(pct.depth).toBe(2);
    expect(pct.guarantee).toBeCloseTo(1 / (2 * pct.steps), 12);
    expect(pct.trialsFor99).toBe(Math.ceil(Math.log(0.01) / Math.log(1 - pct.guarantee)));
  });

  it('finds the deadlock at least as often as it promises, and never in the ordered variant', async () => {
    const report = await runScenario(deadlock, { schedule: 'pct', trials: 2000, seed: 9, depth: 2 });
    const opposite = report.variants.find((v) => v.name === 'opposite-order')!;
    expect(opposite.raceCount).toBe(0); // a deadlock is not a race
    expect(opposite.deadlockCount / opposite.trials).toBeGreaterThanOrEqual(opposite.pct!.guarantee);
    expect(seen(report, 'ordered')).toEqual({ done: 2000 });
  });

  it('says when trials ran longer than the pilot k that its guarantee assumes', async () => {
    // Every 3-task counter trial takes 6 steps: the pilot's k covers them all.
    const counted = await runScenario(counter, { schedule: 'pct', trials: 500, seed: 1, variants: ['unlocked'] });
    expect(counted.variants[0]!.pct).toMatchObject({ steps: 6 });
    expect(counted.variants[0]!.pct!.longest).toBeUndefined();
    // A polls for B: under random, rarely long; under pct, until a change point drops A. The
    // program bounds a trial to 45 steps (A's start and at most 40 polls, B's start and 3 yields).
    const polling = (await import('../fixtures/pct-longer.mjs')).default;
    const pct = (await runScenario(polling, { schedule: 'pct', trials: 2000, seed: 1 })).variants[0]!.pct!;
    expect(pct.longest).toBeGreaterThan(pct.steps);
    expect(pct.longest).toBeLessThanOrEqual(45);
  });

  it('says nothing of k at depth 1, which has no change points: the bound 1/n holds at any length', async () => {
    const polling = (await import('../fixtures/pct-longer.mjs')).default;
    const deep = (await runScenario(polling, { schedule: 'pct', depth: 2, trials: 2000, seed: 1 })).variants[0]!.pct!;
    expect(deep.longest).toBeGreaterThan(deep.steps);
    const flat = (await runScenario(polling, { schedule: 'pct', depth: 1, trials: 2000, seed: 1 })).variants[0]!.pct!;
    expect(flat).toMatchObject({ depth: 1, guarantee: 1 / 2 });
    expect(flat.longest).toBeUndefined();
  });

  it('computes the PCT bound 1/(n·k^(d−1)) and the 99% trial count', () => {
    expect(PctPicker.guarantee(3, 10, 3)).toBeCloseTo(1 / 300, 12);
    expect(PctPicker.trialsFor99(1 / 300)).toBe(1380);
    expect(PctPicker.trialsFor99(1)).toBe(1);
  });
});

describe('deadlock scenario under every schedule', () => {
  it('random finds the deadlock; ordered never deadlocks', async () => {
    const report = await runScenario(deadlock, { trials: 2000, seed: 1 });
    expect(seen(report, 'opposite-order').deadlock).toBeGreaterThan(500);
    expect(seen(report, 'ordered')).toEqual({ done: 2000 });
    expect(report.verdict).toBe('pass');
  });

  it('event-loop and timers detect the deadlock from the locks, without waiting for the timeout', async () => {
    const started = Date.now();
    for (const schedule of ['event-loop', 'timers'] as const) {
      const report = await runScenario(deadlock, { schedule, trials: 20, seed: 1, timeoutMs: 60_000 });
      expect(seen(report, 'ordered')).toEqual({ done: 20 });
      expect(Object.keys(seen(report, 'opposite-order'))).toContain('deadlock');
    }
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

describe('replay of a scenario with a shared resource', () => {
  it('opens the resource for the replayed trial and closes it afterwards', async () => {
    const events: string[] = [];
    const scenario = defineScenario<{ value: number; base: number }, { base: number }>({
      name: 'with-resource',
      summary: 'setup reads what open returned',
      tasks: 2,
      open: () => {
        events.push('open');
        return { base: 40 };
      },
      close: () => {
        events.push('close');
      },
      setup: ({ resource }) => ({ value: 0, base: resource.base }),
      variants: {
        unlocked: {
          races: 'allowed',
          run: async (state, t) => {
            const current = state.value;
            await t.yield();
            state.value = current + 1;
          },
        },
      },
      observe: (state) => state.base + state.value,
      outcomes: [
        { value: 42, grade: 'correct', description: 'both kept' },
        { value: 41, grade: 'race', description: 'one lost' },
      ],
    });
    const trial = await replayTrial(scenario, { schedule: 'A B A B' });
    expect(trial).toMatchObject({ value: 41, grade: 'race' });
    expect(events).toEqual(['open', 'close']);
  });
});
