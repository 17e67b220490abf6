/**
 * An awaited toBeRaceFree still running when its test has failed (its timeout) is stopped, and
 * says so: it was said to be "not awaited", and searched on for minutes after vitest gave up.
 * The matcher is called here as vitest calls it, with a test of our own whose end we decide.
 */
import { expect, it } from 'vitest';
import { toBeRaceFree } from '../../src/vitest.js';
import counter from '../../scenarios/counter.js';

interface FakeTest {
  result: { state: string };
  onFinished?: Array<(context?: unknown) => unknown>;
}

it('stops a search whose test failed before it ended, with words that say so', async () => {
  const test: FakeTest = { result: { state: 'run' } };
  // Eight tasks under a lock: far more interleavings than the search could go through in a test.
  const verdict = toBeRaceFree.call({ isNot: false, task: test }, counter, { variants: ['locked'], tasks: 8 });
  // vitest takes what the matcher returns, as it does for every async matcher.
  const seen = verdict.then(
    (r) => r,
    (e: unknown) => e,
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  // The test times out: vitest marks it failed, then runs its onFinished hooks with its context.
  test.result.state = 'fail';
  const hooks = test.onFinished ?? [];
  expect(hooks).toHaveLength(1);
  await expect(Promise.resolve(hooks[0]?.({ task: test }))).rejects.toThrow(
    /still running when its test failed \(did it time out\? .*\): it was stopped, and proved nothing/,
  );
  // And what it gives any other reader is no pass.
  const result = (await seen) as { pass: boolean; message: () => string };
  expect(result.pass).toBe(false);
  expect(result.message()).toMatch(/stopped before every variant was checked/);
}, 120_000);
