import { describe, expect, it } from 'vitest';
import { type Barrier, fixtureJson } from './run-fixture.js';

// The reference enumerator's four orders (test/fixtures/model/tick-references.mjs): task_B,
// woken by a signal that task_A's first segment sent from a nextTick callback, may run between
// task_A's two segments ("b1 a1 b2 a2").
const ALL = ['a1 a2 b1 b2', 'a1 b1 b2 a2', 'b1 a1 a2 b2', 'b1 a1 b2 a2'];

/**
 * The checks run in a node process of their own, against the build: nextTick references taken
 * there before lockdemo loads are ones its counting wrapper never sees, and no async hook is on
 * (this runner's worker may have them on, and then the gaps rightly stand down).
 */
function runCheck(barrier: Barrier): Promise<Record<string, unknown>> {
  return fixtureJson(['early-tick', 'check.mjs'], barrier);
}

const CASES = [
  ['early', 'queued ahead of the engine’s barrier'],
  ['imported', 'imported from node:process (a live binding, synced to the wrapper)'],
  ['after-barrier', 'queued by a later microtask of the segment, after the barrier'],
  ['long-chain', 'fifty ticks and promise hops in a chain'],
  ['concurrent-1', 'two runs at once in one thread (the first)'],
  ['concurrent-2', 'two runs at once in one thread (the second)'],
  ['hooks-counted', 'with promise hooks on (AsyncLocalStorage), through a counted reference'],
] as const;

describe('ticks queued through a nextTick taken before lockdemo loaded (not counted), under the synchronous drain', () => {
  const results = runCheck('drain');

  it.each(CASES)('%s (%s): every interleaving is reached, the forbidden-looking one included', async (name) => {
    expect((await results)[name]).toEqual(ALL);
  });

  it('never says the search could not watch a nextTick: the drain runs them all, whoever queued them', async () => {
    expect(Object.values((await results)['unwatched'] as Record<string, boolean>)).toEqual(Array<boolean>(CASES.length).fill(false));
  });
});

describe('the same under the process.nextTick barrier (LOCKDEMO_BARRIER=nexttick, where Node.js has no drain)', () => {
  const results = runCheck('nexttick');

  // Two runs at once may miss an order there: the search says so (below).
  it.each(CASES.filter(([name]) => !name.startsWith('concurrent')))(
    '%s (%s): every interleaving is reached, the forbidden-looking one included',
    async (name) => {
      expect((await results)[name]).toEqual(ALL);
    },
  );

  it('says the search could not watch every nextTick where the detector stood down (hooks on, two runs at once), and only there', async () => {
    expect((await results)['unwatched']).toEqual({
      early: false,
      imported: false,
      'after-barrier': false,
      'long-chain': false,
      'concurrent-1': true,
      'concurrent-2': true,
      'hooks-counted': true,
    });
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
