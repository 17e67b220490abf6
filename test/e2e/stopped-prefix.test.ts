/**
 * A run that stops early (--duration here; Ctrl-C takes the same path) counts exactly trials
 * 1..n, whatever chunks its jobs had in flight: the reproduce line it prints (`--trials n`)
 * gives the same histogram, byte for byte. The property holds for any stopping point, so the
 * test does not depend on when the clock stops the run.
 */
import { describe, expect, it } from 'vitest';
import { lockdemoInProcess } from './run-built.js';

/** The histogram rows and the race frequency: what a rerun must repeat exactly. */
function figures(stdout: string): string {
  return stdout
    .split('\n')
    .filter((line) => /^\s+\d+\s+[\d,]+\s+[\d.]+%/.test(line) || line.includes('race frequency'))
    .map((line) => line.replace(/\s+raced, as allowed$/, ''))
    .join('\n');
}

describe('a run stopped early with --jobs 2', () => {
  it.each([['0.3'], ['0.8']])('counts trials 1..n: its reproduce line repeats it exactly (--duration %s)', async (duration) => {
    const first = await lockdemoInProcess(['counter', '--duration', duration, '--seed', '11', '--jobs', '2', '--variant', 'unlocked']);
    expect(first.code).toBe(0);
    const line = /^reproduce:\s+lockdemo (.*)$/m.exec(first.stdout.replace(/ \\\n\s*/g, ' '))?.[1];
    expect(line).toMatch(/^counter --trials \d+ --seed 11 --jobs 2 --variant unlocked$/);
    const again = await lockdemoInProcess((line ?? '').split(' '));
    expect(again.code).toBe(0);
    expect(figures(first.stdout)).not.toBe('');
    expect(figures(again.stdout)).toBe(figures(first.stdout));
    // And with one job, the same trials again.
    const oneJob = await lockdemoInProcess([...(line ?? '').split(' '), '--jobs', '1']);
    expect(figures(oneJob.stdout)).toBe(figures(first.stdout));
  });
});

describe('a run with --jobs', () => {
  it('prints a reproduce line that gives the same output, byte for byte', async () => {
    // Two chunks of work (65,536 trials each), so that two jobs run.
    const first = await lockdemoInProcess(['counter', '--trials', '70000', '--seed', '5', '--jobs', '2']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('· 2 jobs');
    const line = /^reproduce:\s+lockdemo (.*)$/m.exec(first.stdout.replace(/ \\\n\s*/g, ' '))?.[1];
    expect(line).toBe('counter --trials 70000 --seed 5 --jobs 2');
    const again = await lockdemoInProcess((line ?? '').split(' '));
    expect(again.stdout).toBe(first.stdout);
  });

  it('starts no more workers than there are chunks of work: --jobs 256 on 1,000 trials is one job', async () => {
    const many = await lockdemoInProcess(['counter', '--trials', '1000', '--seed', '5', '--jobs', '256']);
    const one = await lockdemoInProcess(['counter', '--trials', '1000', '--seed', '5']);
    expect(many.code).toBe(0);
    expect(many.stdout).toBe(one.stdout);
  });
});
