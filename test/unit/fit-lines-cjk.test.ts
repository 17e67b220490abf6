/**
 * Prose written without spaces (a Japanese or Chinese summary) still fits the line: fitLines
 * breaks at spaces, and a word wider than a line is cut into pieces that fit, each character
 * two columns wide. A command is never cut: it must paste as it is.
 */
import { describe, expect, it } from 'vitest';
import { fitLines, visibleWidth } from '../../src/cli/text-width.js';

const SUMMARY = '共有カウンタを複数のタスクが増やす競合状態の例で読み取りと書き込みの間に待機がある場合の結果を数える';

describe('fitLines with a word wider than the line', () => {
  it('cuts a summary without spaces into lines that fit 80 columns, losing nothing', () => {
    const lines = fitLines([`wide — ${SUMMARY}`], 80);
    for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(80);
    expect(lines[0]).toBe('wide —');
    expect(lines.slice(1).every((l) => l.startsWith('  '))).toBe(true);
    expect(
      lines
        .slice(1)
        .map((l) => l.slice(2))
        .join(''),
    ).toBe(SUMMARY);
  });

  it('fits at 40 columns too', () => {
    const lines = fitLines([`  ${SUMMARY}`], 40);
    for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(40);
    expect(lines.map((l) => l.trim()).join('')).toBe(SUMMARY);
  });

  it('puts no space inside the word, whatever the room on its first line (an odd width, no indent)', () => {
    for (const width of [40, 41, 57, 80]) {
      const lines = fitLines([`${SUMMARY} 終わり`], width);
      for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(width);
      // Joined back, the summary comes whole: a space may stand only where the text had one.
      const joined = lines.map((l) => l.trim()).join('');
      expect(joined.replace(' ', '')).toBe(`${SUMMARY}終わり`);
      expect([-1, SUMMARY.length]).toContain(joined.indexOf(' '));
    }
  });

  it('never cuts a word of narrow characters (a path, a name): it would not paste', () => {
    const word = 'abcdefghijklmnopqrstuvwxyz0123456789ABC';
    const lines = fitLines([`${word} y`], 40);
    expect(lines.some((l) => l.includes(word))).toBe(true);
    expect(lines.join(' ')).not.toMatch(/AB C/);
  });

  it('leaves a command whole, as before', () => {
    const word = 'x'.repeat(90);
    const lines = fitLines([`  replay: lockdemo ${word}`], 80);
    expect(lines.some((l) => l.includes(word))).toBe(true);
  });
});
