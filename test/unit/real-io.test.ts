// `t.io`: real I/O under the controlled schedules. The rule under test (trial-doors.ts
// io()): before a pick the engine waits for every `t.io` in flight to finish, then makes their
// tasks ready in the order the operations were started; which of them resumes first is a
// scheduling decision, explored, sampled and replayed like any other.
import { describe, expect, it } from 'vitest';
import { replayTrial, runScenario, type RunOptions, type VariantReport } from '../../src/core/run-scenario.js';
import { defineScenario, type ObservedValue, type TaskContext } from '../../src/core/scenario.js';
import { HANG } from '../../src/core/runner-outcomes.js';
import cache from '../../scenarios/cache.js';

/** A real operation: a timer of `ms` that resolves with `value` (or rejects with it). */
const after = <T>(ms: number, value: T, reject = false): Promise<T> =>
  new Promise<T>((resolve, fail) => setTimeout(() => (reject ? fail(value as unknown as Error) : resolve(value)), ms));

/** A one-variant scenario; every value is graded correct, runner outcomes by their defaults. */
function probe<S>(setup: () => S, run: (state: S, t: TaskContext) => Promise<void>, observe: (state: S) => ObservedValue, tasks = 2) {
  return defineScenario<S>({
    name: 'io-probe',
    summary: 'a test probe',
    tasks,
    setup,
    variants: { only: { races: 'allowed', run } },
    observe,
    outcomes: [{ match: () => true, grade: 'correct', description: 'seen' }],
  });
}

const only = (report: { variants: VariantReport[] }): VariantReport => report.variants[0]!;
const histogram = (v: VariantReport): Record<string, number> =>
  Object.fromEntries(v.outcomes.filter((o) => o.count > 0).map((o) => [String(o.value), o.count]));

/** Task A's operation takes 10 ms, task B's 1 ms; each task logs its letter when it resumes. */
const slowAFastB = () =>
  probe(
    () => ({ log: '' }),
    async (s, t) => {
      await t.io(after(t.id === 0 ? 10 : 1, t.label));
      s.log += t.label.slice(5);
    },
    (s) => s.log,
  );

describe('t.io under the controlled schedules', () => {
  it('exhaustive explores both delivery orders, whichever operation really finished first', async () => {
    const v = only(await runScenario(slowAFastB(), { schedule: 'exhaustive' }));
    expect(v.complete).toBe(true);
    // Two steps per task (start, resume): 4!/(2!·2!) = 6 interleavings, A's resume last in 3.
    expect(v.trials).toBe(6);
    expect(histogram(v)).toEqual({ AB: 3, BA: 3 });
  });

  it('random and pct sample both orders; event-loop, a plain await, gives only the real one', async () => {
    for (const schedule of ['random', 'pct'] as const) {
      const v = only(await runScenario(slowAFastB(), { schedule, trials: 40, seed: 7 }));
      expect(Object.keys(histogram(v)).sort(), schedule).toEqual(['AB', 'BA']);
    }
    // Both operations are in flight at once there, and B's 1 ms timer fires before A's 10 ms one.
    const v = only(await runScenario(slowAFastB(), { schedule: 'event-loop', trials: 3 }));
    expect(histogram(v)).toEqual({ BA: 3 });
  });

  it('a replay delivers the completions in the order its string gives', async () => {
    // Steps: A starts (its I/O begins), B starts (its I/O begins), then the resumes.
    expect((await replayTrial(slowAFastB(), { schedule: 'A B A B' })).value).toBe('AB');
    expect((await replayTrial(slowAFastB(), { schedule: 'A B B A' })).value).toBe('BA');
    expect((await replayTrial(slowAFastB(), { schedule: 'B A A B' })).value).toBe('AB');
    // The trace names the door.
    const traced = await replayTrial(slowAFastB(), { schedule: 'A B B A' });
    expect(traced.events.filter((e) => e.text === 'real I/O (t.io)').length).toBe(2);
    expect(traced.events.filter((e) => e.text === 'resume: I/O done').length).toBe(2);
  });

  it('operations in flight together reach their task in start order, not in the order they finished', async () => {
    // One task starts a slow and a fast operation in the same segment: the fast one finishes
    // first in real time, yet its strand resumes second, in every interleaving.
    const scenario = probe(
      () => ({ log: [] as string[] }),
      async (s, t) => {
        if (t.id === 1) {
          s.log.push('B');
          return;
        }
        await Promise.all([t.io(after(30, 'slow')).then((v) => s.log.push(v)), t.io(after(1, 'fast')).then((v) => s.log.push(v))]);
      },
      (s) => s.log.join(' '),
    );
    const v = only(await runScenario(scenario, { schedule: 'exhaustive' }));
    expect(v.complete).toBe(true);
    for (const value of Object.keys(histogram(v))) expect(value.replace(/ ?B ?/, ' ').trim()).toBe('slow fast');
    // Under a plain await the real order shows.
    expect(histogram(only(await runScenario(scenario, { schedule: 'event-loop', trials: 2 })))).toEqual({ 'B fast slow': 2 });
  });

  it('waits for an operation a strand starts after its task has parked: no pick while it is in flight', async () => {
    // A's strand starts its I/O one microtask after A yields, when the pick is already due.
    const scenario = probe(
      () => ({ log: [] as string[] }),
      async (s, t) => {
        let strand: Promise<unknown> | undefined;
        if (t.id === 0) {
          strand = Promise.resolve()
            .then(() => t.io(after(20, 'io')))
            .then((v) => s.log.push(v));
          await t.yield();
        }
        s.log.push(t.label.slice(5));
        // Awaited at the end: a trial ends when every task has returned, and does not wait for
        // work a task left unawaited.
        await strand;
      },
      (s) => s.log.join(' '),
    );
    const a = only(await runScenario(scenario, { schedule: 'exhaustive' }));
    const b = only(await runScenario(scenario, { schedule: 'exhaustive' }));
    expect(a.complete).toBe(true);
    // Every trial waited for the I/O and delivered it before the trial could end.
    for (const value of Object.keys(histogram(a))) expect(value.split(' ').sort()).toEqual(['A', 'B', 'io']);
    expect(histogram(b)).toEqual(histogram(a));
  });

  it('a rejected operation throws in the task: an error outcome, or a value when the task catches it', async () => {
    const failing = (caught: boolean) =>
      probe(
        () => ({ got: '' }),
        async (s, t) => {
          try {
            await t.io(after(1, new Error(`refused ${t.label}`), true));
          } catch (error) {
            if (!caught) throw error;
            s.got += t.label.slice(5);
          }
        },
        (s) => s.got.split('').sort().join(''),
      );
    const thrown = only(await runScenario(failing(false), { schedule: 'exhaustive' }));
    // The first task to resume throws and ends the trial: A in AA, ABA, BAA; B in the other three.
    expect(histogram(thrown)).toEqual({ 'error: refused task_A': 3, 'error: refused task_B': 3 });
    expect(histogram(only(await runScenario(failing(true), { schedule: 'exhaustive' })))).toEqual({ AB: 6 });
  });

  it('calls a function argument once, in the task, and treats its throw as a rejection', async () => {
    let calls = 0;
    const scenario = probe(
      () => ({ by: [] as number[] }),
      async (s, t) => {
        const value = await t.io(() => {
          calls++;
          s.by.push(t.id);
          return after(1, 'ok');
        });
        if (value !== 'ok') throw new Error(`got ${value}`);
      },
      (s) => s.by.join(''),
      1,
    );
    expect(histogram(only(await runScenario(scenario, { schedule: 'random', trials: 5, seed: 1 })))).toEqual({ 0: 5 });
    expect(calls).toBe(5);
    const throwing = probe(
      () => ({}),
      async (_s, t) => {
        await t.io(() => {
          throw new Error('no connection');
        });
      },
      () => 'done',
      1,
    );
    expect(histogram(only(await runScenario(throwing, { schedule: 'random', trials: 2, seed: 1 })))).toEqual({ 'error: no connection': 2 });
  });

  it('bounds an operation that never finishes by the timeout: a hang, with its replay string', async () => {
    const scenario = probe(
      () => ({}),
      async (_s, t) => {
        if (t.id === 1) await t.io(new Promise<never>(() => {}));
      },
      () => 'done',
    );
    const options: RunOptions = { schedule: 'random', trials: 2, seed: 3, timeoutMs: 150 };
    const started = performance.now();
    const v = only(await runScenario(scenario, options));
    // Never before the bound (no upper bound: the machine may be slow).
    expect(performance.now() - started).toBeGreaterThanOrEqual(2 * 140);
    expect(v.outcomes.find((o) => o.value === HANG)?.count).toBe(2);
    expect(v.verdict).toBe('fail');
    // The trial is replayable up to where it hung: B had started its operation.
    expect(v.firstForbidden?.value).toBe(HANG);
    expect(v.firstForbidden?.schedule).toMatch(/B/);
  });

  it('still reports a task that then awaits something outside the doors as stalled', async () => {
    const scenario = probe(
      () => ({}),
      async (_s, t) => {
        await t.io(after(5, null));
        if (t.id === 0) await after(30, null); // a real timer, not through t.io
      },
      () => 'done',
    );
    const v = only(await runScenario(scenario, { schedule: 'random', trials: 3, seed: 1 }));
    expect(v.outcomes.filter((o) => o.count > 0).map((o) => String(o.value))).toEqual([
      'stalled: task_A awaited something the scheduler cannot see (use t.yield, t.sleep, t.lock, t.wait or t.io)',
    ]);
  });

  it('under asyncio the operation is awaited and its task queued at the back, deterministically', async () => {
    const v = only(await runScenario(slowAFastB(), { schedule: 'asyncio', trials: 3 }));
    // A starts first (asyncio's order) and its completion is queued first.
    expect(histogram(v)).toEqual({ AB: 3 });
  });
});

describe('cache --origin http: the real server under the controlled schedules', () => {
  const options = { origin: 'http' };

  // As many interleavings, with the same outcomes, as the in-memory origin: checked through the
  // built CLI (test/e2e/beyond-one-loop.test.ts) and against the model (test/reference/real-io.test.ts).

  it('a seeded random run is the same run twice: the server does not decide the order', async () => {
    const run = () => runScenario(cache, { schedule: 'random', trials: 40, seed: 11, options, variants: ['unlocked'] });
    const [a, b] = [await run(), await run()];
    expect(only(a).firstRace?.schedule).toBeDefined();
    expect(histogram(only(a))).toEqual(histogram(only(b)));
    expect(only(a).firstRace).toEqual(only(b).firstRace);
  });
});
