/**
 * A Ctrl-C (or SIGTERM) that comes while the command line is still being read, before the run's
 * session exists, stops the run as one that comes later does. It once made the worker run no
 * trial while the run thought it had finished: `pass` and exit 0 for a run of zero trials.
 * DESIGN: "pass only when every selected variant ran to completion".
 *
 * What follows depends on the machine: the worker, stopped from the start, is given a moment to
 * load the scenario (then the summary of zero trials follows, marked incomplete), and is ended
 * if it takes longer (then one line says the run was interrupted before it could run). Either
 * way: exit 130, and never a pass.
 */
import { describe, expect, it } from 'vitest';
import { lockdemo, lockdemoInProcess } from './run-built.js';

const stoppedAlready = (): AbortSignal => {
  const interrupt = new AbortController();
  interrupt.abort();
  return interrupt.signal;
};

const BEFORE_IT_RAN = /^lockdemo: interrupted \(Ctrl-C\) before counter could run\n$/;

describe('a stop that comes before the first trial', () => {
  it('a run: incomplete, exit 130, never a pass', async () => {
    const r = await lockdemoInProcess(['counter', '--trials', '1000', '--seed', '1'], {}, stoppedAlready());
    expect(r.code).toBe(130);
    expect(r.stdout).not.toMatch(/\bpass\b|never raced/);
    if (r.stdout === '') expect(r.stderr).toMatch(BEFORE_IT_RAN);
    else {
      expect(r.stdout).toContain('incomplete: stopped after 0 trials');
      expect(r.stdout).toContain('interrupted: the figures above cover only the trials that completed');
    }
  });

  it('a run with --json: one document, incomplete and interrupted, or nothing and the one line', async () => {
    const r = await lockdemoInProcess(['counter', '--trials', '1000', '--seed', '1', '--json'], {}, stoppedAlready());
    expect(r.code).toBe(130);
    if (r.stdout === '') expect(r.stderr).toMatch(BEFORE_IT_RAN);
    else {
      const report = JSON.parse(r.stdout) as {
        verdict: string;
        interrupted: boolean;
        variants: Array<{ verdict: string; trials: number; raceFrequency: number | null; interval95: unknown }>;
      };
      expect(report.verdict).toBe('incomplete');
      expect(report.interrupted).toBe(true);
      for (const v of report.variants) {
        expect(v.verdict).not.toBe('pass');
        // No trial back: no frequency (0/0 is not 0%).
        expect(v.trials).toBe(0);
        expect(v.raceFrequency).toBeNull();
        expect(v.interval95).toBeNull();
      }
    }
  });

  it('a check: incomplete, exit 130, nothing checked', async () => {
    const r = await lockdemoInProcess(['check', 'counter', '--json'], {}, stoppedAlready());
    expect(r.code).toBe(130);
    // Stopped while its targets load or after: either way, its document.
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'incomplete', interrupted: true, passed: 0 });
  });
});

describe('a failure of the scenario’s code after a stop', () => {
  it('is the stop’s (exit 130), saying what failed: the signal reaches its child processes too', async () => {
    const r = await lockdemoInProcess(['test/fixtures/hostile/open-throws.mjs', '--trials', '3'], {}, stoppedAlready());
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(
      /^lockdemo: (interrupted, and then open-throws could not start what its trials share: cannot open|interrupted \(Ctrl-C\) before .* could run)\n$/,
    );
  });
});

describe('a signal that comes while lockdemo itself loads', () => {
  // test/fixtures/early-signal/ signals the process as bin/lockdemo.js asks for lockdemo's main
  // module: before this, such a SIGTERM ended it by the default action (exit 143, not a word).
  it.each(['SIGTERM', 'SIGINT'])('%s: held, then answered as a stop (exit 130), never the default action', async (signal) => {
    const r = await lockdemo(['counter', '--trials', '1000', '--seed', '1'], {
      NODE_OPTIONS: '--import ./test/fixtures/early-signal/preload.mjs',
      LOCKDEMO_TEST_SIGNAL: signal,
    });
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/^lockdemo: stopping: the summary of the trials that came back follows/);
    expect(r.stdout).not.toMatch(/\bpass\b|never raced/);
  });
});

describe('one stop signalled twice at once (GNU timeout signals the command, then its group)', () => {
  it('is one stop: the summary of the trials that came back follows, exit 130', async () => {
    // Both arrive while lockdemo loads (test/fixtures/early-signal/): the second used to be
    // taken for a person's second Ctrl-C, which quits at once, with no summary at all.
    const r = await lockdemo(['counter', '--trials', '1000', '--seed', '1'], {
      NODE_OPTIONS: '--import ./test/fixtures/early-signal/preload.mjs',
      LOCKDEMO_TEST_SIGNAL: 'SIGTERM',
      LOCKDEMO_TEST_SIGNALS: '2',
    });
    expect(r.code).toBe(130);
    // The one stop ends the run as a stop does: with the summary of what came back, or, where it
    // came before the scenario had loaded (a loaded machine), with the line that says so. A
    // second stop would have quit at once, with neither.
    if (r.stdout === '') expect(r.stderr).toMatch(/\nlockdemo: interrupted \(Ctrl-C\) before counter could run\n$/);
    else expect(r.stdout).toContain('interrupted: the figures above cover only the trials that completed');
  });
});

describe('a signal while lockdemo loads, for a command that runs no scenario', () => {
  it.each([['list'], ['--version'], ['init', 'never-written.mjs']])('%s: stops before it acts, exit 130', async (...args) => {
    const r = await lockdemo(args, { NODE_OPTIONS: '--import ./test/fixtures/early-signal/preload.mjs', LOCKDEMO_TEST_SIGNAL: 'SIGTERM' });
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('lockdemo: interrupted before it started\n');
  });
});
