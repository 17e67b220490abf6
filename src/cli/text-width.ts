/**
 * Fitting text to the terminal: the width to use, the visible width of a string, and word
 * wrapping that never breaks a word unless the word alone is wider than the line.
 */

/** The width to lay out for: the terminal's, or 80 when it is unknown or reported as 0. */
export const DEFAULT_WIDTH = 80;

export function terminalWidth(columns: number | undefined): number {
  return columns !== undefined && Number.isFinite(columns) && columns > 0 ? Math.floor(columns) : DEFAULT_WIDTH;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** Columns a string takes on screen: ANSI colour codes take none, every code point one. */
export function visibleWidth(text: string): number {
  let n = 0;
  for (const _ of text.replace(ANSI, '')) n++;
  return n;
}

/**
 * Splits plain text into lines of at most `width` columns, breaking at spaces. A word wider
 * than the line is cut (the only way it can fit); every other word stays whole.
 */
export function wrapText(text: string, width: number): string[] {
  return text.split('\n').flatMap((paragraph) => wrapWords(paragraph.split(' '), width));
}

/** wrapText over words given by the caller (a word may hold spaces it must not be broken at). */
export function wrapWords(words: readonly string[], width: number): string[] {
  const w = Math.max(1, width);
  const lines: string[] = [];
  {
    let line = '';
    for (const word of words.filter((x) => x.length > 0)) {
      let rest = word;
      while (visibleWidth(rest) > w) {
        if (line.length > 0) {
          lines.push(line);
          line = '';
        }
        const cut = [...rest];
        lines.push(cut.slice(0, w).join(''));
        rest = cut.slice(w).join('');
      }
      if (rest.length === 0) continue;
      if (line.length === 0) line = rest;
      else if (visibleWidth(line) + 1 + visibleWidth(rest) <= w) line = `${line} ${rest}`;
      else {
        lines.push(line);
        line = rest;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** Pads with spaces to `width` visible columns (colour codes do not count). */
export function padVisible(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - visibleWidth(text)));
}
