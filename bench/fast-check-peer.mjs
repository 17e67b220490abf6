/**
 * The peer: fast-check's `fc.scheduler` on the same 3-task counter. Each task's start and its
 * `await` are scheduled promises, and `waitAll` releases one scheduled promise at a time, drawn
 * among the pending ones: the same model as lockdemo's `random` (uniform among the ready tasks
 * at every scheduling point), so both draw 1 / 2 / 3 with odds 1/3, 1/2, 1/6.
 */
import fc from 'fast-check';

async function counterTrial(s) {
  let value = 0;
  const task = async () => {
    await s.schedule(Promise.resolve()); // the task's start is a scheduling point, as in lockdemo
    const current = value;
    await s.schedule(Promise.resolve()); // the await between the read and the write
    value = current + 1;
  };
  const all = Promise.all([task(), task(), task()]);
  await s.waitAll();
  await all;
  return value;
}

/** Runs `trials` counter trials under fc.scheduler; resolves with the rate and the histogram. */
export async function fastCheckCounter(trials, seed = 1) {
  const counts = new Map();
  const start = performance.now();
  await fc.assert(
    fc.asyncProperty(fc.scheduler(), async (s) => {
      const value = await counterTrial(s);
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }),
    { numRuns: trials, seed },
  );
  return { rate: trials / ((performance.now() - start) / 1000), counts };
}

/** The exact odds of the 3-task counter under a uniform scheduler. */
export const EXPECTED = new Map([
  [1, 1 / 3],
  [2, 1 / 2],
  [3, 1 / 6],
]);

/**
 * Pearson's chi-square of the histogram against EXPECTED; with 2 degrees of freedom, 13.8 is
 * the 0.1% critical value, so a fair draw fails this check once in a thousand runs.
 */
export function matchesExpected(counts, trials) {
  let chi2 = 0;
  for (const [value, p] of EXPECTED) {
    const expected = p * trials;
    chi2 += ((counts.get(value) ?? 0) - expected) ** 2 / expected;
  }
  const other = [...counts.keys()].filter((v) => !EXPECTED.has(v));
  return { chi2, ok: chi2 < 13.8 && other.length === 0 };
}
