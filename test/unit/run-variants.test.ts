import { describe, expect, it } from 'vitest';
import type { GradedVariant } from '../../src/core/grading.js';
import { newRunReport, runVariants, type VariantsPlan, type VariantTrials } from '../../src/core/run-variants.js';

// The sequence of variants that runScenario and the CLI's supervised run share, driven by a
// fake runner: what each variant's report says and where a stopped run ends are decided here.

const plan = (over: Partial<VariantsPlan> = {}): VariantsPlan => ({
  schedule: 'random',
  seed: 1,
  trials: 100,
  tasks: 3,
  names: ['unlocked', 'locked'],
  skipped: [{ name: 'other', reason: 'not for this schedule' }],
  maxSteps: 10000,
  ...over,
});

function graded(verdict: 'pass' | 'fail'): GradedVariant {
  return {
    outcomes: [],
    raceCount: 0,
    deadlockCount: 0,
    forbiddenCount: verdict === 'fail' ? 1 : 0,
    raceFrequency: 0,
    interval95: [0, 0],
    verdict,
  };
}

/** A runner whose variants run `done[name]` trials; `stopAfter` stops the run once that variant has run. */
function fakeRunner(done: Record<string, number>, opts: { stopAfter?: string; fail?: string; complete?: boolean } = {}) {
  let stopped = false;
  const ran: string[] = [];
  return {
    ran,
    runner: {
      stopped: () => stopped,
      trials: (name: string, progress: (done: number) => void): Promise<VariantTrials> => {
        ran.push(name);
        const n = done[name] ?? 0;
        progress(n);
        if (name === opts.stopAfter) stopped = true;
        return Promise.resolve({
          variant: { name, races: name === 'unlocked' ? 'allowed' : 'forbidden', summary: `${name} summary` },
          done: n,
          graded: graded(name === opts.fail ? 'fail' : 'pass'),
          records: {},
          ...(opts.complete !== undefined ? { complete: opts.complete } : {}),
          extras: { pct: { depth: 2, steps: 4, guarantee: 0.5, trialsFor99: 7 } },
        });
      },
      extend: (result: { name: string }) =>
        Promise.resolve(
          stopped
            ? undefined
            : { coverage: { trials: 1, distinct: result.name.length, singletons: 0, unseenMass: 0, sampled: false, sampleRate: 1 } },
        ),
    },
  };
}

describe('runVariants', () => {
  it('reports every variant in order, with the runner extras and the extension, and passes', async () => {
    const r = plan();
    const { runner, ran } = fakeRunner({ unlocked: 100, locked: 100 });
    const seen: string[] = [];
    const progress: number[] = [];
    const report = await runVariants(r, newRunReport(r, { name: 'counter', summary: 's', unit: 'count' }), runner, {
      onVariant: (v) => seen.push(v.name),
      onProgress: (p) => progress.push(p.doneAll),
    });
    expect(ran).toEqual(['unlocked', 'locked']);
    expect(seen).toEqual(['unlocked', 'locked']);
    expect(progress).toEqual([100, 200]);
    expect(report.unit).toBe('count');
    expect(report.maxSteps).toBe(10000);
    expect(report.verdict).toBe('pass');
    expect(report.interrupted).toBe(false);
    expect(report.skipped).toEqual([{ name: 'other', reason: 'not for this schedule' }]);
    expect(report.variants.map((v) => [v.name, v.finished, v.pct?.depth, v.coverage?.distinct])).toEqual([
      ['unlocked', true, 2, 8],
      ['locked', true, 2, 6],
    ]);
    expect(report.variants[0]?.deterministic).toBeUndefined();
  });

  it('a failing variant fails the run, and the run goes on', async () => {
    const r = plan();
    const { runner, ran } = fakeRunner({ unlocked: 100, locked: 100 }, { fail: 'unlocked' });
    const report = await runVariants(r, newRunReport(r, { name: 'counter', summary: 's' }), runner);
    expect(ran).toEqual(['unlocked', 'locked']);
    expect(report.verdict).toBe('fail');
    expect('unit' in report).toBe(false);
  });

  it('stopped after a variant that finished, with variants left: incomplete, and no variant starts after it', async () => {
    const r = plan();
    const { runner, ran } = fakeRunner({ unlocked: 100, locked: 100 }, { stopAfter: 'unlocked' });
    const report = await runVariants(r, newRunReport(r, { name: 'counter', summary: 's' }), runner);
    expect(ran).toEqual(['unlocked']);
    expect(report.variants.map((v) => [v.name, v.finished, v.verdict])).toEqual([['unlocked', true, 'pass']]);
    // Stopped: no extension was asked for.
    expect(report.variants[0]?.coverage).toBeUndefined();
    expect(report.interrupted).toBe(true);
    expect(report.verdict).toBe('incomplete');
  });

  it('stopped short within a variant: that variant is unfinished, never passed', async () => {
    const r = plan();
    const { runner } = fakeRunner({ unlocked: 100, locked: 40 }, { stopAfter: 'locked' });
    const report = await runVariants(r, newRunReport(r, { name: 'counter', summary: 's' }), runner);
    expect(report.variants.map((v) => [v.name, v.finished, v.verdict])).toEqual([
      ['unlocked', true, 'pass'],
      ['locked', false, 'incomplete'],
    ]);
    expect(report.verdict).toBe('incomplete');
  });

  it('stopped after the last variant’s trials, before its extras: interrupted (DESIGN), and its extras say they were stopped', async () => {
    const r = plan();
    const { runner } = fakeRunner({ unlocked: 100, locked: 100 }, { stopAfter: 'locked' });
    const report = await runVariants(r, newRunReport(r, { name: 'counter', summary: 's' }), {
      ...runner,
      extend: (result: { name: string }) => (runner.stopped() ? Promise.resolve({ extrasStopped: true as const }) : runner.extend(result)),
    });
    expect(report.interrupted).toBe(true);
    expect(report.verdict).toBe('incomplete');
    expect(report.variants.map((v) => v.extrasStopped)).toEqual([undefined, true]);
    expect(report.variants.map((v) => v.trials)).toEqual([100, 100]);
  });

  it('exhaustive: a search is finished when complete or at its bound, and says which', async () => {
    const r = plan({ schedule: 'exhaustive', names: ['unlocked'], preemptions: 1 });
    const bound = await runVariants(
      r,
      newRunReport(r, { name: 'counter', summary: 's' }),
      fakeRunner({ unlocked: 100 }, { complete: false }).runner,
    );
    expect(bound.preemptions).toBe(1);
    expect(bound.variants[0]?.finished).toBe(true);
    const stopped = await runVariants(
      r,
      newRunReport(r, { name: 'counter', summary: 's' }),
      fakeRunner({ unlocked: 30 }, { complete: false, stopAfter: 'unlocked' }).runner,
    );
    expect(stopped.variants[0]?.finished).toBe(false);
    expect(stopped.verdict).toBe('incomplete');
  });

  it('marks the variants of a deterministic schedule (asyncio) as such', async () => {
    const r = plan({ schedule: 'asyncio', trials: 1, names: ['unlocked'] });
    const report = await runVariants(r, newRunReport(r, { name: 'counter', summary: 's' }), fakeRunner({ unlocked: 1 }).runner);
    expect(report.variants[0]?.deterministic).toBe(true);
  });
});
