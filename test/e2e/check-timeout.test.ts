/** `check --timeout`: the per-trial bound a run takes, for a CI whose scenario is slow but correct. */
import { describe, expect, it } from 'vitest';
import { lockdemo, lockdemoInProcess } from './run-built.js';

describe('check --timeout', () => {
  it('gives a slow trial the time it needs, where the scenario’s own bound fails it as a hang', async () => {
    const [own, longer] = await Promise.all([
      lockdemoInProcess(['check', 'test/fixtures/slow-io-bound.mjs']),
      lockdemoInProcess(['check', 'test/fixtures/slow-io-bound.mjs', '--timeout', '30000']),
    ]);
    expect(own.code).toBe(1);
    expect(own.stdout).toContain('first forbidden: hang (the trial did not finish within --timeout)');
    // A hang is a trial that took too long: no PCT run with more tasks is offered for it.
    expect(own.stdout).not.toContain('--schedule pct');
    expect(longer.code, longer.stdout + longer.stderr).toBe(0);
    expect(longer.stdout).toMatch(/^PASS {2}slow-io-bound › only {2}exhaustive {2}races 0\/1 interleaving/);
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
