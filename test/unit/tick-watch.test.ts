import { describe, expect, it } from 'vitest';
import { keepWatching, ticks } from '../../src/core/tick-watch.js';

// vitest puts its own process.nextTick back between two turns of the loop, so each check of
// the function itself is made before any await. process.nextTick is compared and put back as a
// function object here, never called unbound.
/* eslint-disable @typescript-eslint/unbound-method -- see above */
describe('the count of callbacks queued with process.nextTick', () => {
  it('counts them and passes their arguments', async () => {
    keepWatching(); // vitest may have put its own back between two turns
    const before = { ...ticks };
    const got = new Promise<unknown[]>((resolve) => process.nextTick((...args: unknown[]) => resolve(args), 1, 'two'));
    expect(ticks.queued - before.queued).toBe(1);
    expect(await got).toEqual([1, 'two']);
    expect(ticks.ran - before.ran).toBe(1);
  });

  it('stays in place once lockdemo has loaded, and keepWatching puts it back if it was replaced', () => {
    keepWatching(); // vitest may have put its own back between two turns
    const counting = process.nextTick;
    expect(Symbol.for('lockdemo.nextTick.counts') in counting).toBe(true);
    keepWatching();
    expect(process.nextTick).toBe(counting); // never removed: a reference taken meanwhile must go on counting
    const other = (callback: () => void): void => counting(callback);
    process.nextTick = other as typeof process.nextTick; // as vitest does
    keepWatching();
    expect(process.nextTick).toBe(counting);
  });

  it('lets Node.js refuse a callback that is not a function, with its own error, uncounted', () => {
    keepWatching();
    const before = ticks.queued;
    expect(() => process.nextTick(42 as unknown as () => void)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }));
    expect(ticks.queued).toBe(before);
  });
});

describe('a lock released by a callback that hops between nextTick and the promise queue', () => {
  it('is seen before the next pick, in this process as in the CLI (test/fixtures/model/strand-release.mjs)', async () => {
    const { runScenario } = await import('../../src/core/run-scenario.js');
    const { default: scenario } = await import('../fixtures/model/strand-release.mjs');
    const report = await runScenario(scenario, { schedule: 'exhaustive' });
    const logs = (name: string): string[] =>
      report.variants
        .find((v) => v.name === name)!
        .outcomes.filter((o) => o.count > 0)
        .map((o) => String(o.value))
        .sort();
    // The reference enumerator's orders (see the fixture): task_B, woken by the release, may run
    // before task_A's last segment; the settled promise is seen before task_B waits.
    expect(logs('release')).toEqual([
      'a1 a2 rel a3 b1 b2',
      'a1 a2 rel b1 b2 a3',
      'a1 b1 a2 rel a3 b2',
      'a1 b1 a2 rel b2 a3',
      'b1 b2 a1 a2 rel a3',
    ]);
    expect(logs('settle')).toEqual(['a1 s a2 b1 b2', 'a1 s b1 b2 a2', 'b1 a1 s a2 b2', 'b1 a1 s b2 a2']);
  });
});
