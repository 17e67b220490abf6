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
    // Ctrl-C once the run has begun (its header is out), not at a fixed time from the call: on a
    // loaded machine the CLI may not have started any trial 50 ms after it was called.
    let pressed = false;
    const term: Io = {
      ...base,
      signal: controller.signal,
      stdout: {
        write: (s: string) => {
          base.stdout.write(s);
          if (!pressed) {
            pressed = true;
            setTimeout(() => controller.abort(), 50);
          }
        },
        isTTY: false,
      },
    };
    const status = await runCli(['counter', '--trials', '1e9', '--seed', '1'], term);
    expect(status).toBe(130);
    expect(base.out()).toContain('interrupted: the figures above cover only the trials that completed');
    expect(base.out()).toMatch(/unlocked \(races allowed\)/);
  });
});
