/**
 * What the help says `check` does is what it does: a proof only where every interleaving fits,
 * seeded random trials (a sample) beyond, and real runs for real threads and processes, whose
 * lines the check prints with their own schedule (`threads › atomic  event-loop  ... trials`).
 */
import { describe, expect, it } from 'vitest';
import { lockdemoInProcess } from './run-built.js';

describe("check's words (the built CLI)", () => {
  it('the start page and the help say check, not prove, for every scenario', async () => {
    const start = await lockdemoInProcess([]);
    expect(start.code).toBe(2);
    expect(start.stderr).toMatch(/^ {2}lockdemo check +check every scenario, as CI does$/m);
    const help = await lockdemoInProcess(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/check \[options\] \[targets\.\.\.\] +check every variant of every scenario/);
    for (const text of [start.stderr, help.stdout]) expect(text).not.toMatch(/prove every/);
  });

  it("help check names the proof, the sample and the real runs, and no longer calls all 'deterministic'", async () => {
    const r = await lockdemoInProcess(['help', 'check']);
    expect(r.code).toBe(0);
    const text = r.stdout.replace(/\s+/g, ' ');
    expect(text).not.toMatch(/every variant deterministically/);
    expect(text).toContain('A proof where every interleaving fits (at most --max-interleavings)');
    expect(text).toContain('--trials random trials under a fixed seed: a sample');
    expect(text).toContain('real threads and processes get real runs under their own schedule');
  });

  it('the list footer offers check, not a proof of all', async () => {
    const r = await lockdemoInProcess(['list']);
    expect(r.stdout).toContain('check all with: lockdemo check');
    expect(r.stdout).not.toContain('prove all');
  });

  it('a sampled variant is checked by trials, as the help now says (a sample, not a proof)', async () => {
    const r = await lockdemoInProcess(['check', 'counter', '--tasks', '5', '--variant', 'unlocked']);
    expect(r.stdout).toMatch(/^PASS {2}counter › unlocked {2}random +races [\d,]+\/10,000 trials/m);
  });

  it("the help's exit 1 says what the README's does: not deterministic, or a trial that did not come back", async () => {
    const r = await lockdemoInProcess(['check', '--help']);
    expect(r.stdout).toContain('  1    a forbidden outcome was observed, a variant was not deterministic, or a\n');
    expect(r.stdout).toContain('       trial did not come back within --timeout\n');
  });

  it('a replay line that leaves a secret out says which variable to set, as a run’s does', async () => {
    const r = await lockdemoInProcess(['check', 'test/fixtures/check-secret-fails.mjs', '--token', 'abc']);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('abc');
    expect(r.stdout).toMatch(
      /replay: lockdemo test\/fixtures\/check-secret-fails\.mjs --token \\\n {6}"\$MY_CHECK_TOKEN" --variant unlocked --replay "[AB ]+"\n {6}set MY_CHECK_TOKEN to the value of --token first \(the secret is left out\)\n/,
    );
  });

  it("lockdemo's own outcome is its whole words, not cut as a long value would be", async () => {
    const r = await lockdemoInProcess(['check', 'test/fixtures/check-real-timer.mjs']);
    expect(r.code).toBe(1);
    const text = r.stdout.replace(/\n {6}/g, ' ');
    expect(text).toContain('first forbidden: stalled: task_A awaited something the scheduler cannot see');
    expect(text).not.toMatch(/characters\)/);
  });
});

it('says how far the PCT depth search went when no depth gives the smallest race (lazy-init), rather than nothing', async () => {
  // Before, the line stopped after "1 preemption", as if the advice had been forgotten.
  const r = await lockdemoInProcess(['check', 'lazy-init', '--variant', 'unlocked']);
  // Of that interleaving only: --schedule pct --depth 2 finds lazy-init's race through other orders.
  expect(r.stdout.replace(/\n +/g, ' ')).toContain(
    'smallest race: 1 preemption; no pct depth up to 7 gives this interleaving ("A C C A B"), though others with this race may be',
  );
  expect(r.stdout).not.toContain('--schedule pct');
});
