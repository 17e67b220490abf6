import { describe, expect, it } from 'vitest';
import { parseDuration, parseTrials } from '../../src/cli/parse.js';
import { oneLine } from '../../src/cli/commander-errors.js';

describe('--duration takes a decimal as people write one', () => {
  it.each([
    ['2', 2],
    ['0.5', 0.5],
    ['.5', 0.5],
    ['2.', 2],
    ['1e0', 1],
    ['2e-1', 0.2],
    [' 3 ', 3],
  ])('%j is %d seconds', (raw, seconds) => {
    expect(parseDuration(raw)).toBe(seconds);
  });

  it.each(['.', 'e5', '', 'abc', '1 2', '0.05', '-1', '1e9', 'Infinity', '0x10'])('%j is refused', (raw) => {
    expect(() => parseDuration(raw)).toThrow('Expected a number of seconds from 0.1 to 604800');
  });

  it('as --trials takes 1e3', () => {
    expect(parseTrials('1e3')).toBe(1000);
  });
});

describe("commander's errors in one line", () => {
  it('a misspelt choice gets the nearest one', () => {
    expect(oneLine("error: option '--schedule <name>' argument 'exhaustiv' is invalid. Allowed choices are random, pct, exhaustive.")).toBe(
      "lockdemo: option '--schedule <name>' argument 'exhaustiv' is invalid. Allowed choices are random, pct, exhaustive. Did you mean exhaustive?\n",
    );
    // A number is no typo of another number.
    expect(oneLine("error: option '--step <value>' argument '3' is invalid. Allowed choices are 1, 2, 10.")).toBe(
      "lockdemo: option '--step <value>' argument '3' is invalid. Allowed choices are 1, 2, 10.\n",
    );
    expect(oneLine("error: option '--schedule <name>' argument 'zzz' is invalid. Allowed choices are random, pct.")).toBe(
      "lockdemo: option '--schedule <name>' argument 'zzz' is invalid. Allowed choices are random, pct.\n",
    );
  });
});
