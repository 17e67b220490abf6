import type { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { buildProgram, type Actions } from '../../src/cli/program.js';
import type { RunCommandOptions } from '../../src/cli/run-command-options.js';

function capture(): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: {},
    out: () => out,
    err: () => err,
  };
}

const noActions: Actions = { run: async () => {}, list: async () => {}, check: async () => {}, init: async () => {}, help: async () => {} };

/** Parses argv through the real program and returns what the run action received. */
async function parse(argv: string[]): Promise<{ scenario: string; options: RunCommandOptions }> {
  let received: { scenario: string; options: RunCommandOptions } | undefined;
  const program = buildProgram(capture(), {
    ...noActions,
    run: async (scenario, options) => {
      received = { scenario, options };
    },
  });
  await program.parseAsync(argv, { from: 'user' });
  return received!;
}

async function parseError(argv: string[]): Promise<{ error: CommanderError; stderr: string }> {
  const io = capture();
  const program = buildProgram(io, noActions);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    return { error: error as CommanderError, stderr: io.err() };
  }
  throw new Error(`expected ${argv.join(' ')} to be rejected`);
}

describe('argv → run options', () => {
  it.each<[string[], Partial<RunCommandOptions>]>([
    // No --timeout: the scenario's own applies (processes scales it with --tasks), else 5000.
    [['counter'], { color: true }],
    [['counter', '--trials', '1000'], { trials: 1000 }],
    [['counter', '-t', '1e6'], { trials: 1_000_000 }],
    [['counter', '--trials', '1_000'], { trials: 1000 }],
    [['counter', '-s', '0'], { seed: 0 }],
    [['counter', '--seed', '9007199254740991'], { seed: Number.MAX_SAFE_INTEGER }],
    [['counter', '--schedule', 'event-loop'], { schedule: 'event-loop' }],
    [['counter', '--variant', 'locked'], { variant: ['locked'] }],
    [['counter', '--variant', 'locked', 'unlocked'], { variant: ['locked', 'unlocked'] }],
    [['counter', '--variant', 'locked,unlocked'], { variant: ['locked', 'unlocked'] }],
    [['counter', '--tasks', '64'], { tasks: 64 }],
    [['counter', '--timeout', '250'], { timeout: 250 }],
    [['counter', '--json'], { json: true }],
    [['counter', '--no-color'], { color: false }],
    [['--trials', '5', 'counter'], { trials: 5 }],
  ])('%j', async (argv, expected) => {
    const { scenario, options } = await parse(argv);
    expect(scenario).toBe(argv.find((a) => a === 'counter'));
    expect(options).toMatchObject(expected);
    if (!argv.includes('--timeout')) expect(options.timeout).toBeUndefined();
  });

  it.each([
    [['counter', '--trials', '0'], /--trials <n>' argument '0' is invalid\. Expected a whole number of trials from 1 to 1e9/],
    [['counter', '--trials', '-5'], /argument '-5' is invalid/],
    [['counter', '--trials', '1.5'], /argument '1.5' is invalid/],
    [['counter', '--trials', 'abc'], /argument 'abc' is invalid/],
    [['counter', '--trials', '1e12'], /argument '1e12' is invalid/],
    [['counter', '--seed', '1.5'], /--seed <n>' argument '1.5' is invalid\. Expected an integer seed/],
    [['counter', '--seed', '-1'], /--seed <n>' argument '-1' is invalid/],
    [['counter', '--schedule', 'fifo'], /Allowed choices are random, pct, exhaustive, asyncio, event-loop, timers/],
    [['counter', '--tasks', '0'], /--tasks <n>' argument '0' is invalid\. Expected a whole number of tasks from 1 to 64/],
    [['counter', '--tasks', '65'], /argument '65' is invalid/],
    [['counter', '--bogus'], /unknown option '--bogus'/],
    [['counter', '--trails', '5'], /unknown option '--trails'\n?.*Did you mean --trials\?/s],
    [[], /missing required argument 'scenario'/],
  ])('rejects %j with one line naming what is accepted', async (argv, message) => {
    const { error, stderr } = await parseError(argv);
    expect(error.exitCode).not.toBe(0);
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/^lockdemo: /);
    expect(stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
  });

  it('prints help and the version on stdout with a zero exit code', async () => {
    for (const argv of [['--help'], ['counter', '--help'], ['--version']]) {
      const io = capture();
      const program = buildProgram(io, noActions);
      const error = await program.parseAsync(argv, { from: 'user' }).catch((e: CommanderError) => e);
      expect((error as CommanderError).exitCode).toBe(0);
      expect(io.out().length).toBeGreaterThan(0);
      expect(io.err()).toBe('');
    }
  });
});
