import { expect, it } from 'vitest';
import { type Barrier, fixtureJson } from './run-fixture.js';

/** test/fixtures/tick-throws/check.mjs in a node process of its own, under one barrier. */
function runCheck(barrier: Barrier = 'drain'): Promise<unknown> {
  return fixtureJson(['tick-throws', 'check.mjs'], barrier);
}

// The model: two tasks of two segments each, 6 interleavings, each its own order of the log.
it('a process that outlives an exception thrown from a nextTick callback still gets the model’s interleavings', async () => {
  expect(await runCheck()).toEqual({
    interleavings: 6,
    outcomes: {
      'a1 a2 b1 b2': 1,
      'a1 b1 a2 b2': 1,
      'a1 b1 b2 a2': 1,
      'b1 a1 a2 b2': 1,
      'b1 a1 b2 a2': 1,
      'b1 b2 a1 a2': 1,
    },
    // One per interleaving of the search, and one per replay of the 24 that check it ran one
    // program (each of the 6 run again 4 times: replay-sample.ts): none lost, none extra.
    uncaught: 30,
    unwatched: false,
  });
});

// The process.nextTick barrier cannot run that work before its watchdog judges the trial, and
// may miss interleavings here: the search then says it is no proof.
it('under the process.nextTick barrier, the same search says it is no proof', async () => {
  expect(await runCheck('nexttick')).toMatchObject({ unwatched: true });
});
