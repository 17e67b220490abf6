/**
 * check's line under a variant that raced names its smallest race's preemptions; where the search
 * that found it covered trial 1's program only, the line says so. A scenario whose tasks drop an
 * increment at random raced with 0 preemptions in a random trial, while the line said "1
 * preemption" with no word of the search's numbers.
 */
import { describe, expect, it } from 'vitest';
import { createColors } from '../../src/cli/colors.js';
import { checkMinimalLines } from '../../src/cli/render-extras.js';
import type { MinimalRace } from '../../src/core/extras-types.js';

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
