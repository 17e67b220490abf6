import { dataOf, type StateSnapshot } from './state-snapshot.js';

/** What a trace is made of: its rows, and how an engine event and a value become one. */

/** What a trace row is, so renderers can draw it without parsing its text. */
export type TraceKind =
  'start' | 'end' | 'yield' | 'sleep' | 'read' | 'write' | 'acquire' | 'release' | 'wait' | 'resume' | 'deadlock' | 'error' | 'other';

/** One row of a trace: something a task did, at a scheduling step. */
export interface TraceEvent {
  /** The scheduling step during which it happened (1-based; the replay string's position). */
  step: number;
  /** The task that did it; -1 for the scheduler itself (a deadlock). */
  task: number;
  text: string;
  kind: TraceKind;
  /** Reads and writes: the location (`value`, `balances[1]`, `cache[1]`). */
  path?: string;
  /** Reads and writes: the value read or written, as shown. */
  value?: string;
  /** Set on a write that destroyed another task's update: what it overwrote. */
  lost?: string;
  /** How many updates that write destroyed (1 unless one write dropped several). */
  lostCount?: number;
  /** A write: the index (in `events`) of the write whose value it replaced; -1 the initial state. */
  replaced?: number;
  /** A write: the index of the read it was based on. */
  basedOn?: number;
  /** A read: the index of the write whose value it saw (-1: the initial state). */
  saw?: number;
  /** A read that went stale: another task wrote the location before this task wrote it. */
  stale?: boolean;
  /** Locks: which lock; waits for a lock: who held it. */
  lock?: string;
  holder?: number;
  /** The shared state after this row, present when it differs from the previous snapshot. */
  state?: StateSnapshot;
}

/** The engine reports task events as text; the kind and the lock are read back from it here. */
export function classify(task: number, text: string): Pick<TraceEvent, 'kind' | 'lock' | 'holder'> {
  if (task < 0) return { kind: text.startsWith('deadlock') ? 'deadlock' : 'other' };
  if (text === 'start' || text === 'end' || text === 'yield') return { kind: text };
  if (text.startsWith('sleep')) return { kind: 'sleep' };
  if (text.startsWith('throws: ')) return { kind: 'error' };
  let m = /^acquire (.+)$/.exec(text);
  if (m?.[1] !== undefined) return { kind: 'acquire', lock: m[1] };
  m = /^release (.+?)(?: → task_\w+)?$/.exec(text);
  if (m?.[1] !== undefined) return { kind: 'release', lock: m[1] };
  m = /^wait for (.+) \(held by (task_\w+|nobody)\)$/.exec(text);
  if (m?.[1] !== undefined && m[2] !== undefined) return { kind: 'wait', lock: m[1], holder: labelIndex(m[2]) };
  if (text.startsWith('wait for')) return { kind: 'wait' };
  m = /^resume holding (.+)$/.exec(text);
  if (m?.[1] !== undefined) return { kind: 'resume', lock: m[1] };
  if (text.startsWith('resume')) return { kind: 'resume' };
  return { kind: 'other' };
}

/** `task_A` → 0, `task_AB` → 27 (the inverse of taskLabel); -1 for anything else. */
export function labelIndex(label: string): number {
  const letters = /^task_([A-Z]+)$/.exec(label)?.[1];
  if (letters === undefined) return -1;
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/**
 * A short, unambiguous rendering of a value for a trace cell. Read as data only (see
 * state-snapshot.ts): a value whose reading throws (a Proxy's trap, a revoked Proxy) is `[unreadable]`.
 */
export function show(value: unknown): string {
  try {
    return showValue(value);
  } catch {
    return '[unreadable]';
  }
}

function showValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 24 ? `${value.slice(0, 23)}…` : value);
  if (value === undefined) return 'undefined';
  if (value === null || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function') return 'a function';
  if (typeof dataOf(value, 'then') === 'function') return 'a promise';
  if (Array.isArray(value)) return `[${value.length} items]`;
  if (value instanceof Map || value instanceof Set) return `${value.constructor.name}(${value.size})`;
  return showObject(value);
}

/** `{id: 1}` for a small object of plain values, `{…}` otherwise. */
function showObject(value: object): string {
  const entries = Reflect.ownKeys(value).flatMap((key) => {
    if (typeof key !== 'string') return [];
    const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
    if (descriptor?.enumerable !== true) return [];
    return [[key, 'value' in descriptor ? descriptor.value : '[getter]'] as [string, unknown]];
  });
  if (entries.length === 0 || entries.length > 2 || entries.some(([, v]) => typeof v === 'object' && v !== null)) return '{…}';
  const text = `{${entries.map(([k, v]) => `${k}: ${show(v)}`).join(', ')}}`;
  return text.length <= 24 ? text : '{…}';
}
