import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockdemo as spawned, lockdemoInProcess as lockdemo } from './run-built.js';

// Exhaustive search replays every interleaving from `setup`: sound only if each replay runs the
// same program. These fixtures keep state that outlives `setup` (a cache in what `open` returned,
// a seeded Math.random at module level, as the README allows), with the same number of choices at
// every step, so the search's own guard (the choice counts) does not see it. The search runs a
// sample of its interleavings again (replay-sample.ts) and must then say it proves nothing.
const WARM = 'test/fixtures/replays/warm.mjs';
const SEEDED = 'test/fixtures/replays/seeded5.mjs';

interface Found {
  schedule: string;
  first: number;
  then: number;
  divergedAt?: number;
}

function variantOf(stdout: string): { nondeterministic?: Found; verdict: string } {
  const report = JSON.parse(stdout) as { variants: Array<{ nondeterministic?: Found; verdict: string }> };
  const variant = report.variants[0];
  if (variant === undefined) throw new Error('no variant in the report');
  return variant;
}

describe('a scenario whose trials share a warm cache (only the first starts cold)', () => {
  it('exhaustive names the interleaving that changed, and a fresh replay of it gives the cold value, not the warm one', async () => {
    const json = await lockdemo([WARM, '--schedule', 'exhaustive', '--json']);
    const found = variantOf(json.stdout).nondeterministic;
    expect(found).toEqual({ schedule: 'A A B B', first: 1, then: 0 });
    // Independent of the search: a run of that one interleaving in a fresh worker (a cold cache).
    const replay = await lockdemo([WARM, '--variant', 'v', '--replay', 'A A B B', '--json']);
    const traced = JSON.parse(replay.stdout) as { value: number };
    expect(traced.value).toBe(found?.first);
    expect(traced.value).not.toBe(found?.then);
    // And one of the interleavings the old search "proved" gives a forbidden value from cold.
    const proven = await lockdemo([WARM, '--variant', 'v', '--replay', 'A B A B']);
    expect(proven.code).toBe(1);
    expect(proven.stdout).toContain('result 2 — forbidden');
  });

  it('the run fails it, as check does, in its text, its closing line and its exit code', async () => {
    const run = await lockdemo([WARM, '--schedule', 'exhaustive']);
    // Only allowed values among its counts, and still no pass: the search decides nothing.
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('the verdict holds');
    expect(run.stdout).toMatch(/interleaving "A A B B" gave 1, then 0 when it ran again: the scenario is\s+not\s+deterministic/);
    expect(run.stdout).toContain('--replay "A A B B"');
    expect(run.stdout).toMatch(/^ {2}races in 0 of 6 interleavings {2}FAIL: not deterministic$/m);
    expect(run.stdout).not.toMatch(/^pass:/m);
    expect(run.stdout).toMatch(/^FAIL: v is not deterministic \(an interleaving gave another outcome when it ran\s+again\)$/m);
    // A rerun of it need not give these figures: no reproduce line.
    expect(run.stdout).not.toContain('reproduce:');
    expect(run.stdout).toMatch(/^not reproducible: v gave another result when an interleaving ran again/m);
  });

  it('check fails it, in its text, JSON and JUnit', async () => {
    const text = await lockdemo(['check', WARM]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^FAIL {2}warm › v/m);
    expect(text.stdout).toMatch(/not deterministic, so exhaustive search proves\s+nothing for it/);
    const json = await lockdemo(['check', WARM, '--json']);
    expect(json.code).toBe(1);
    const results = JSON.parse(json.stdout) as { results: Array<{ status: string; nondeterministic?: Found }> };
    expect(results.results[0]).toMatchObject({ status: 'fail', nondeterministic: { schedule: 'A A B B', first: 1, then: 0 } });
    const dir = join(tmpdir(), `lockdemo-nondeterministic-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    try {
      const file = join(dir, 'report.xml');
      expect((await lockdemo(['check', WARM, '--junit', file])).code).toBe(1);
      expect(readFileSync(file, 'utf8')).toContain(
        '<failure type="nondeterministic" message="interleaving &quot;A A B B&quot; gave 1, then 0 when it ran again: ' +
          'the scenario is not deterministic, so exhaustive search proves nothing for it">',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a scenario that seeds its own Math.random at module level', () => {
  // Each in a process of its own: the generator starts from its seed when the module loads.
  it('exhaustive and check no longer pass it as a proof; Node.js’s own trials meet its forbidden value', async () => {
    const run = await spawned([SEEDED, '--schedule', 'exhaustive', '--json']);
    const found = variantOf(run.stdout).nondeterministic;
    expect(found).toBeDefined();
    const check = await spawned(['check', SEEDED]);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^FAIL {2}seeded › v/m);
    expect(check.stdout).toContain('not deterministic');
    // Independent of the search: Node.js's own trials of the same module meet the lost update
    // (event-loop: no controlled schedule, so no search of lockdemo's runs after them).
    const sampled = await spawned([SEEDED, '--schedule', 'event-loop', '--trials', '200']);
    expect(sampled.code).toBe(1);
    expect(sampled.stdout).toMatch(/^ +1 +\d+ +[\d.]+% +forbidden/m);
  });
});

describe('a deterministic scenario', () => {
  it('replays the same outcomes and keeps its proof', async () => {
    const run = await lockdemo(['counter', '--schedule', 'exhaustive', '--variant', 'unlocked', '--json']);
    expect(variantOf(run.stdout).nondeterministic).toBeUndefined();
    const text = await lockdemo(['counter', '--schedule', 'exhaustive', '--variant', 'unlocked']);
    expect(text.stdout).toContain('every interleaving explored: the verdict holds for all of them');
  });
});
