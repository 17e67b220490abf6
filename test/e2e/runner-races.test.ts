/** A runner outcome (a step limit, a hang) that a scenario declares a race: shown, never "nothing demonstrated". */
import { describe, expect, it } from 'vitest';
import { lockdemoInProcess } from './run-built.js';

describe('a step limit declared a race', () => {
  it('is not counted as a race, yet the run says it was seen, as allowed', async () => {
    const r = await lockdemoInProcess(['test/fixtures/step-limit-race.mjs', '--schedule', 'exhaustive', '--max-steps', '40']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/races in 0 of \d+ interleavings {2}step-limit seen, declared races: as allowed/);
    expect(r.stdout).not.toContain('demonstrates nothing');
  });
});
