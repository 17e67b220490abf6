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
});
