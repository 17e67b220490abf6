/**
 * Commander's own errors (unknown option, invalid value) read like ours: one line, its
 * suggestion on it (`lockdemo: unknown option '--trails'. Did you mean --trials?`).
 */
export function oneLine(message: string): string {
  return `${message
    .replace(/^error: /, 'lockdemo: ')
    .replace(/\n\((Did you mean [^)]*)\)/, '. $1')
    .trimEnd()}\n`;
}
