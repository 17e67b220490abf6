import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/core/run-scenario.js';
import { defineScenario } from '../../src/core/scenario.js';
import { nextTick as uncounted } from '../../src/core/tick-watch.js';
import { AsyncGaps } from '../../src/core/async-gaps.js';

// A nextTick the counting wrapper never sees: Node.js's own, as a reference taken before
// lockdemo loaded would be. Only the async-id gaps can tell the barrier of it.
type Tick = (callback: () => void) => void;

function signalFromTick(send: (signal: () => void) => void) {
  return defineScenario<{ log: string[]; p: Promise<void>; signal: () => void }>({
    name: 'tick-signal',
    summary: 'the signal comes from a nextTick callback',
    tasks: 2,
    setup: () => {
      let signal!: () => void;
      const p = new Promise<void>((resolve) => (signal = resolve));
      return { log: [], p, signal };
    },
    variants: {
      v: {
        races: 'allowed',
        run: async (s, t) => {
          if (t.id === 0) {
            s.log.push('a1');
            send(() => s.signal());
            await t.yield();
            s.log.push('a2');
          } else {
            s.log.push('b1');
            await t.wait(s.p);
            s.log.push('b2');
          }
        },
      },
    },
    observe: (s) => s.log.join(' '),
    outcomes: [{ grade: 'correct', description: 'the log' }],
  });
}

async function logs(send: (signal: () => void) => void): Promise<string[]> {
  const report = await runScenario(signalFromTick(send), { schedule: 'exhaustive' });
  const variant = report.variants[0]!;
  return variant.outcomes
    .filter((o) => o.count > 0)
    .map((o) => String(o.value))
    .sort();
}

// The reference enumerator's four orders (test/fixtures/model/tick-references.mjs).
const ALL = ['a1 a2 b1 b2', 'a1 b1 b2 a2', 'b1 a1 a2 b2', 'b1 a1 b2 a2'];
const viaTick = (tick: Tick) => (signal: () => void) => tick(() => void Promise.resolve().then(signal));

describe('ticks queued through a nextTick that is not counted', () => {
  it('are seen before the next pick when queued ahead of the barrier', async () => {
    expect(await logs(viaTick(uncounted))).toEqual(ALL);
  });

  it('are seen before the next pick when a later microtask of the segment queues them', async () => {
    expect(await logs((signal) => void Promise.resolve().then(() => viaTick(uncounted)(signal)))).toEqual(ALL);
  });

  it('are seen after a chain of ticks and promise hops longer than the detector’s hop bound', async () => {
    const chain = (n: number, signal: () => void): void =>
      n === 0 ? signal() : uncounted(() => void Promise.resolve().then(() => chain(n - 1, signal)));
    expect(await logs((signal) => chain(50, signal))).toEqual(ALL);
  });

  it('with promise hooks on (AsyncLocalStorage), every run ends and counted ticks are still seen', async () => {
    const storage = new AsyncLocalStorage<number>();
    const counted: Tick = (callback) => process.nextTick(callback);
    try {
      expect(await storage.run(1, () => logs(viaTick(counted)))).toEqual(ALL);
    } finally {
      storage.disable();
    }
  });
});

describe('the detector', () => {
  it('sees an id allocated behind its back, and stands down once a hop shows promise hooks on', async () => {
    const gaps = new AsyncGaps();
    gaps.begin();
    new AsyncResource('GAP');
    expect(gaps.quiet()).toBe(false);
    await Promise.resolve().then(() => gaps.hopped()); // no hooks: still trusted
    new AsyncResource('GAP');
    expect(gaps.quiet()).toBe(false);
    const storage = new AsyncLocalStorage<number>();
    try {
      await storage.run(1, () => Promise.resolve().then(() => gaps.hopped()));
    } finally {
      storage.disable();
    }
    new AsyncResource('GAP');
    expect(gaps.quiet()).toBe(true);
    gaps.begin(); // a new trial trusts again
    new AsyncResource('GAP');
    expect(gaps.quiet()).toBe(false);
  });
});

// process.nextTick is compared as a function object here, never called unbound.
/* eslint-disable @typescript-eslint/unbound-method -- see above */
describe('the counting wrapper', () => {
  it('is process.nextTick, and the ESM export of node:process, from the moment lockdemo loads', async () => {
    const esm = (await import('node:process')) as unknown as { nextTick: unknown };
    const { keepWatching } = await import('../../src/core/tick-watch.js');
    keepWatching(); // vitest may have put its own back between two turns
    expect(Symbol.for('lockdemo.nextTick.counts') in process.nextTick).toBe(true);
    expect(esm.nextTick).toBe(process.nextTick);
  });
});
