/**
 * `--trace-trial K` past the end is a usage mistake under every schedule (exit 2): `random`
 * refuses it before the run, as a search does past its bound; a search that ends before K in
 * every variant holds its output back and prints only the mistake, counting interleavings.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { lockdemoInProcess } from './run-built.js';

describe('--trace-trial past the last trial or interleaving', () => {
  it('is exit 2 under random, before the run', async () => {
    const r = await lockdemoInProcess(['counter', '--trials', '36', '--trace-trial', '37', '--variant', 'locked']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });

  it('is exit 2 after an exhaustive search, worded in interleavings, with nothing on stdout', async () => {
    // The locked counter has 36 interleavings (the README's coverage line counts them under random too).
    const r = await lockdemoInProcess(['counter', '--schedule', 'exhaustive', '--trace-trial', '37', '--variant', 'locked']);
    expect(r.code).toBe(2);
    // A usage mistake writes nothing half: no table, no "no trace" line, no verdict.
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'lockdemo: --trace-trial 37 is past the last interleaving: the search found 36 at most (locked 36); 1 to 36 are accepted here\n',
    );
  });

  it('past every variant of a search: one line naming each search and what is accepted, in text and JSON, and no report written', async () => {
    // unlocked has 90 interleavings, locked 36 (counted independently in the README's coverage lines).
    const dir = mkdtempSync(join(tmpdir(), 'lockdemo-trace-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const html = join(dir, 'report.html');
    const runs = await Promise.all([
      lockdemoInProcess(['counter', '--schedule', 'exhaustive', '--trace-trial', '91']),
      lockdemoInProcess(['counter', '--schedule', 'exhaustive', '--trace-trial', '91', '--json']),
      lockdemoInProcess(['counter', '--schedule', 'exhaustive', '--trace-trial', '91', '--html', html]),
    ]);
    for (const r of runs) {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        'lockdemo: --trace-trial 91 is past the last interleaving: the search found 90 at most (unlocked 90, locked 36); 1 to 90 are accepted here\n',
      );
    }
    expect(existsSync(html)).toBe(false);
  });

  it('is exit 2 before a search whose default bound is below it', async () => {
    const r = await lockdemoInProcess(['counter', '--schedule', 'exhaustive', '--trace-trial', '1000001', '--variant', 'locked']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'lockdemo: --trace-trial 1000001 is past the last interleaving: a search explores 1,000,000 at most (--max-interleavings raises the bound)\n',
    );
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
