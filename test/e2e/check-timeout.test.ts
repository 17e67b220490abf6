/** `check --timeout`: the per-trial bound a run takes, for a CI whose scenario is slow but correct. */
import { describe, expect, it } from 'vitest';
import { lockdemo, lockdemoInProcess } from './run-built.js';

describe('check --timeout', () => {
  it('bounds each trial: by default 5000 ms, or the scenario’s own if longer; --timeout sets it', async () => {
    // The fixture's I/O takes a second, its own bound is 200 ms: check's default (5000) lets it
    // finish, in the worker's own wait as well; --timeout 300 fails it as a hang.
    const [byDefault, shorter] = await Promise.all([
      lockdemoInProcess(['check', 'test/fixtures/slow-io-bound.mjs']),
      lockdemoInProcess(['check', 'test/fixtures/slow-io-bound.mjs', '--timeout', '300']),
    ]);
    expect(byDefault.code, byDefault.stdout + byDefault.stderr).toBe(0);
    expect(byDefault.stdout).toMatch(/^PASS {2}slow-io-bound › only {2}exhaustive {2}races 0\/1 interleaving/);
    expect(shorter.code).toBe(1);
    expect(shorter.stdout).toMatch(/hang|did not come back within 300 ms/);
    // A hang is a trial that took too long: no PCT run with more tasks is offered for it.
    expect(shorter.stdout).not.toContain('--schedule pct');
  });

  it('is written into the replay line, which needs the same bound', async () => {
    const r = await lockdemoInProcess(['check', 'test/fixtures/broken-lock.mjs', '--timeout', '9000']);
    expect(r.code).toBe(1);
    expect(r.stdout.replace(/\\\n\s*/g, '')).toMatch(
      /replay:\s+lockdemo test\/fixtures\/broken-lock\.mjs --timeout 9000 --variant locked --replay "/,
    );
  });

  it('is refused outside 1 to 86400000 with one line, exit 2', async () => {
    const r = await lockdemo(['check', 'counter', '--timeout', '0']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      "lockdemo: option '--timeout <ms>' argument '0' is invalid. Expected a timeout in milliseconds from 1 to 86400000.\n",
    );
  });
});
