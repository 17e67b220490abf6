/**
 * `check`'s PCT advice names the least depth at which PCT gives the smallest race's
 * interleaving, not the preemptions plus one (a cold tester's HIGH: the wake-up below needs 0
 * preemptions, and PCT at depth 1 never gives it). Followed as printed, with as many trials as
 * the interleaving's exact odds under the paper's PCT need for a miss of one in a million, the
 * advice finds the bug; one depth less gives none of those trials. Conversely, a wake-up that
 * preempts needs no change point: 1 preemption, depth 1.
 */
import { expect, it } from 'vitest';
import wake from '../fixtures/wake-forbidden.mjs';
import preempts from '../fixtures/wake-preempts.mjs';
import { recordPicks } from '../../src/core/pct-witness.js';
import { paperCount, paperOdds } from '../reference/pct-paper.js';
import { lockdemo } from './run-built.js';

/** The bug's count in a run's JSON, and the run's measured k. */
async function pctRun(args: string[], bug = 'bug'): Promise<{ code: number; bugs: number; k: number }> {
  const r = await lockdemo([...args, '--json']);
  const report = JSON.parse(r.stdout) as {
    variants: Array<{ pct: { steps: number }; outcomes: Array<{ value: unknown; count: number }> }>;
  };
  const v = report.variants[0];
  return { code: r.code, bugs: v?.outcomes.find((o) => o.value === bug)?.count ?? 0, k: v?.pct.steps ?? 0 };
}

it('a wake-up that needs 0 preemptions is depth 2, and the advice finds it', async () => {
  const r = await lockdemo(['check', 'test/fixtures/wake-forbidden.mjs'], { NO_COLOR: '1' });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(
    '      smallest forbidden outcome: 0 preemptions; pct gives its interleaving at\n' +
      '      depth 2 with k at least 2, not below; with more tasks (N), try:\n',
  );
  const joined = r.stdout.replace(/ \\\n +/g, ' ');
  const schedule = /--replay "([A-Z ]+)"/.exec(joined)?.[1];
  const advice = /^ +lockdemo (.* --schedule pct --depth (\d+)) --tasks N$/m.exec(joined);
  expect(schedule).toBe('A B B A');
  expect(advice?.[2]).toBe('2');
  const run = (advice?.[1] ?? '').split(' ');
  const depth = Number(advice?.[2]);

  // The exact odds, by the paper's PCT over the program's own ready sets, at the run's k.
  const recorded = await recordPicks(wake, { variant: 'unlocked', schedule: schedule ?? '' });
  const offers = (recorded?.picks ?? []).map((p) => ({ ready: p.ready, pick: p.ready[p.index] ?? -1 }));
  expect(offers).toHaveLength(4);
  const { k } = await pctRun([...run, '--tasks', '2', '--trials', '1', '--seed', '1']);
  expect(k).toBe(4);
  const odds = paperOdds(offers, 2, depth, k);
  expect(odds).toBe(1 / 8);
  expect(paperCount(offers, 2, depth - 1, k)).toBe(0);
  const trials = Math.ceil(Math.log(1e-6) / Math.log(1 - odds));
  expect((1 - odds) ** trials).toBeLessThanOrEqual(1e-6);

  const found = await pctRun([...run, '--tasks', '2', '--trials', String(trials), '--seed', '1']);
  expect(found.code).toBe(1);
  expect(found.bugs).toBeGreaterThan(0);
  // One depth less: the tester's 10,000 trials at 4 tasks, and as many at 2, give no bug.
  for (const tasks of ['2', '4']) {
    const shallow = await pctRun([
      ...run.map((w) => (w === String(depth) ? String(depth - 1) : w)),
      '--tasks',
      tasks,
      '--trials',
      '10000',
      '--seed',
      '1',
    ]);
    expect(shallow).toMatchObject({ code: 0, bugs: 0 });
  }
});

it('a wake-up that preempts is depth 1, not the preemptions plus one, and the advice finds it', async () => {
  const r = await lockdemo(['check', 'test/fixtures/wake-preempts.mjs'], { NO_COLOR: '1' });
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('      smallest race: 1 preemption; pct gives its interleaving at depth 1; with\n');
  const joined = r.stdout.replace(/ \\\n +/g, ' ');
  const advice = /^ +lockdemo (.* --schedule pct --depth 1) --tasks N$/m.exec(joined)?.[1];
  expect(advice).toBeDefined();
  const recorded = await recordPicks(preempts, { variant: 'unlocked', schedule: 'A B A B' });
  const offers = (recorded?.picks ?? []).map((p) => ({ ready: p.ready, pick: p.ready[p.index] ?? -1 }));
  const odds = paperOdds(offers, 2, 1, 4);
  expect(odds).toBe(1 / 2);
  const trials = Math.ceil(Math.log(1e-6) / Math.log(1 - odds));
  const found = await pctRun([...(advice ?? '').split(' '), '--tasks', '2', '--trials', String(trials), '--seed', '1'], 'late');
  expect(found).toMatchObject({ code: 0, k: 4 });
  expect(found.bugs).toBeGreaterThan(0);
});

it("a race whose one change point comes after a pct run's k: check names the k it needs, and a run with less never gives it", async () => {
  const r = await lockdemo(['check', 'test/fixtures/late-race.mjs'], { NO_COLOR: '1' });
  expect(r.code).toBe(1);
  const needed = Number(/depth 2 with k at least (\d+), not below/.exec(r.stdout.replace(/\s+/g, ' '))?.[1]);
  // The change point falls on the step before A's write, near the end of the 55-step race.
  expect(needed).toBe(54);
  // It said "pct gives its interleaving at depth 2": a run measures k with its pilot trials, which
  // almost never take the long path, and at depth 2 and that k it finds nothing in 20,000 trials.
  const { code, bugs, k } = await pctRun(
    ['test/fixtures/late-race.mjs', '--schedule', 'pct', '--depth', '2', '--trials', '20000', '--seed', '1'],
    'long 1',
  );
  expect(k).toBeLessThan(needed);
  expect({ code, bugs }).toEqual({ code: 0, bugs: 0 });
});
