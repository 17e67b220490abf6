import { expect, it } from 'vitest';
import { visibleWidth, wrapWords } from '../../src/cli/text-width.js';

/** A small seeded generator, so that a failure names its case. */
function* cases(count: number): Generator<{ words: string[]; width: number; rest: number }> {
  let state = 12345;
  const next = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state % n;
  };
  const letters = 'abcdefghij界語';
  for (let i = 0; i < count; i++) {
    const words = Array.from({ length: 1 + next(8) }, () =>
      Array.from({ length: 1 + next(30) }, () => letters[next(letters.length)] ?? 'a').join(''),
    );
    const width = 2 + next(40);
    // At least 2: a wide character takes two columns, and a piece holds one character at least.
    yield { words, width, rest: Math.max(2, width - next(4)) };
  }
}

it('every line fits its own width (the first line, then the rest), and no character is lost or added', () => {
  for (const { words, width, rest } of cases(20_000)) {
    const lines = wrapWords(words, width, rest);
    lines.forEach((line, k) => {
      expect(visibleWidth(line), JSON.stringify({ words, width, rest, lines })).toBeLessThanOrEqual(k === 0 ? width : rest);
    });
    expect(lines.join('').replace(/ /g, '')).toBe(words.join(''));
  }
});

it('a word that fits the first line but not the narrower rest is cut on the rest', () => {
  expect(wrapWords(['ab', 'cdefgh'], 6, 4)).toEqual(['ab', 'cdef', 'gh']);
  expect(wrapWords(['abcdef', 'gh'], 6, 4)).toEqual(['abcdef', 'gh']);
});
