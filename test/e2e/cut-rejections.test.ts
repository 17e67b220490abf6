/**
 * A rejection that code handles a step later, in a trial that ends before that step (another
 * task's error, or an observation while work left running has not run yet), belongs to the
 * trial, which was cut short: the trial's outcome stands and the run goes on. It once aborted
 * the whole run, exit 3, "threw outside any trial" (a cold tester's L1). A rejection that no
 * code run to its end handled stays the scenario's error, exit 3, under either barrier.
 */
import { describe, expect, it } from 'vitest';
import { lockdemo } from './run-built.js';

const DIR = 'test/fixtures/rejections/cut';

interface JsonOutcome {
  value: string | number;
  count: number;
  runner?: string;
}

/** Each outcome's value (a runner outcome as `<kind>`) with its count. */
function counts(stdout: string): { interleavings: number | undefined; outcomes: Record<string, number> } {
  const report = JSON.parse(stdout) as { variants: Array<{ interleavings?: number; outcomes: JsonOutcome[] }> };
  const v = report.variants[0];
  const outcomes: Record<string, number> = {};
  for (const o of v?.outcomes ?? []) outcomes[o.runner !== undefined ? `<${o.runner}>` : String(o.value)] = o.count;
  return { interleavings: v?.interleavings, outcomes };
}

describe.each(['drain', 'nexttick'] as const)('rejections of a trial cut short, under the %s barrier', (barrier) => {
  const env: NodeJS.ProcessEnv = { LOCKDEMO_BARRIER: barrier === 'nexttick' ? 'nexttick' : '' };

  it('another task’s error cuts off the handling: every interleaving ends with B’s error, exit 0', async () => {
    // By hand: A's steps are its start, the helper's failure and its handling; B's are its
    // start and its throw, which ends the trial. A takes 0 to 3 steps before B's throw, and B's
    // start goes anywhere among them: 1 + 2 + 3 + 4 = 10 interleavings, each B's error. In the 3
    // where A took exactly 2 steps, the helper failed and A never handled it.
    const r = await lockdemo([`${DIR}/cut-by-error.mjs`, '--schedule', 'exhaustive', '--json'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(counts(r.stdout)).toEqual({ interleavings: 10, outcomes: { '<error>': 10 } });
  });

  it('the same under random trials', async () => {
    const r = await lockdemo([`${DIR}/cut-by-error.mjs`, '--trials', '100', '--seed', '1', '--json'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(counts(r.stdout).outcomes).toEqual({ '<error>': 100 });
  });

  it('observing before work left running handles a failure: that trial observes none, exit 0', async () => {
    // By hand: once the task returned, observe at once (none), or run the helper, which fails;
    // then observe (none: the handling is cut off) or run the handling, then observe (handled).
    const r = await lockdemo([`${DIR}/cut-by-observe.mjs`, '--schedule', 'exhaustive', '--json'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(counts(r.stdout)).toEqual({ interleavings: 3, outcomes: { none: 2, handled: 1 } });
  });

  // The other side of the rule: nothing was cut off, so nothing would ever have handled it.
  describe.each([
    ['never-handled', 'nobody handles this'],
    ['unawaited-throws', 'saw B'],
  ])('%s: a rejection no code run to its end handled', (name, reason) => {
    it.each([
      ['exhaustive', ['--schedule', 'exhaustive']],
      ['random', ['--trials', '100', '--seed', '1']],
    ])('is the scenario’s error under %s: exit 3, one line', async (_schedule, args) => {
      const r = await lockdemo([`${DIR}/${name}.mjs`, ...args], env);
      expect(r.stderr).toBe(`lockdemo: scenario "${name}": threw outside any trial (a timer, an unawaited promise): ${reason}\n`);
      expect(r.code).toBe(3);
    });
  });
});
