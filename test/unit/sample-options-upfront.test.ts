import { expect, it } from 'vitest';
import { checkScenario } from '../../src/index.js';
import { checkRaceFree } from '../../src/race-free.js';
import counter from '../../scenarios/counter.js';

// The counter's locked variant is decided by exhaustive search, which uses no seed: a bad seed
// was accepted until the code under check grew past what a search covers, and then failed.
it.each([
  [{ seed: 'abc' }, /seed must be an integer from 0 to 2\^53 - 1, got "abc"/],
  [{ seed: -1 }, /seed must be an integer/],
  [{ trials: 0 }, /trials must be an integer from 1/],
  [{ maxInterleavings: 1.5 }, /maxInterleavings must be an integer from 1/],
])('checkScenario and toBeRaceFree refuse %j at once, whatever decides the variant', async (options, message) => {
  await expect(checkScenario(counter, { variants: ['locked'], ...(options as object) })).rejects.toThrow(message);
  await expect(checkRaceFree(counter, { variants: ['locked'], ...(options as object) })).rejects.toThrow(message);
});
