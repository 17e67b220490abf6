/**
 * `--debug` is taken by every command: an internal error's message asks for "the output of
 * --debug" whatever the command, and `help check` lists exit 70 with "--debug shows the stack
 * trace". check, list and init refused it as an unknown option (exit 2).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockdemo, lockdemoInProcess } from './run-built.js';

describe('--debug on every command (the built CLI)', () => {
  it('check, list and help take it and run as without it', async () => {
    const [check, list, help] = await Promise.all([
      lockdemoInProcess(['check', 'counter', '--debug']),
      lockdemoInProcess(['list', '--debug']),
      lockdemoInProcess(['help', 'check', '--debug']),
    ]);
    expect([check.code, check.stderr]).toEqual([0, '']);
    expect(check.stdout).toMatch(/^2 passed, 0 failed, 0 flagged · 1 scenario, 2 variants$/m);
    expect([list.code, list.stderr]).toEqual([0, '']);
    expect(list.stdout).toMatch(/^counter /m);
    expect([help.code, help.stderr]).toEqual([0, '']);
    // The help that promises it lists it.
    expect(help.stdout).toMatch(/^ {2}--debug +print the stack trace of an error$/m);
    expect(help.stdout).toContain('--debug shows the stack trace');
  });

  it('init takes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockdemo-debug-'));
    try {
      const r = await lockdemoInProcess(['init', '--debug', join(dir, 'mine.mjs')]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('check --debug shows the stack of an error, as a run does', async () => {
    const r = await lockdemo(['check', 'test/fixtures/missing.mjs', '--debug']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^lockdemo: cannot load test\/fixtures\/missing\.mjs: file not found\n/);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});
