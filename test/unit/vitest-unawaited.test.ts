/**
 * `expect(x).toBeRaceFree()` without `await` passed a racing scenario (a cold tester's HIGH):
 * vitest does not wait for a custom matcher's promise, so the test and the file ended before
 * the verdict. The matcher now holds the test open: `it.fails` passes only if the test fails.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { toBeRaceFree } from '../../src/vitest.js';
import counter from '../../scenarios/counter.js';

describe('toBeRaceFree without await', () => {
  it.fails('fails the test when the scenario races', () => {
    // eslint-disable-next-line @typescript-eslint/no-floating-promises -- the mistake under test
    expect(counter).toBeRaceFree({ variants: ['unlocked'] });
  });

  it.fails('fails the test under .not when the scenario never races', () => {
    // eslint-disable-next-line @typescript-eslint/no-floating-promises -- the mistake under test
    expect(counter).not.toBeRaceFree({ variants: ['locked'] });
  });

  it('passes the test when the scenario never races', () => {
    // eslint-disable-next-line @typescript-eslint/no-floating-promises -- the mistake under test, harmless here
    expect(counter).toBeRaceFree({ variants: ['locked'] });
  });

  it('awaited, a failure is reported once, by the await', async () => {
    await expect(expect(counter).toBeRaceFree({ variants: ['unlocked'] })).rejects.toThrow(/ended in a race/);
  });
});

// Concurrent tests take the expect of their own context (as vitest asks for every assertion
// there): the hook is then the asserting test's, never a neighbour's (a cold reviewer's HIGH:
// the global onTestFinished held and failed the test that happened to be current).
describe.concurrent('in concurrent tests, with the context’s expect', () => {
  it.fails('the racing assertion left without await fails its own test', async ({ expect }) => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    // eslint-disable-next-line @typescript-eslint/no-floating-promises -- the mistake under test
    expect(counter).toBeRaceFree({ variants: ['unlocked'] });
  });

  it('a neighbour that asserts nothing of lockdemo passes', async ({ expect }) => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    expect(1).toBe(1);
  });

  it('an awaited race fails its test only, once', async ({ expect }) => {
    await expect(expect(counter).toBeRaceFree({ variants: ['unlocked'] })).rejects.toThrow(/ended in a race/);
  });
});

describe('from a hook, or a matcher state whose test has ended', () => {
  // vitest marks the test passed before afterEach runs: the hold goes to the current test then.
  afterEach(async () => {
    await expect(counter).toBeRaceFree({ variants: ['locked'] });
  });

  it('an awaited assertion in afterEach still runs and passes', () => {
    expect(1).toBe(1);
  });

  it.fails('an unawaited failing one is held on the current test', () => {
    const ended = { isNot: false, task: { result: { state: 'pass' } } };
    void toBeRaceFree.call(ended, counter, { variants: ['unlocked'] });
  });
});
