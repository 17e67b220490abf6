import { describe, expect, it } from 'vitest';
import { lockdemo } from './run-built.js';

interface Report {
  verdict: string;
  variants: Array<{
    name: string;
    outcomes: Array<{ value: string; count: number }>;
    firstForbidden?: { value: string; schedule?: string };
  }>;
}

/** Real I/O in `t.io` that never finishes, through the CLI (a supervised worker). */
describe('t.io that never finishes', () => {
  it('is a hang within --timeout, with its replay string, and exit 1', async () => {
    const r = await lockdemo(['test/fixtures/io-forever.mjs', '--trials', '2', '--seed', '1', '--timeout', '300', '--json']);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    const v = report.variants[0]!;
    expect(v.outcomes.find((o) => o.value === 'hang')?.count).toBe(2);
    expect(v.firstForbidden?.value).toBe('hang');
    // task_B was picked (its I/O started) before the trial was stopped.
    expect(v.firstForbidden?.schedule).toMatch(/B/);
  });

  it('its replay hangs again, and says so', async () => {
    const r = await lockdemo(['test/fixtures/io-forever.mjs', '--variant', 'v', '--replay', 'B', '--timeout', '300']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/v: the trial did not come back within 300 ms and was stopped from outside: a\s+hang/);
  });
});
