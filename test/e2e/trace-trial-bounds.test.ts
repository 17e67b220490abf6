/**
 * `--trace-trial K` past the end is a usage mistake under every schedule (exit 2): `random`
 * refuses it before the run; a search, whose size is known only after it, says so after its
 * output, counting interleavings, not trials.
 */
import { describe, expect, it } from 'vitest';
import { lockdemoInProcess } from './run-built.js';

describe('--trace-trial past the last trial or interleaving', () => {
  it('is exit 2 under random, before the run', async () => {
    const r = await lockdemoInProcess(['counter', '--trials', '36', '--trace-trial', '37', '--variant', 'locked']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });

  it('is exit 2 after an exhaustive search, worded in interleavings', async () => {
    // The locked counter has 36 interleavings (the README's coverage line counts them under random too).
    const r = await lockdemoInProcess(['counter', '--schedule', 'exhaustive', '--trace-trial', '37', '--variant', 'locked']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('locked: no trace, the search found only 36 interleavings (--trace-trial 37)');
    expect(r.stdout).not.toContain('trials');
    expect(r.stderr).toBe('lockdemo: --trace-trial 37 is past the last interleaving: the search found 36 at most\n');
    // No verdict that says otherwise, and no reproduce line that would give exit 2 again.
    expect(r.stdout).not.toMatch(/^pass|reproduce:/m);
  });

  it('is exit 2 before a search whose --max-interleavings bound is below it', async () => {
    const r = await lockdemoInProcess(['counter', '--schedule', 'exhaustive', '--max-interleavings', '10', '--trace-trial', '37']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });

  it('traces what it can: one variant reaching K is no mistake', async () => {
    const r = await lockdemoInProcess(['counter', '--schedule', 'exhaustive', '--trace-trial', '37']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('trace of unlocked, interleaving 37');
    expect(r.stdout).toContain('locked: no trace, the search found only 36 interleavings');
  });

  it('under --duration, a K that no variant reached is left out of the reproduce lines, which then run', async () => {
    const r = await lockdemoInProcess(['counter', '--duration', '0.1', '--trace-trial', '100000000', '--seed', '1']);
    const lines = [...r.stdout.replace(/ \\\n\s*/g, ' ').matchAll(/^reproduce:\s+lockdemo (.*)$/gm)].map((m) => m[1] ?? '');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain('--trace-trial');
      const again = await lockdemoInProcess(line.split(' '));
      expect(again.code, again.stderr).toBe(0);
    }
  });
});

describe('a trace of a trial that hung', () => {
  // Trial 2 spins for ever: the supervisor stopped it, and a replay would spin again. The reason
  // given was false ("it ran only 5 trials" for trial 2 of 5; "no trial raced" for a forbidden hang).
  it.each([['--trace-trial', '2'], ['--trace']])('%s says the trial did not come back', async (...flag) => {
    const r = await lockdemoInProcess([
      'test/fixtures/hostile/hang-second-trial.mjs',
      '--trials',
      '5',
      '--seed',
      '1',
      '--timeout',
      '300',
      ...flag,
    ]);
    expect(r.code).toBe(1);
    const text = r.stdout.replace(/\s+/g, ' ');
    expect(text).toContain('locked: no trace: trial 2 did not come back within --timeout, and its replay would not either');
    expect(text).not.toContain('it ran only');
    expect(text).not.toContain('no trial raced');
  });

  it('traces a trial after it that came back', async () => {
    const r = await lockdemoInProcess([
      'test/fixtures/hostile/hang-second-trial.mjs',
      '--trials',
      '5',
      '--seed',
      '1',
      '--timeout',
      '300',
      '--trace-trial',
      '3',
    ]);
    expect(r.stdout).toContain('trace of locked, trial 3');
  });
});
