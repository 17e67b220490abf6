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
