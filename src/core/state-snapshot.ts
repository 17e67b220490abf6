/**
 * The shared state of a traced trial as a short list of `path → value` rows, for the HTML
 * player's "state after this step". It reads the raw state (never the recording proxy, so taking
 * a snapshot records nothing) and is bounded, so a large user state cannot bloat a report.
 *
 * It reads the state as data only: an accessor is shown as `[getter]`, never called (the program
 * never read it, and it may throw), and a Proxy whose traps throw, or a revoked one, is shown as
 * `[unreadable]`. Taking a snapshot must never fail a trace the program itself runs through.
 */

/** Rows at most; the rest is summarised in one `…` row. */
const MAX_ROWS = 24;
const MAX_DEPTH = 4;
/** A list of plain values up to this long is shown on one row. */
const INLINE = 48;

export type StateSnapshot = Array<[path: string, value: string]>;

export function snapshotState(root: unknown, show: (value: unknown) => string): StateSnapshot {
  const rows: StateSnapshot = [];
  let more = 0;
  const seen = new Set<object>();
  const visit = (value: unknown, path: string, depth: number): void => {
    try {
      visitValue(value, path, depth);
    } catch {
      rows.push([path || 'state', UNREADABLE]);
    }
  };
  const visitValue = (value: unknown, path: string, depth: number): void => {
    if (rows.length >= MAX_ROWS) {
      more++;
      return;
    }
    if (typeof value !== 'object' || value === null || depth >= MAX_DEPTH || seen.has(value) || isOpaque(value)) {
      if (typeof value !== 'function') rows.push([path || 'state', show(value)]);
      return;
    }
    seen.add(value);
    if (Array.isArray(value) || value instanceof Set) {
      const items = [...value];
      const inline = `[${items.map((v) => show(v)).join(', ')}]`;
      if (items.every((v) => typeof v !== 'object' || v === null) && inline.length <= INLINE) {
        rows.push([path || 'state', inline]);
        return;
      }
      items.forEach((v, i) => visit(v, `${path}[${i}]`, depth + 1));
      return;
    }
    if (value instanceof Map) {
      for (const [k, v] of value) visit(v, `${path || 'state'}[${show(k)}]`, depth + 1);
      if (value.size === 0) rows.push([path || 'state', 'Map(0)']);
      return;
    }
    for (const key of Reflect.ownKeys(value)) {
      if (typeof key !== 'string') continue;
      const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
      if (descriptor === undefined || descriptor.enumerable !== true) continue;
      const at = path === '' ? key : `${path}.${key}`;
      if ('value' in descriptor) visit(descriptor.value, at, depth + 1);
      else if (rows.length < MAX_ROWS) rows.push([at, GETTER]);
      else more++;
    }
  };
  visit(root, '', 0);
  if (more > 0) rows.push(['…', `${more} more`]);
  return rows;
}

/** A property whose value only an accessor gives: not called. */
const GETTER = '[getter]';
/** A value that cannot be read without its code throwing (a Proxy's trap, a revoked Proxy). */
const UNREADABLE = '[unreadable]';

function isOpaque(value: object): boolean {
  return (
    typeof dataOf(value, 'then') === 'function' ||
    value instanceof Date ||
    value instanceof RegExp ||
    value instanceof WeakMap ||
    value instanceof WeakSet ||
    ArrayBuffer.isView(value) ||
    value instanceof ArrayBuffer
  );
}

/** `value[key]` when it is data, found along the prototype chain without calling an accessor. */
export function dataOf(value: object, key: string): unknown {
  for (let at: object | null = value; at !== null; at = Reflect.getPrototypeOf(at)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(at, key);
    if (descriptor !== undefined) return 'value' in descriptor ? descriptor.value : undefined;
  }
  return undefined;
}
