import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';

function io(env: NodeJS.ProcessEnv = {}): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s), isTTY: false },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    env,
    out: () => out,
    err: () => err,
  };
}

describe('runCli (in process, no child)', () => {
  it('runs a scenario and resolves with the exit status', async () => {
    const term = io();
    expect(await runCli(['counter', '--trials', '200', '--seed', '5'], term)).toBe(0);
    expect(term.out()).toContain('reproduce: lockdemo counter --trials 200 --seed 5');
    expect(term.err()).toBe('');
  });

  it('maps each kind of failure to its exit status', async () => {
    expect(await runCli(['nope'], io())).toBe(2);
    expect(await runCli(['counter', '--trials', 'x'], io())).toBe(2);
    expect(await runCli(['./test/fixtures/missing.mjs'], io())).toBe(3);
    expect(await runCli(['./test/fixtures/broken-lock.mjs', '--trials', '300', '--seed', '1'], io())).toBe(1);
    expect(await runCli(['--help'], io())).toBe(0);
  });

  it('prints the partial summary and exits 130 when interrupted', async () => {
    const controller = new AbortController();
    const base = io();
    // Ctrl-C once the run is under way (its header is out), whatever the machine's speed.
    const term = {
      ...base,
      stdout: { ...base.stdout, write: (s: string) => (s.includes('trials per variant') && controller.abort(), base.stdout.write(s)) },
      signal: controller.signal,
    };
    const status = await runCli(['counter', '--trials', '1e9', '--seed', '1'], term);
    expect(status).toBe(130);
    expect(term.out()).toContain('interrupted: the figures above cover only the trials that completed');
    expect(term.out()).toMatch(/unlocked \(races allowed\)/);
    // The trials were cut: no analysis after them was to start, so none is said to be stopped.
    expect(term.out()).not.toContain('the analysis after the trials');
  });

  it('an exhaustive search stopped by Ctrl-C says it was interrupted, with no advice to raise its bound', async () => {
    const controller = new AbortController();
    const base = io();
    const term = {
      ...base,
      stdout: {
        ...base.stdout,
        write: (s: string) => (s.includes('every interleaving, up to') && controller.abort(), base.stdout.write(s)),
      },
      signal: controller.signal,
    };
    // Eight tasks: far more interleavings than the search can go through before the abort lands.
    const status = await runCli(['counter', '--schedule', 'exhaustive', '--tasks', '8', '--variant', 'unlocked'], term);
    expect(status).toBe(130);
    expect(term.out()).toMatch(/search interrupted after [\d,]+ interleavings?: the figures cover only those/);
    expect(term.out()).toContain('interrupted: the figures above cover only the interleavings that completed');
    expect(term.out()).not.toContain('--max-interleavings or bound');
  });

  it('an interrupted variant with no trial back gets no reproduce line (--trials 0 would be refused)', async () => {
    const controller = new AbortController();
    const base = io();
    // No trial ever comes back (task_B loops after its first yield, bounded only by --timeout): Ctrl-C
    // once the header is out stops the run with 0 trials counted.
    const term = {
      ...base,
      stdout: { ...base.stdout, write: (s: string) => (s.includes('trials per variant') && controller.abort(), base.stdout.write(s)) },
      signal: controller.signal,
    };
    const status = await runCli(['./test/fixtures/hostile/loop-after-yield.mjs', '--timeout', '60000', '--seed', '1'], term);
    expect(status).toBe(130);
    expect(term.out()).toContain('incomplete: stopped after 0 trials');
    // No frequency of nothing: "0.0% (0/0, 95% CI 0.0–100.0%)" would be a figure from no trial.
    expect(term.out()).toContain('  no trial finished');
    expect(term.out()).not.toContain('DESCRIPTION');
    expect(term.out()).not.toContain('0/0');
    expect(term.out()).not.toContain('race frequency');
    expect(term.out()).not.toMatch(/--trials 0\b/);
    expect(term.out()).not.toContain('reproduce:');
  });
});

describe('an unknown name: its "did you mean" is worded in main() alone', () => {
  it('the error carries what was given and accepted; runCli adds the suggestion', async () => {
    const { CliError } = await import('../../src/cli/exit-codes.js');
    const error = CliError.unknown({ what: 'variant', given: 'lockd', accepted: ['unlocked', 'locked'], within: 'scenario "counter"' });
    expect(error.kind).toBe('usage');
    expect(error.message).toBe('unknown variant "lockd" for scenario "counter". Available: unlocked, locked');
    expect(error.choice).toEqual({ what: 'variant', given: 'lockd', accepted: ['unlocked', 'locked'], within: 'scenario "counter"' });
    for (const [argv, line] of [
      [
        ['counter', '--variant', 'lockd'],
        'lockdemo: unknown variant "lockd" for scenario "counter". Available: unlocked, locked. Did you mean "locked"?\n',
      ],
      [['help', 'cach'], /^lockdemo: unknown scenario "cach"\. Available: .*threads\. Did you mean "cache"\? \(or give the path/],
      [['check', 'zzzz'], /^lockdemo: unknown scenario "zzzz"\. Available: .*threads \(or give the path/],
    ] as const) {
      const term = io();
      expect(await runCli(argv, term)).toBe(2);
      if (typeof line === 'string') expect(term.err()).toBe(line);
      else expect(term.err()).toMatch(line);
      expect(term.out()).toBe('');
    }
  });
});
