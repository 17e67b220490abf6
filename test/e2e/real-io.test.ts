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

  it('under asyncio, claims nothing of CPython: lockdemo stopped the trial, CPython would have waited', async () => {
    const r = await lockdemo(['test/fixtures/io-forever.mjs', '--schedule', 'asyncio', '--timeout', '300']);
    expect(r.code).toBe(1);
    const text = r.stdout.replace(/\s+/g, ' ');
    expect(text).toContain("deterministic in lockdemo's model of asyncio's loop; stopped at --timeout, so what CPython gives is not known");
    expect(text).not.toContain("CPython's loop gives this every time");
  });
});

/** DESIGN: asyncio's claim is CPython's result for programs written with the doors; t.io's timing is CPython's own. */
describe('asyncio over real I/O (t.io)', () => {
  it('says the result is lockdemo’s model of the loop, not what CPython gives every time', async () => {
    const io = await lockdemo(['test/fixtures/http-visits.mjs', '--schedule', 'asyncio']);
    expect(io.code, io.stderr).toBe(0);
    const text = io.stdout.replace(/\s+/g, ' ');
    expect(text).toContain("deterministic in lockdemo's model of asyncio's loop; with real I/O (t.io), CPython's order depends on timing");
    expect(text).not.toContain("CPython's loop gives this every time");
    const json = await lockdemo(['test/fixtures/http-visits.mjs', '--schedule', 'asyncio', '--json']);
    for (const v of (JSON.parse(json.stdout) as { variants: Array<{ realIo?: boolean }> }).variants) expect(v.realIo).toBe(true);
    // Without t.io the claim stands: the parity suite checks it against CPython.
    const pure = await lockdemo(['counter', '--schedule', 'asyncio', '--json']);
    for (const v of (JSON.parse(pure.stdout) as { variants: Array<{ realIo?: boolean }> }).variants) expect(v.realIo).toBeUndefined();
  });
});
