// A lock wait belongs to the task whose code waits, even when that code is a strand started from
// process.nextTick and runs between a pick and the picked task's resumption (see the fixture).
import { describe, expect, it } from 'vitest';
import { lockdemo } from './run-built.js';

const FIXTURE = 'test/fixtures/tick-strand-lock.mjs';

describe("a strand's lock wait is its own task's", () => {
  it('exhaustive finds B running before A’s woken strand, and its replay gives it again', async () => {
    const r = await lockdemo([FIXTURE, '--schedule', 'exhaustive', '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as {
      variants: Array<{
        trials: number;
        complete?: boolean;
        outcomes: Array<{ value: unknown; count: number }>;
        firstForbidden?: { schedule?: string };
      }>;
    };
    const [tick] = report.variants;
    expect(tick?.complete).toBe(true);
    expect(tick?.outcomes.find((o) => o.value === 'Bx A1 B1 As')?.count ?? 0).toBeGreaterThan(0);
    const schedule = tick?.firstForbidden?.schedule;
    expect(schedule).toBeDefined();
    const replay = await lockdemo([FIXTURE, '--replay', schedule ?? '']);
    expect(replay.stdout).toContain('Bx A1 B1 As');
    expect(replay.code).toBe(1);
  });
});
