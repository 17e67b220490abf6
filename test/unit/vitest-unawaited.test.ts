/**
 * `expect(x).toBeRaceFree()` without `await` passed a racing scenario (a cold tester's HIGH):
 * vitest does not wait for a custom matcher's promise, so the test and the file ended before
 * the verdict. The matcher now holds the test open: `it.fails` passes only if the test fails.
 */
import { describe, expect, it } from 'vitest';
import '../../src/vitest.js';
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
