/**
 * One line about anything a scenario threw, however hostile: an Error whose `message` getter
 * throws, a Proxy that traps every access, an object whose `toString` throws, a symbol. Every
 * access is guarded, so describing a value can never throw itself.
 */
export function describeThrown(value: unknown): string {
  try {
    if (value === null || value === undefined) return String(value);
    if (typeof value === 'symbol') return firstLine(value.toString());
    if (typeof value === 'string') return firstLine(value);
    if (typeof value === 'bigint') return describeBigInt(value);
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    const message = guarded(() => (value as { message?: unknown }).message);
    if (typeof message === 'string' && message.length > 0) return firstLine(message);
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- looking for a custom toString; the default '[object Object]' is ruled out below
    const text = guarded(() => String(value));
    if (typeof text === 'string' && text !== '[object Object]') return firstLine(text);
    const name = guarded(() => Object.prototype.toString.call(value));
    return typeof name === 'string' ? `a thrown ${name.slice(8, -1).toLowerCase() || 'value'}` : 'an unreadable thrown value';
  } catch {
    return 'an unreadable thrown value';
  }
}

/** Past 200 digits, the size of a BigInt: writing out a million digits takes V8 seconds. */
function describeBigInt(value: bigint): string {
  const size = value < 0n ? -value : value;
  if (size < LARGE_BIGINT) return String(value);
  // Hexadecimal is written in linear time: 4 bits a digit, log10(2) decimal digits a bit.
  const bits = size.toString(16).length * 4;
  return `a thrown ${value < 0n ? 'negative ' : ''}BigInt of about ${Math.round(bits * Math.log10(2)).toLocaleString('en-US')} digits`;
}

const LARGE_BIGINT = 10n ** 200n;

function guarded(read: () => unknown): unknown {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** The first line, at most 200 characters: an outcome value and an error line stay short. */
function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
