/**
 * check's line under a variant that raced names its smallest race's preemptions; where the search
 * that found it covered trial 1's program only, the line says so. A scenario whose tasks drop an
 * increment at random raced with 0 preemptions in a random trial, while the line said "1
 * preemption" with no word of the search's numbers.
 */
import { describe, expect, it } from 'vitest';
import { createColors } from '../../src/cli/colors.js';
import { checkMinimalLines, renderCheckExtras } from '../../src/cli/render-extras.js';
import type { CheckResult } from '../../src/core/check.js';
import type { LockAblation, MinimalRace } from '../../src/core/extras-types.js';

const found: MinimalRace = { found: true, preemptions: 1, schedule: 'A A B B', value: 1, target: 'race', interleavings: 6 };

describe("check's smallest race line", () => {
  it("says trial 1's program, and why, where the search covered only that", async () => {
    const c = await createColors({ isTTY: false, env: {} });
    const text = (m: MinimalRace): string => checkMinimalLines(c, m, 'lockdemo x.mjs --variant v', 80).join('\n');
    expect(text({ ...found, drewRandom: true }).replace(/\s+/g, ' ')).toBe(
      " smallest race: 1 preemption in trial 1's program (it draws from Math.random)",
    );
    expect(text({ ...found, setupReadsTrial: true }).replace(/\s+/g, ' ')).toBe(
      " smallest race: 1 preemption in trial 1's program (setup reads its trial index)",
    );
    expect(text(found)).toBe('      smallest race: 1 preemption');
    for (const line of text({ ...found, drewRandom: true }).split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});

describe('the all-at-once line of --ablate', () => {
  const necessary = {
    lock: 'L, M',
    necessary: true,
    without: { value: 1, description: 'one lost', schedule: 'A B A B', preemptions: 1 },
    complete: false,
    interleavings: 6,
  };
  const render = async (locks: LockAblation[]): Promise<string> => {
    const c = await createColors({ isTTY: false, env: {} });
    const result = { ablation: { variant: 'v', locks, together: necessary } } as unknown as CheckResult;
    return renderCheckExtras(c, result, () => '', 'lockdemo x.mjs --variant v', 80);
  };

  it('says either lock alone is enough only where each was searched through every interleaving', async () => {
    const complete = (lock: string): LockAblation => ({ lock, necessary: false, complete: true, interleavings: 4, total: 4 });
    expect(await render([complete('L'), complete('M')])).toContain('(either one alone is enough)');
    // A bounded search of one of them: no more than "as far as searched" is known of it.
    const bounded: LockAblation = { lock: 'M', necessary: false, complete: false, provenUpTo: 1, interleavings: 3000 };
    const text = await render([complete('L'), bounded]);
    expect(text).toContain('all at once  necessary: without them 1 (one lost) in 1 preemption');
    expect(text).not.toContain('alone is enough');
    // Three locks: each removed left two, so nothing is known of one alone.
    expect(await render([complete('L'), complete('M'), complete('N')])).toContain('(none is needed beside all the others)');
  });
});
