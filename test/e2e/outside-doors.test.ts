/**
 * A promise that a real timer settles is outside the doors: the engine cannot see when it
 * fires, so a task that waits on it is `stalled` (README, "Schedules": "a task that awaits
 * something the engine cannot see (a real timer, real I/O outside t.io) ends it as stalled").
 * Whatever the machine's timing, the outcome must be the same in every trial, so that a seed
 * reproduces its histogram and exhaustive search replays each prefix the same way.
 */
import { describe, expect, it } from 'vitest';
import { lockdemoInProcess } from './run-built.js';

const TIMER = 'test/fixtures/timer-wait.mjs';

interface Document {
  verdict: string;
  variants: Array<{ trials: number; outcomes: Array<{ value: unknown; count: number; runner?: string }> }>;
}

const stalledOf = (document: Document): number =>
  document.variants[0]?.outcomes.filter((o) => o.runner === 'stalled').reduce((sum, o) => sum + o.count, 0) ?? -1;

describe('t.wait on a promise a real timer settles', () => {
  it('is stalled in every random trial, so the seed’s histogram does not depend on timing', async () => {
    const r = await lockdemoInProcess([TIMER, '--seed', '1', '--trials', '2000', '--json']);
    const document = JSON.parse(r.stdout) as Document;
    expect(stalledOf(document)).toBe(2000);
    expect(r.code).toBe(0);
  });

  it('is stalled in each of the 4 interleavings of an exhaustive search, every time', async () => {
    // task_A's start (where it blocks for good) can come before, between or after task_B's three
    // steps: 4 interleavings. The search replays prefixes, so a timer that fires in some of
    // them and not in others makes it diverge.
    for (let run = 0; run < 5; run++) {
      const r = await lockdemoInProcess([TIMER, '--schedule', 'exhaustive', '--json']);
      expect.soft(r.stderr, `run ${run + 1}`).toBe('');
      if (r.stdout === '') continue;
      const document = JSON.parse(r.stdout) as Document;
      expect.soft(stalledOf(document), `run ${run + 1}`).toBe(4);
    }
  });
});
