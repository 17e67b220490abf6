import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/core/run-scenario.js';
import { lockdemoInProcess } from './run-built.js';

interface Variant {
  name: string;
  verdict: string;
  minimal?: { found: boolean; preemptions?: number; schedule?: string; value?: number };
  coverage?: { trials: number; distinct: number; total?: number; share?: number; unseenMass: number; sampled: boolean };
  ablation?: { locks: Array<{ lock: string; necessary: boolean; without?: { value: number; schedule: string } }> };
  outcomes: Array<{ value: number; count: number; grade: string; description: string }>;
}

describe('the smallest race (the built CLI)', () => {
  it('reports that the counter needs 1 preemption, in the text and the JSON, and its replay reproduces a race', async () => {
    const text = await lockdemoInProcess(['counter', '--seed', '5', '--trials', '200']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /smallest race: \d needs 1 preemption \(none with fewer, by exhaustive search\)\n {4}replay: lockdemo counter --variant unlocked --replay "[A-C ]+"/,
    );
    const json = JSON.parse((await lockdemoInProcess(['counter', '--seed', '5', '--trials', '200', '--json'])).stdout) as {
      variants: Variant[];
    };
    const minimal = json.variants[0]!.minimal!;
    expect(minimal).toMatchObject({ found: true, preemptions: 1 });
    expect(json.variants[1]!.minimal).toBeUndefined(); // locked never raced
    const replay = await lockdemoInProcess(['counter', '--variant', 'unlocked', '--replay', minimal.schedule!]);
    expect(replay.stdout).toMatch(/result [12] — race: \d updates? lost/);
  });

  it('names a deadlock as a deadlock, never as a race', async () => {
    const r = await lockdemoInProcess(['deadlock', '--seed', '1', '--trials', '200', '--trace']);
    expect(r.stdout).toContain('  smallest deadlock: needs 1 preemption (none with fewer, by exhaustive search)\n');
    expect(r.stdout).toContain('trace of opposite-order, the smallest deadlock (1 preemption)');
    expect(r.stdout).not.toMatch(/smallest race/);
  });

  it('check reports the depth and suggests it to PCT, as a command that takes it', async () => {
    const r = await lockdemoInProcess(['check', 'counter']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '      smallest race: 1 preemption; pct gives its interleaving at depth 2 with k\n' +
        '      at least 4, not below; with more tasks (N), try:\n' +
        '        lockdemo counter --variant unlocked --schedule pct --depth 2 --tasks N\n',
    );
    // Followed as printed (N chosen), the advice runs: check itself refuses --schedule pct.
    const advice = /^ +lockdemo (.*--schedule pct.*) --tasks N$/m.exec(r.stdout)?.[1];
    expect(advice).toBeDefined();
    const followed = await lockdemoInProcess([...(advice ?? '').split(' '), '--tasks', '4', '--trials', '200', '--seed', '1']);
    expect(followed.stderr).toBe('');
    expect(followed.code).toBe(0);
    expect(followed.stdout).toMatch(/^unlocked \(races allowed\)$/m);
    expect(followed.stdout).not.toMatch(/^locked/m);
  });
});

describe('coverage (the built CLI)', () => {
  it('gives the share of the exhaustive total for a small case', async () => {
    const r = await lockdemoInProcess(['counter', '--seed', '2', '--trials', '1000']);
    expect(r.stdout).toContain('  coverage: 90 distinct interleavings in 1,000 trials, 100.0% of all 90\n');
    expect(r.stdout).toContain('  coverage: 36 distinct interleavings in 1,000 trials, 100.0% of all 36\n');
    // One of one is singular (it read "1 distinct interleavings").
    const one = await lockdemoInProcess(['counter', '--tasks', '1', '--trials', '1', '--seed', '1', '--variant', 'locked']);
    expect(one.stdout).toContain('  coverage: 1 distinct interleaving in 1 trial, 100.0% of all 1\n');
  });

  it('gives a Good–Turing estimate, stated as one, when the total is too large to count', async () => {
    const r = await lockdemoInProcess([
      'counter',
      '--schedule',
      'pct',
      '--tasks',
      '5',
      '--trials',
      '3000',
      '--seed',
      '1',
      '--variant',
      'unlocked',
      '--json',
    ]);
    const v = (JSON.parse(r.stdout) as { variants: Variant[] }).variants[0]!;
    expect(v.coverage!.total).toBeUndefined(); // 113,400 interleavings: more than the counting bound
    expect(v.coverage!.distinct).toBeGreaterThan(0);
    expect(v.coverage!.unseenMass).toBeGreaterThan(0);
    const text = await lockdemoInProcess([
      'counter',
      '--schedule',
      'pct',
      '--tasks',
      '5',
      '--trials',
      '3000',
      '--seed',
      '1',
      '--variant',
      'unlocked',
    ]);
    expect(text.stdout).toMatch(
      / {2}coverage: [\d,]+ distinct interleavings in 3,000 trials\n {4}unseen mass ≈ [\d.]+% \(a Good–Turing estimate: [\d,]+ seen once in 3,000\)\n/,
    );
  });

  it('is in check output for the random fallback', async () => {
    const r = await lockdemoInProcess(['check', 'counter', '--tasks', '5', '--max-interleavings', '1000', '--trials', '2000', '--json']);
    const results = (JSON.parse(r.stdout) as { results: Array<{ variant: string; schedule: string; coverage?: Variant['coverage'] }> })
      .results;
    expect(results.map((x) => x.schedule)).toEqual(['random', 'random']);
    expect(results[0]!.coverage).toMatchObject({ trials: 2000 });
  });
});

describe('--ablate and --remove-lock (the built CLI)', () => {
  it('finds the counter lock necessary, and the printed replay without it reproduces the forbidden outcome', async () => {
    const r = await lockdemoInProcess(['counter', '--variant', 'locked', '--ablate', '--seed', '1', '--trials', '100']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  locks, each removed in turn:\n    t.lock  necessary: without it 2 (1 update lost) in 1 preemption\n');
    const command = /replay:\s+lockdemo (counter --variant locked --remove-lock t\.lock --replay "([A-C ]+)")/.exec(r.stdout)!;
    expect(command).not.toBeNull();
    const replay = await lockdemoInProcess(['counter', '--variant', 'locked', '--remove-lock', 't.lock', '--replay', command[2]!]);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toContain('result 2 — forbidden: 1 update lost');
    expect(replay.stdout).not.toContain('acquire lock');
  });

  it('finds the read-only lock not needed here, and check --ablate fails that scenario', async () => {
    const run = await lockdemoInProcess(['read-only', '--variant', 'locked', '--ablate', '--seed', '1', '--trials', '100']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('    t.lock  not needed here: all 90 interleavings without it pass\n');
    const check = await lockdemoInProcess(['check', '--ablate', 'counter', 'read-only']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('FAIL  read-only: no lock is needed in any variant, so its locked variants prove\n      nothing\n');
    expect(check.stdout).not.toContain('FAIL  counter');
    expect(check.stdout).toContain('4 passed, 0 failed, 0 flagged, 1 scenario with no needed lock\n· 2 scenarios, 4 variants\n');
    // Every line fits the 80 columns of an unknown width, the verdict's too.
    expect(check.stdout.split('\n').filter((line) => [...line].length > 80)).toEqual([]);
    expect(JSON.parse((await lockdemoInProcess(['check', '--ablate', 'read-only', '--json'])).stdout)).toMatchObject({
      verdict: 'fail',
      locksProveNothing: ['read-only'],
    });
    const junitDir = mkdtempSync(join(tmpdir(), 'lockdemo-junit-'));
    const junitFile = join(junitDir, 'check.xml');
    await lockdemoInProcess(['check', '--ablate', 'read-only', '--junit', junitFile]);
    const junit = readFileSync(junitFile, 'utf8');
    rmSync(junitDir, { recursive: true, force: true });
    expect(junit).toContain('<testsuites name="lockdemo check" tests="3" failures="1"');
    expect(junit).toContain('<testcase classname="read-only" name="locks (--ablate)" time="0.000">');
    const plain = await lockdemoInProcess(['check', 'counter', 'read-only']);
    expect(plain.code).toBe(0);
  });

  it('refuses a lock the variants never ask for, naming the ones they do', async () => {
    const r = await lockdemoInProcess(['counter', '--variant', 'locked', '--remove-lock', 'nope', '--replay', 'A A B B C C']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('lockdemo: --remove-lock nope: locked of counter never asks for that lock (its locks: t.lock)\n');
    const typo = await lockdemoInProcess(['counter', '--remove-lock', 't.lok']);
    expect(typo.code).toBe(2);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toBe(
      'lockdemo: --remove-lock t.lok: unlocked, locked of counter never ask for that lock (its locks: t.lock); did you mean t.lock?\n',
    );
  });
});

describe("outcomes: 'serializable' (the built CLI)", () => {
  it('allows the serial orders and catches the races, every interleaving explored', async () => {
    const r = await lockdemoInProcess(['test/fixtures/serializable.mjs', '--schedule', 'exhaustive', '--json']);
    expect(r.code).toBe(0);
    const [unlocked, locked] = (JSON.parse(r.stdout) as { variants: Variant[] }).variants;
    expect(locked!.outcomes.map((o) => [o.value, o.grade])).toEqual([
      [5, 'correct'],
      [7, 'correct'],
      [9, 'correct'],
    ]);
    expect(unlocked!.outcomes.filter((o) => o.grade === 'race').map((o) => o.value)).toEqual([2, 3, 4, 6]);
  });

  it('refuses more than 8 tasks with one clear line', async () => {
    const r = await lockdemoInProcess(['test/fixtures/serializable.mjs', '--tasks', '9']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      "lockdemo: outcomes: 'serializable' runs every serial order of the tasks, so it allows at most 8 tasks (8! = 40,320 orders); this run has 9\n",
    );
  });
});

describe('the pct guarantee (the built CLI)', () => {
  it('says that it holds only within the pilot k when trials ran longer, for any --jobs', async () => {
    const fixture = 'test/fixtures/pct-longer.mjs';
    const [text, one, two] = await Promise.all([
      lockdemoInProcess([fixture, '--schedule', 'pct', '--trials', '2000', '--seed', '1']),
      lockdemoInProcess([fixture, '--schedule', 'pct', '--trials', '2000', '--seed', '1', '--json']),
      lockdemoInProcess([fixture, '--schedule', 'pct', '--trials', '2000', '--seed', '1', '--json', '--jobs', '2']),
    ]);
    expect(text.code).toBe(0);
    const pct = (JSON.parse(one.stdout) as { variants: Array<{ pct: { steps: number; longest?: number } }> }).variants[0]!.pct;
    expect(pct.longest).toBeGreaterThan(pct.steps);
    // The trials are the same ones whichever worker ran them.
    expect((JSON.parse(two.stdout) as { variants: Array<{ pct: unknown }> }).variants[0]!.pct).toEqual(pct);
    const said = text.stdout.replace(/\n\s+/g, ' ');
    expect(said).toContain(`(only for bugs within the first ${pct.steps} steps: some trials took up to ${pct.longest})`);
  });

  it('counts the steps of a trial that hung among the longest', async () => {
    // Trials that poll 25 times loop forever: each is stopped by --timeout as a hang, after
    // more steps than the pilot's k. Its replay string holds the steps it took.
    const run = await lockdemoInProcess([
      'test/fixtures/pct-hang.mjs',
      '--schedule',
      'pct',
      '--trials',
      '5',
      '--seed',
      '1',
      '--timeout',
      '1000',
      '--json',
    ]);
    expect(run.code).toBe(1);
    const v = (
      JSON.parse(run.stdout) as {
        variants: Array<{ pct: { steps: number; longest?: number }; firstForbidden: { value: string; schedule: string } }>;
      }
    ).variants[0]!;
    expect(v.firstForbidden.value).toBe('hang');
    // Its steps, a run of one task written A*12 (twelve steps of A).
    const hung = v.firstForbidden.schedule.split(' ').reduce((n, word) => n + Number(word.split('*')[1] ?? 1), 0);
    expect(hung).toBeGreaterThan(v.pct.steps);
    expect(v.pct.longest).toBeGreaterThanOrEqual(hung);
  });

  it('measures k under --max-steps as the library does, so both run the same trials', async () => {
    // The pilot's random trials, cut at 15 steps like the run's, give k = 15; a pilot that ran
    // them uncut gave k = 20 in the CLI only, and other change points, other counts.
    const fixture = 'test/fixtures/pct-longer.mjs';
    const cli = await lockdemoInProcess([fixture, '--schedule', 'pct', '--trials', '500', '--seed', '1', '--max-steps', '15', '--json']);
    const polling = (await import('../fixtures/pct-longer.mjs')).default;
    const library = (await runScenario(polling, { schedule: 'pct', trials: 500, seed: 1, maxSteps: 15 })).variants[0]!;
    const v = (
      JSON.parse(cli.stdout) as { variants: Array<{ pct: { steps: number }; outcomes: Array<{ value: unknown; count: number }> }> }
    ).variants[0]!;
    expect(library.pct!.steps).toBeLessThanOrEqual(15);
    expect(v.pct).toEqual(library.pct);
    // A runner outcome (the step limit) is an object in the library, its text in the JSON; each
    // names the bound as its reader knows it (the library's option, the CLI's flag).
    const libraryRows = library.outcomes.map((o) => [String(o.value), o.count]);
    expect(libraryRows.map(([value]) => value)).toContain('step-limit: more than 15 scheduling steps (maxSteps)');
    expect(v.outcomes.map((o) => [String(o.value), o.count])).toEqual(
      libraryRows.map(([value, count]) => [String(value).replace('(maxSteps)', '(--max-steps)'), count]),
    );
  });

  it('says nothing more when the pilot k covers every trial', async () => {
    const run = await lockdemoInProcess(['counter', '--schedule', 'pct', '--trials', '500', '--seed', '1', '--json']);
    const variants = (JSON.parse(run.stdout) as { variants: Array<{ pct: { steps: number; longest?: number } }> }).variants;
    for (const v of variants) expect(v.pct).not.toHaveProperty('longest');
  });
});

describe('a setup that reads its trial index (the built CLI)', () => {
  it("makes exhaustive speak of trial 1's program only, and check sample real trials", async () => {
    const fixture = 'test/fixtures/trial-dependent.mjs';
    const [text, json, check] = await Promise.all([
      lockdemoInProcess([fixture, '--schedule', 'exhaustive']),
      lockdemoInProcess([fixture, '--schedule', 'exhaustive', '--json']),
      lockdemoInProcess(['check', fixture]),
    ]);
    expect(text.code).toBe(0);
    const said = text.stdout.replace(/\n\s+/g, ' ');
    expect(said).toContain("every interleaving of trial 1 explored: the verdict holds for trial 1's program only");
    expect(said).not.toContain('the verdict holds for all of them');
    expect((JSON.parse(json.stdout) as { variants: Array<{ setupReadsTrial?: boolean }> }).variants[0]!.setupReadsTrial).toBe(true);
    // Odd trials skip the lock: sampling finds the lost update that trial 1's search could not.
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/FAIL\s+trial-dependent › v\s+random/);
  });

  it("gives no random odds from trial 1's program, in the text or the JSON", async () => {
    const fixture = 'test/fixtures/trial-odds.mjs';
    const [text, json] = await Promise.all([
      lockdemoInProcess([fixture, '--schedule', 'exhaustive']),
      lockdemoInProcess([fixture, '--schedule', 'exhaustive', '--json']),
    ]);
    expect(text.code).toBe(0);
    const said = text.stdout.replace(/\n\s+/g, ' ');
    expect(said).toContain('races in 4 of 6 interleavings');
    expect(said).not.toContain('a random trial races with probability');
    expect(said).toContain('interleavings are not equally likely: this count is not the chance that a run races');
    const variant = (JSON.parse(json.stdout) as { variants: Array<{ setupReadsTrial?: boolean; randomOdds?: unknown }> }).variants[0]!;
    expect(variant.setupReadsTrial).toBe(true);
    expect(variant).not.toHaveProperty('randomOdds');
  });
});

describe('the pass of a bounded search (the built CLI)', () => {
  it('says it holds within the bounds, for a cut-short search and a preemption bound; a complete search says nothing more', async () => {
    const [cut, bounded, complete] = await Promise.all([
      lockdemoInProcess(['counter', '--schedule', 'exhaustive', '--max-interleavings', '10']),
      lockdemoInProcess(['counter', '--schedule', 'exhaustive', '--preemptions', '1']),
      lockdemoInProcess(['counter', '--schedule', 'exhaustive']),
    ]);
    for (const r of [cut, bounded]) {
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('\npass: every variant met its declaration, within the bounds above\n');
    }
    expect(complete.stdout).toContain('\npass: every variant met its declaration\n');
    // The header names the bound in the sentence that says "every interleaving" (DESIGN).
    expect(bounded.stdout).toContain('\nevery interleaving with at most 1 preemption, up to 1,000,000 per variant\n');
    expect(complete.stdout).toContain('\nevery interleaving, up to 1,000,000 per variant · schedule exhaustive');
  });
});

describe('asyncio with a setup that reads its trial index (the built CLI)', () => {
  it('never says that the loop gives one result every time when the trials gave several', async () => {
    const [varied, same] = await Promise.all([
      lockdemoInProcess(['test/fixtures/trial-dependent.mjs', '--schedule', 'asyncio', '--trials', '4']),
      lockdemoInProcess(['counter', '--schedule', 'asyncio']),
    ]);
    expect(varied.stdout).not.toContain('gives this every time');
    expect(varied.stdout).toContain("CPython's loop decides each trial alike: the program varies by trial");
    expect(same.stdout).toContain("deterministic: CPython's loop gives this every time");
  });
});

describe('--ablate with locks that guard the same steps', () => {
  it('check --ablate passes them: each alone can go, not both (it failed the scenario as needing no lock)', async () => {
    const r = await lockdemoInProcess(['check', '--ablate', 'test/fixtures/nested-locks.mjs']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('        L  not needed here: all 4 interleavings without it pass\n');
    expect(r.stdout).toContain('        all at once  necessary: without them 1 (one lost) in 1 preemption\n');
    expect(r.stdout).toContain('        (either one alone is enough)\n');
    expect(r.stdout).not.toMatch(/no lock is needed/);
  });
});

it("--ablate wraps a lock's finding under its words, not under the lock's name", async () => {
  const r = await lockdemoInProcess(['bank', '--ablate', '--variant', 'ordered-account-locks', '--seed', '1']);
  expect(r.code).toBe(0);
  // Before, "preemption" went on a line of its own at column 6, under the names.
  expect(r.stdout).toContain('    account1  necessary: without it 310 (10 created from nothing) in 1\n              preemption\n');
});
