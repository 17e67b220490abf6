import { closest } from '../core/closest-name.js';

/**
 * Commander's own errors (unknown option, invalid value) read like ours: one line, its
 * suggestion on it (`lockdemo: unknown option '--trails'. Did you mean --trials?`).
 */
export function oneLine(message: string): string {
  return `${message
    .replace(/^error: /, 'lockdemo: ')
    .replace(
      /^lockdemo: too many arguments\. Expected 1 argument but got \d+\.$/m,
      'lockdemo: too many arguments: a run takes one scenario (lockdemo check takes several)',
    )
    // "argument missing" says what was wrong, not what is accepted: the option's own help does.
    .replace(
      /^(lockdemo: option '[^']*') argument missing$/m,
      '$1 needs a value (lockdemo help, and lockdemo help <scenario> for its own options, say what each takes)',
    )
    .trimEnd()
    // A choice misspelt (`--schedule exhaustiv`) gets its suggestion, as a misspelt option does.
    .replace(
      /^(lockdemo: option '[^']*' argument '([^']*)' is invalid\. Allowed choices are (.*)\.)$/m,
      (line: string, _all: string, given: string, choices: string) => {
        // A number, or a word too short to tell a typo from another word, gets no suggestion: 3 is no typo of 1.
        const near = given.length >= 3 && !/^[\d.+-]/.test(given) ? closest(given, choices.split(', ')) : undefined;
        return near === undefined ? line : `${line} Did you mean ${near}?`;
      },
    )
    .replace(/\n\((Did you mean [^)]*)\)$/, '. $1')
    // A value given with a newline in it (a command pasted across lines) stays on the line.
    .replace(/[\r\n]/g, (ch) => (ch === '\n' ? '\\n' : '\\r'))}\n`;
}
