/**
 * `value instanceof type`, as a plain answer: a Proxy (a scenario's thrown value, say) can make
 * `instanceof` throw from its getPrototypeOf trap, and lockdemo's own checks must not.
 */
export function isA<T>(value: unknown, type: abstract new (...args: never[]) => T): value is T {
  try {
    return value instanceof type;
  } catch {
    return false;
  }
}
