// The reference enumerator checked against closed forms and hand derivations, so that it can be
// trusted as the independent side of builtins/fixtures.test.ts. These run in-process (no CLI).
import { describe, expect, test } from 'vitest';
import { chiSquare, upperGammaQ } from './chi-square.js';
import { enumerate, type Enumeration } from './enumerator.js';
import type { RefContext, RefScenario } from './ref-trial.js';

/** A scenario written directly against the reference's contract. */
function scenario<S>(
  tasks: number,
  setup: () => S,
  run: (state: S, t: RefContext) => Promise<void>,
  observe: (state: S) => number | string,
): RefScenario {
  return {
    name: 'inline',
    tasks,
    setup,
    variants: { v: { run: (state, t) => run(state as S, t) } },
    observe: (state) => observe(state as S),
  };
}

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
/** Interleavings of tasks with steps[i] steps each: (Σ steps)! / Π steps!. */
const multinomial = (steps: number[]): number => steps.reduce((q, k) => q / factorial(k), factorial(steps.reduce((a, b) => a + b, 0)));

const sumOf = (e: Enumeration): number => [...e.probabilities.values()].reduce((a, b) => a + b, 0);

describe('closed forms', () => {
  // Task i does yields[i] yields, so it has yields[i] + 1 steps counting its start.
  test.each([[[0, 0, 0]], [[1, 1, 1]], [[0, 2]], [[1, 2, 3]], [[1, 1, 1, 1]], [[3, 0, 1]]])(
    'yields %j: the multinomial count',
    async (yields) => {
      const e = await enumerate(
        scenario(
          yields.length,
          () => ({ log: '' }),
          async (s, t) => {
            for (let i = 0; i < yields[t.id]!; i++) await t.yield();
            s.log += t.label.slice(5);
          },
          (s) => s.log,
        ),
        'v',
      );
      expect(e.interleavings).toBe(multinomial(yields.map((k) => k + 1)));
      expect(e.complete).toBe(true);
      expect(sumOf(e)).toBeCloseTo(1, 12);
      // The last task to finish: the sequences whose last step is that task's.
      const lastCounts = yields.map((_, last) => multinomial(yields.map((k, i) => k + 1 - (i === last ? 1 : 0))));
      const counted = yields.map((_, i) =>
        [...e.counts].filter(([key]) => key.endsWith(`${String.fromCharCode(65 + i)}"`)).reduce((a, [, c]) => a + c, 0),
      );
      expect(counted).toEqual(lastCounts);
    },
  );

  test('hops inside a task are invisible: 30 own awaits around the yield change nothing', async () => {
    const deep = async (n: number, t: RefContext): Promise<void> => (n === 0 ? t.yield() : deep(n - 1, t));
    const e = await enumerate(
      scenario(
        3,
        () => ({ value: 0 }),
        async (s, t) => {
          const current = s.value;
          await deep(30, t);
          await Promise.resolve();
          s.value = current + 1;
        },
        (s) => s.value,
      ),
      'v',
    );
    expect(e.interleavings).toBe(90); // 6!/(2!)^3
    expect(Object.fromEntries(e.counts)).toEqual({ 1: 48, 2: 36, 3: 6 });
  });

  test('the counter under uniform random picks: 1/2 each for 2 tasks; 1/3, 1/2, 1/6 for 3', async () => {
    const counter = (tasks: number): RefScenario =>
      scenario(
        tasks,
        () => ({ value: 0 }),
        async (s, t) => {
          const current = s.value;
          await t.yield();
          s.value = current + 1;
        },
        (s) => s.value,
      );
    const two = await enumerate(counter(2), 'v');
    expect(two.probabilities.get('1')).toBeCloseTo(1 / 2, 12);
    expect(two.probabilities.get('2')).toBeCloseTo(1 / 2, 12);
    const three = await enumerate(counter(3), 'v');
    expect(three.probabilities.get('1')).toBeCloseTo(1 / 3, 12);
    expect(three.probabilities.get('2')).toBeCloseTo(1 / 2, 12);
    expect(three.probabilities.get('3')).toBeCloseTo(1 / 6, 12);
  });
});

describe('the points and non-points of DESIGN.md', () => {
  test('t.wait on a settled promise is not a point: one step per task', async () => {
    const e = await enumerate(
      scenario(
        3,
        () => ({ log: '', done: Promise.resolve() }),
        async (s, t) => {
          s.log += t.label.slice(5);
          await t.wait(s.done);
          s.log += t.label.slice(5);
        },
        (s) => s.log,
      ),
      'v',
    );
    expect(e.interleavings).toBe(6);
    expect([...e.counts.keys()].every((k) => /^"(\w)\1(\w)\2(\w)\3"$/.test(k))).toBe(true);
  });

  test('a wait on an unsettled promise: hand-derived 3 interleavings, AAB 1/4, ABAB 1/4, BAAB 1/2', async () => {
    const e = await enumerate(
      scenario(
        2,
        () => {
          let settle = (): void => {};
          const p = new Promise<void>((resolve) => (settle = resolve));
          return { p, settle, log: '' };
        },
        async (s, t) => {
          if (t.id === 0) {
            s.log += 'A';
            await t.yield();
            s.settle();
            s.log += 'a';
          } else {
            s.log += 'B';
            await t.wait(s.p);
            s.log += 'b';
          }
        },
        (s) => s.log,
      ),
      'v',
    );
    expect(e.interleavings).toBe(3);
    expect(Object.fromEntries(e.examples)).toEqual({ '"AaBb"': 'A A B', '"ABab"': 'A B A B', '"BAab"': 'B A A B' });
    expect(e.probabilities.get('"AaBb"')).toBeCloseTo(1 / 4, 12);
    expect(e.probabilities.get('"ABab"')).toBeCloseTo(1 / 4, 12);
    expect(e.probabilities.get('"BAab"')).toBeCloseTo(1 / 2, 12);
  });

  test('a free acquire is not a point; a held one is, and the lock is handed over in FIFO order', async () => {
    const e = await enumerate(
      scenario(
        3,
        () => ({ requests: '', entries: '' }),
        async (s, t) => {
          s.requests += t.label.slice(5);
          await t.lock.run(async () => {
            s.entries += t.label.slice(5);
            await t.yield();
          });
        },
        (s) => `${s.requests}>${s.entries}`,
      ),
      'v',
    );
    for (const key of e.counts.keys()) expect(key.slice(1, 4)).toBe(key.slice(5, 8));
    // Two tasks, hand-derived: "A A B B" and "A B A B B" when A starts first, and symmetrically.
    const two = await enumerate(
      scenario(
        2,
        () => ({ value: 0 }),
        (s, t) =>
          t.lock.run(async () => {
            const current = s.value;
            await t.yield();
            s.value = current + 1;
          }),
        (s) => s.value,
      ),
      'v',
    );
    expect(two.interleavings).toBe(4);
    expect(Object.fromEntries(two.counts)).toEqual({ 2: 4 });
  });

  test('locked is false from a release with waiters until the waiter resumes; no barging', async () => {
    const e = await enumerate(
      scenario(
        3,
        () => ({ log: [] as string[] }),
        async (s, t) => {
          const me = t.label.slice(5);
          if (t.id === 0) {
            await t.lock.acquire();
            await t.yield();
            t.lock.release();
            s.log.push(`A:released(${t.lock.locked},${t.lock.waiting})`);
            return;
          }
          await t.yield();
          s.log.push(`${me}:req(${t.lock.locked})`);
          await t.lock.acquire();
          s.log.push(`${me}:in(${t.lock.locked})`);
          t.lock.release();
        },
        (s) => s.log.join(' '),
      ),
      'v',
    );
    const keys = [...e.counts.keys()];
    expect(keys.every((k) => k.includes('A:released(false,'))).toBe(true);
    // The hand-off window: B queued, A released, C arrives, sees the lock free, and still
    // queues behind B.
    expect(keys.some((k) => /B:req\(true\) A:released\(false,1\) C:req\(false\) B:in\(true\) C:in\(true\)/.test(k))).toBe(true);
    for (const k of keys) {
      const order = (tag: string): string => [...k.matchAll(new RegExp(`(\\w):${tag}`, 'g'))].map((m) => m[1]).join('');
      expect(order('in')).toBe(order('req')); // entries follow requests
    }
  });

  test('release of an unlocked lock throws', async () => {
    const e = await enumerate(
      scenario(
        1,
        () => ({}),
        async (_, t) => t.lock.release(),
        () => 0,
      ),
      'v',
    );
    expect([...e.counts.keys()]).toEqual(['<error>']);
  });

  test('runner outcomes: deadlock, stalled, step limit', async () => {
    const deadlock = await enumerate(
      scenario(
        2,
        () => ({}),
        async (_, t) => {
          const [first, second] = t.id === 0 ? ['x', 'y'] : ['y', 'x'];
          await t.lockNamed(first).run(async () => {
            await t.yield();
            await t.lockNamed(second).run(async () => {});
          });
        },
        () => 'done',
      ),
      'v',
    );
    // Hand-derived: whoever starts first either finishes at once (1 way) or lets the other take
    // its first lock, and then both orders of the next two steps deadlock (2 ways).
    expect(Object.fromEntries(deadlock.counts)).toEqual({ '"done"': 2, '<deadlock>': 4 });
    const stalled = await enumerate(
      scenario(
        1,
        () => ({}),
        // A real timer is outside the doors. Long, so that it cannot fire before the reference
        // looks (one setImmediate turn later): a 1 ms timer did, with every core busy.
        () => new Promise<void>((resolve) => setTimeout(resolve, 60_000).unref()),
        () => 0,
      ),
      'v',
    );
    expect([...stalled.counts.keys()]).toEqual(['<stalled>']);
    const forever = await enumerate(
      scenario(
        1,
        () => ({}),
        async (_, t) => {
          for (;;) await t.yield();
        },
        () => 0,
      ),
      'v',
      { maxSteps: 5 },
    );
    expect(Object.fromEntries(forever.counts)).toEqual({ '<step limit>': 1 });
  });
});

describe('the chi-square helper', () => {
  test.each([
    [3.841, 1, 0.05],
    [6.635, 1, 0.01],
    [11.345, 3, 0.01],
    [18.307, 10, 0.05],
    [35.888, 5, 1e-6],
  ])('Q(x=%d, df=%d) = %d', (x, df, p) => {
    expect(upperGammaQ(df / 2, x / 2) / p).toBeCloseTo(1, 2);
  });

  test('accepts a fair sample and rejects a skewed one and an impossible outcome', () => {
    const model = new Map([
      ['a', 0.5],
      ['b', 0.25],
      ['c', 0.25],
    ]);
    expect(
      chiSquare(
        new Map([
          ['a', 5010],
          ['b', 2490],
          ['c', 2500],
        ]),
        model,
      ).pValue,
    ).toBeGreaterThan(0.5);
    expect(
      chiSquare(
        new Map([
          ['a', 5500],
          ['b', 2000],
          ['c', 2500],
        ]),
        model,
      ).pValue,
    ).toBeLessThan(1e-6);
    expect(
      chiSquare(
        new Map([
          ['a', 5000],
          ['d', 1],
        ]),
        model,
      ).impossible,
    ).toEqual(['d']);
  });
});
