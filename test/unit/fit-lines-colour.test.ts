// A wrapped line keeps its hanging indent whether or not a colour code opens it: the same text
// must break at the same places in colour and in NO_COLOR (it used to lose two columns of
// indent in colour, because the indent was counted before the code, not after it).
import { describe, expect, it } from 'vitest';
import { fitLines } from '../../src/cli/text-width.js';

// eslint-disable-next-line no-control-regex -- a colour code starts with the ESC control character
const strip = (s: string): string => s.replace(/\u001b\[[0-9;]*m/g, '');

describe('fitLines with a colour code at the start of a line', () => {
  const text = '  search cut short after 10 interleavings: the verdict covers only those (raise --max-interleavings)';

  it('breaks a coloured line where it breaks the plain one, with the same indent', () => {
    const plain = fitLines([text], 60);
    const coloured = fitLines([`\u001b[33m${text}\u001b[39m`], 60);
    expect(plain).toEqual(['  search cut short after 10 interleavings: the verdict', '    covers only those (raise --max-interleavings)']);
    expect(coloured.map(strip)).toEqual(plain);
  });
});

describe('fitLines with a command that must break', () => {
  it('keeps the line that ends with `lockdemo \\` within the width too', () => {
    // At 40 columns "  first race: trial 1, replay: lockdemo" is 39 wide: with its " \" it was 41.
    const line = '  first race: trial 1, replay: lockdemo counter --variant unlocked --replay "B A A C B C"';
    const fitted = fitLines([line], 40);
    expect(fitted.filter((l) => l.length > 40)).toEqual([]);
    // Still one command when copied: every break inside it ends in a shell continuation.
    const from = fitted.findIndex((l) => l.includes('lockdemo'));
    expect(fitted.slice(from, -1).every((l) => l.endsWith(' \\'))).toBe(true);
    expect(fitted.join('\n').replaceAll(' \\\n', ' ').replace(/\s+/g, ' ')).toContain(
      'lockdemo counter --variant unlocked --replay "B A A C B C"',
    );
  });
});
