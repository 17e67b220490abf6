/**
 * The shared state of a traced trial as a short list of `path → value` rows, for the HTML
 * player's "state after this step". It reads the raw state (never the recording proxy, so taking
 * a snapshot records nothing) and is bounded, so a large user state cannot bloat a report.
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
    for (const [k, v] of Object.entries(value)) visit(v, path === '' ? k : `${path}.${k}`, depth + 1);
  };
  visit(root, '', 0);
  if (more > 0) rows.push(['…', `${more} more`]);
  return rows;
}

function isOpaque(value: object): boolean {
  return (
    typeof (value as { then?: unknown }).then === 'function' ||
    value instanceof Date ||
    value instanceof RegExp ||
    value instanceof WeakMap ||
    value instanceof WeakSet ||
    ArrayBuffer.isView(value) ||
    value instanceof ArrayBuffer
  );
}
