import { describe, expect, it } from 'vitest';
import cache from '../../scenarios/cache.js';
import counter from '../../scenarios/counter.js';
import deadlock from '../../scenarios/deadlock.js';
import { createColors } from '../../src/cli/colors.js';
import { renderVariant } from '../../src/cli/render.js';
import { REPLAY_LEGEND, teachingView } from '../../src/cli/variant-notes.js';
import { runScenario, type RunReport, type VariantReport } from '../../src/core/run-scenario.js';
import type { Scenario } from '../../src/core/scenario.js';

const c = await createColors({ isTTY: false, env: {} });

/** Renders every variant of a report as run-command does, with the teaching view. */
function render(report: RunReport, scenario: Pick<Scenario, 'unit'>, schedules: readonly string[], allOutcomes = false): string {
  const teach = teachingView({ schedule: report.schedule, schedules, unit: scenario.unit, allOutcomes });
  return report.variants.map((v) => renderVariant(c, v, { width: 80, replayCommand: (s) => `replay "${s}"`, ...teach(v) })).join('');
}

describe('a deterministic schedule', () => {
  it('prints no interval, and under event-loop claims the same way only for code without real timers or I/O', async () => {
    const report = await runScenario(counter, { schedule: 'event-loop', trials: 200 });
    const out = render(report, counter, ['random', 'event-loop']);
    expect(out).not.toContain('CI');
    // t.sleep(ms) is a real timer under event-loop: one result in every trial is all that is known.
    expect(out).not.toContain('deterministic');
    expect(out).toMatch(/race in every trial: all 200 trials gave one result\s+raced, as allowed/);
    expect(out).toMatch(/no race: all 200 trials gave one result\s+never raced, as required/);
    expect(out).toContain('event-loop runs code without real timers or I/O the same way every trial');
  });

  it('under asyncio, which decides every step itself, says the run is deterministic', async () => {
    const report = await runScenario(counter, { schedule: 'asyncio', trials: 5 });
    const out = render(report, counter, ['random', 'asyncio']);
    expect(out).toContain("deterministic: CPython's loop gives this every time");
    expect(out).not.toContain('without real timers');
  });

  it('keeps the interval when the trials did not all end the same (real I/O is not deterministic)', () => {
    const v: VariantReport = {
      name: 'unlocked',
      races: 'allowed',
      trials: 10,
      raceCount: 4,
      deadlockCount: 0,
      finished: true,
      forbiddenCount: 0,
      raceFrequency: 0.4,
      interval95: [0.17, 0.69],
      verdict: 'pass',
      outcomes: [
        { value: 1, count: 4, grade: 'race', description: 'lost' },
        { value: 2, count: 6, grade: 'correct', description: 'kept' },
      ],
    };
    const teach = teachingView({ schedule: 'event-loop', schedules: ['random', 'event-loop'] });
    const out = renderVariant(c, v, { width: 80, ...teach(v) });
    expect(out).toContain('95% CI');
    expect(out).not.toContain('deterministic');
  });

  it('is not claimed for a scenario that cannot run under a controlled schedule', async () => {
    const report = await runScenario(counter, { schedule: 'event-loop', trials: 20 });
    expect(render(report, counter, ['event-loop'])).toContain('95% CI');
  });
});

describe('declared outcomes that never occurred', () => {
  it('are folded into one line, and --all-outcomes shows them as rows', async () => {
    const report = await runScenario(cache, { trials: 300, seed: 2, variants: ['locked'] });
    const folded = render(report, cache, ['random']);
    expect(folded).not.toMatch(/wrong title\s+0/);
    expect(folded).toContain('also declared, not seen: wrong title');
    const all = render(report, cache, ['random'], true);
    expect(all).toMatch(/wrong title\s+0\s+0\.0%/);
    expect(all).not.toContain('also declared');
  });

  it('are named impossible after a complete exhaustive search', async () => {
    const report = await runScenario(counter, { schedule: 'exhaustive', variants: ['locked'] });
    expect(render(report, counter, ['random'])).not.toContain('also declared');
    const unlocked = await runScenario(deadlock, { schedule: 'exhaustive', variants: ['ordered'] });
    expect(render(unlocked, deadlock, ['random'])).toContain('also declared, in no interleaving: deadlock');
  });
});

describe('the unit, the legend and the PCT lines', () => {
  it('titles the value column with the scenario unit', async () => {
    const report = await runScenario(cache, { trials: 50, seed: 1, variants: ['unlocked'] });
    expect(render(report, cache, ['random'])).toMatch(/ {2}FETCHES {2}TRIALS {3}SHARE {2}GRADE/);
  });

  it('explains the replay string once, under the first one of the run', async () => {
    const report = await runScenario(cache, { trials: 200, seed: 1, variants: ['unlocked', 'split-lock'] });
    const out = render(report, cache, ['random']);
    expect(out.match(/replay "/g)).toHaveLength(2);
    expect(out.split(REPLAY_LEGEND)).toHaveLength(2);
    expect(out.indexOf(REPLAY_LEGEND)).toBeGreaterThan(out.indexOf('replay "'));
  });

  it('prints the PCT guarantee only where races are allowed', async () => {
    const report = await runScenario(deadlock, { schedule: 'pct', trials: 200, seed: 1 });
    const [allowed, forbidden] = report.variants.map((v) => render({ ...report, variants: [v] }, deadlock, ['random']));
    expect(allowed).toContain('pct: k =');
    expect(forbidden).not.toContain('pct: k =');
  });
});
