/**
 * Fitting text to the terminal: the width to use, the visible width of a string, and word
 * wrapping that never breaks a word unless the word alone is wider than the line.
 */

/** The width to lay out for: the terminal's, or 80 when it is unknown or reported as 0. */
export const DEFAULT_WIDTH = 80;

/**
 * The narrowest layout: a histogram's columns alone take about 40, and help and lists cut
 * words below it. A narrower terminal gets the 40-column layout, which it wraps itself, line
 * by line, rather than words cut in two.
 */
export const MIN_WIDTH = 40;

/** The width to lay out for: {@link screenWidth}, and never less than {@link MIN_WIDTH}. */
export function terminalWidth(columns: number | undefined): number {
  return Math.max(MIN_WIDTH, screenWidth(columns));
}

/** The terminal's own width, or 80 when it is unknown or reported as 0: for a line that must not wrap (progress). */
export function screenWidth(columns: number | undefined): number {
  return columns !== undefined && Number.isFinite(columns) && columns > 0 ? Math.floor(columns) : DEFAULT_WIDTH;
}

// eslint-disable-next-line no-control-regex -- a colour code starts with the ESC control character
const ANSI = /\x1b\[[0-9;]*m/g;

/** Control characters, line and paragraph separators, and bidirectional overrides. */
// eslint-disable-next-line no-control-regex -- these are exactly what must not reach a terminal raw
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const ESCAPED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text a scenario produced (an observed value, a description, an error's message) made safe
 * to print: its control characters are shown escaped (`\n`, `\u001b`), so a value cannot add
 * a line, move the cursor or clear the screen, and so print a verdict of its own.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (ch) => ESCAPED[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Columns a string takes on screen: ANSI colour codes take none, every code point one. */
export function visibleWidth(text: string): number {
  let n = 0;
  for (const ch of text.replace(ANSI, '')) n += charWidth(ch);
  return n;
}

/** Marks that combine with the character before them, and joiners and selectors: no column. */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200b-\u200f\u2060]$/u;
/**
 * Two columns in a terminal: East Asian wide and fullwidth characters (CJK, kana, hangul,
 * fullwidth forms) and emoji shown as emoji by default.
 */
const WIDE =
  /^[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]$|^\p{Emoji_Presentation}$/u;

/** The columns one character (a code point) takes in a terminal: 0, 1 or 2. */
export function charWidth(ch: string): number {
  // The common case first: printable ASCII.
  if (ch.length === 1 && ch >= ' ' && ch <= '~') return 1;
  const code = ch.codePointAt(0) ?? 0;
  // Variation selectors (a class of them reads as combined characters to linters).
  if (ZERO_WIDTH.test(ch) || (code >= 0xfe00 && code <= 0xfe0f)) return 0;
  return WIDE.test(ch) ? 2 : 1;
}

/**
 * The longest start of `text` (plain, no colour codes) that takes at most `width` columns, and
 * never less than its first character: a cut that must move on (wrapping) or show something
 * (a shortened value) still does where that character alone is wider than `width`.
 */
export function cutToWidth(text: string, width: number): string {
  let used = 0;
  let out = '';
  for (const ch of text) {
    const w = charWidth(ch);
    if (used + w > width && out !== '') break;
    used += w;
    out += ch;
  }
  return out;
}

/** Pads with spaces on the left to `width` visible columns. */
export function padStartVisible(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - visibleWidth(text))) + text;
}

/**
 * Splits plain text into lines of at most `width` columns, breaking at spaces. A word wider
 * than the line is cut (the only way it can fit); every other word stays whole.
 */
export function wrapText(text: string, width: number): string[] {
  return text.split('\n').flatMap((paragraph) => wrapWords(paragraph.split(' '), width));
}

/**
 * wrapText over words given by the caller (a word may hold spaces it must not be broken at).
 * `width` may differ for the first line and the rest (a title whose continuation is indented).
 */
export function wrapWords(words: readonly string[], width: number, restWidth = width): string[] {
  const lines: string[] = [];
  // The width of the line being filled: the first one's, or the others'.
  const widthNow = (): number => Math.max(1, lines.length === 0 ? width : restWidth);
  let line = '';
  for (const word of words.filter((x) => x.length > 0)) {
    let rest = word;
    while (rest.length > 0) {
      if (line.length > 0) {
        if (visibleWidth(line) + 1 + visibleWidth(rest) <= widthNow()) {
          line = `${line} ${rest}`;
          rest = '';
        } else {
          // On a line of its own next, measured against that line's width.
          lines.push(line);
          line = '';
        }
      } else if (visibleWidth(rest) <= widthNow()) {
        line = rest;
        rest = '';
      } else {
        // Wider than a whole line: cut, each piece filling the line it is on.
        const head = cutToWidth(rest, widthNow());
        lines.push(head);
        rest = rest.slice(head.length);
      }
    }
  }
  lines.push(line);
  return lines;
}

/**
 * Prose wrapped at its spaces to `width`, its continuation lines indented by two: a title, a fact,
 * a sentence of the start page. A word wider than a line is cut where the line ends.
 */
export function wrapHanging(text: string, width: number): string[] {
  return wrapWords(text.split(' '), width, width - 2).map((line, k) => (k === 0 ? line : `  ${line}`));
}

/** Pads with spaces to `width` visible columns (colour codes do not count). */
export function padVisible(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - visibleWidth(text)));
}

/**
 * Fits already-painted lines to `width`: a line that is too wide is wrapped at its spaces, the
 * continuation indented two more than the line (or by `hang`). Colour codes ride along with
 * their words; a word is cut only as mustCut says (`cutAnyWord`: any word wider than a line).
 */
export function fitLines(lines: readonly string[], width: number, hang?: number, cutAnyWord = false): string[] {
  return lines.flatMap((line) => {
    if (visibleWidth(line) <= width) return [line];
    // The indent is the spaces at the start, after any colour code that opens the line.
    // eslint-disable-next-line no-control-regex -- a colour code starts with the ESC control character
    const [, colour = '', spaces = ''] = /^((?:\u001b\[[0-9;]*m)*)( *)/.exec(line) ?? [];
    const indent = spaces.length;
    line = colour + line.slice(colour.length + indent);
    const out: string[] = [];
    let current = '';
    let start = ' '.repeat(indent);
    const command = line.indexOf('lockdemo ') >= 0;
    // Inside a command too wide for any line, each break ends in a shell continuation (` \`),
    // so the command still runs whole when copied; the two columns it takes are kept free.
    let inCommand = false;
    const words = splitLongReplay(keepParenthesesTogether(keepQuotedTogether(line.split(' ')), width, indent), width);
    for (const word of words) {
      if (!command && mustCut(word, width - (hang ?? indent + 2), cutAnyWord)) {
        // From a line of its own, each piece filling the line it is on: no space comes inside it.
        if (current !== '') {
          out.push(start + current);
          start = ' '.repeat(hang ?? indent + 2);
        }
        let rest = word;
        for (let head = cutToWidth(rest, width - start.length); ; head = cutToWidth(rest, width - start.length)) {
          rest = rest.slice(head.length);
          if (rest.length === 0) {
            current = head;
            break;
          }
          out.push(start + head);
          start = ' '.repeat(hang ?? indent + 2);
        }
        continue;
      }
      // The word `lockdemo` starts the command: the line that ends with it will end in ` \` too.
      const room = inCommand || word.replace(ANSI, '') === 'lockdemo' ? width - 2 : width;
      if (current !== '' && visibleWidth(start + current) + 1 + visibleWidth(word) > room) {
        out.push(inCommand ? `${start + current} \\` : start + current);
        // A command on a line of its own gets the least indent, so that it fits where it can.
        const ideal = hang ?? indent + 2;
        const isCommand = command && word.replace(ANSI, '').startsWith('lockdemo');
        start = ' '.repeat(isCommand ? Math.max(0, Math.min(ideal, width - visibleWidth(word))) : ideal);
        current = word;
      } else {
        current = current === '' ? word : `${current} ${word}`;
      }
      if (word.replace(ANSI, '') === 'lockdemo') inCommand = true;
    }
    out.push(start + current);
    // A break after a padded column (a name padded to line up the next one) leaves its padding
    // at the end of the line: nothing shows it, and it is no part of the text.
    return out.map(withoutTrailingSpaces);
  });
}

/** A line without the spaces at its end (before any colour codes that close it). */
export function withoutTrailingSpaces(line: string): string {
  // eslint-disable-next-line no-control-regex -- a colour code starts with the ESC control character
  return line.replace(/ +((?:\u001b\[[0-9;]*m)*)$/, '$1');
}

/**
 * Whether a word of prose is cut to fit: one wider than a continuation line (`room`) that holds
 * wide characters (a summary written without spaces, such as Japanese), which would otherwise
 * run past the edge. A word of narrow characters is left whole, as a path or a name must be to
 * be pasted, and so is a word with colour codes (a cut could split a code) and every word of a
 * line that holds a command; but with `anyWord` (a scenario's summary, prose that nobody pastes)
 * every word wider than the room is cut.
 */
function mustCut(word: string, room: number, anyWord: boolean): boolean {
  if (room < 2 || visibleWidth(word) <= room || word.includes('\u001b')) return false;
  if (anyWord) return true;
  for (const ch of word) if (charWidth(ch) === 2) return true;
  return false;
}

/**
 * A shell-quoted word of a command (`'un locked'`, `"A B A"`) is one word for wrapping: a break
 * inside the quotes would put a newline into the argument when the command is pasted. Only the
 * words from `lockdemo` on are a command; an apostrophe in prose before it quotes nothing.
 */
/**
 * A replay string too wide for a line of its own (many tasks, many steps) is given back as its
 * words, so that it wraps like the rest of the command: each break inside the quotes ends in
 * ` \`, which a shell removes with the line break, and the indent that follows is only more
 * space between two steps, which --replay reads as one.
 */
function splitLongReplay(words: readonly string[], width: number): string[] {
  return words.flatMap((word, i) =>
    words[i - 1]?.replace(ANSI, '') === '--replay' && word.startsWith('"') && visibleWidth(word) > width - 4 ? word.split(' ') : [word],
  );
}

export function keepQuotedTogether(words: readonly string[]): string[] {
  const out: string[] = [];
  let inCommand = false;
  let open: string | undefined;
  for (const word of words) {
    if (open !== undefined) out[out.length - 1] += ` ${word}`;
    else out.push(word);
    if (!inCommand) {
      inCommand = word.replace(ANSI, '') === 'lockdemo';
      continue;
    }
    open = quoteAfter(word.replace(ANSI, ''), open);
  }
  return out;
}

/**
 * The quote (`'`, `"` or `$'`) still open at the end of `text`, given the one open at its start.
 * Inside `$'...'` (shellQuote's for control characters) a backslash escapes, `\\'` included.
 */
function quoteAfter(text: string, open: string | undefined): string | undefined {
  let escaped = false;
  let dollar = false;
  for (const ch of text) {
    const afterDollar = dollar;
    dollar = false;
    if (escaped) escaped = false;
    else if (open === "'") open = ch === "'" ? undefined : open;
    else if (ch === '\\') escaped = true;
    else if (open === '"') open = ch === '"' ? undefined : open;
    else if (open === "$'") open = ch === "'" ? undefined : open;
    else if (ch === "'" && afterDollar) open = "$'";
    else if (ch === "'" || ch === '"') open = ch;
    else dollar = ch === '$';
  }
  return open;
}

/**
 * `(races allowed)` stays on one line: a short parenthesis is one word for wrapping. So does a
 * command (from `lockdemo` to the end of the line) that fits on a line: a hard line break in it
 * would make a copied command run half of itself.
 */
function keepParenthesesTogether(words: readonly string[], width: number, indent: number): string[] {
  const out: string[] = [];
  const plain = (w: string) => w.replace(ANSI, '');
  for (let i = 0; i < words.length; i++) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- i < words.length
    let word = words[i]!;
    // A command wider than the whole line cannot stay whole: it wraps like any text. One that
    // opens the line has the line's indent before it; one moved to a line of its own, less.
    if (plain(word) === 'lockdemo' && visibleWidth(words.slice(i).join(' ')) <= width - (i === 0 ? indent : 0)) {
      out.push(words.slice(i).join(' '));
      break;
    }
    if (plain(word).startsWith('(') && !plain(word).endsWith(')')) {
      const close = words.findIndex((w, k) => k > i && plain(w).endsWith(')'));
      const joined = close > 0 ? words.slice(i, close + 1).join(' ') : '';
      if (close > 0 && visibleWidth(joined) <= 24) {
        word = joined;
        i = close;
      }
    }
    out.push(word);
  }
  return out;
}
