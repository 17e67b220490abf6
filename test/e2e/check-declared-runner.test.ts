import { describe, expect, it } from 'vitest';
import { lockdemoInProcess } from './run-built.js';

const FIXTURE = 'test/fixtures/declared-stall.mjs';

describe('check on a variant whose declared stall showed up', () => {
  it('passes it, as the run says it demonstrated what it declares, and names the stall as a stall', async () => {
    const run = await lockdemoInProcess([FIXTURE, '--schedule', 'exhaustive']);
    expect(run.stdout).toContain('stalled seen, declared races: as allowed');
    const check = await lockdemoInProcess(['check', FIXTURE]);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^PASS {2}declared-stall › stalls/m);
    expect(check.stdout).not.toContain('allows races but showed none');
    expect(check.stdout).toContain('smallest stalled: 0 preemptions');
    expect(run.stdout).toContain('smallest stalled (task_B awaited something the scheduler cannot see');
    expect(check.stdout).not.toContain('smallest race');
    expect(check.stdout).toContain('1 passed, 0 failed, 0 flagged');
  });
});
