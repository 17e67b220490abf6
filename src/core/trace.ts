import type { TrialTracer } from './controlled-trial.js';
import { taskLabel } from './scenario.js';

/** One row of a trace: something a task did, at a scheduling step. */
export interface TraceEvent {
  /** The scheduling step during which it happened (1-based; the replay string's position). */
  step: number;
  /** The task that did it; -1 for the scheduler itself (a deadlock). */
  task: number;
  text: string;
  /** Set on a write that destroyed another task's update: what it overwrote. */
  lost?: string;
}

interface Location {
  writer: number;
  value: string;
  /** Sequence number of the last write. */
  at: number;
}

/**
 * Records one trial: scheduling steps, task events, and every read and write of the shared
 * state. Reads and writes come from a recording proxy around the state, made only when a trial
 * is traced, so the fast path pays nothing and scenario files need no logging code.
 *
 * A write is marked as a lost update when the location was last written by another task after
 * the writing task last read it: the writer acted on a stale value and destroyed that update.
 */
export class TraceRecorder implements TrialTracer {
  readonly events: TraceEvent[] = [];
  private currentStep = 0;
  private sequence = 0;
  private readonly locations = new Map<string, Location>();
  /** `${task} ${path}` → sequence number of that task's last read of that path. */
  private readonly lastRead = new Map<string, number>();
  private readonly proxies = new WeakMap<object, unknown>();

  step(step: number): void {
    this.currentStep = step;
  }

  event(task: number, text: string): void {
    this.events.push({ step: this.currentStep, task, text });
  }

  read(task: number, path: string, value: unknown): void {
    this.sequence++;
    this.lastRead.set(`${task} ${path}`, this.sequence);
    this.events.push({ step: this.currentStep, task, text: `read ${path} → ${show(value)}` });
  }

  write(task: number, path: string, value: unknown, verb = 'write', shown = `${path} = ${show(value)}`): void {
    const at = ++this.sequence;
    const previous = this.locations.get(path);
    const readAt = this.lastRead.get(`${task} ${path}`);
    const event: TraceEvent = { step: this.currentStep, task, text: `${verb} ${shown}` };
    if (previous !== undefined && previous.writer !== task && readAt !== undefined && readAt < previous.at) {
      event.lost = `overwrites ${taskLabel(previous.writer)}'s ${previous.value}`;
    }
    this.locations.set(path, { writer: task, value: show(value), at });
    this.events.push(event);
  }

  wrapState<S>(state: S, running: () => number): S {
    return this.wrap(state, '', running) as S;
  }

  private wrap(target: unknown, path: string, running: () => number): unknown {
    if (!isTraceable(target)) return target;
    const cached = this.proxies.get(target);
    if (cached !== undefined) return cached;
    const proxy = target instanceof Map || target instanceof Set ? this.wrapCollection(target, path, running) : this.wrapObject(target, path, running);
    this.proxies.set(target, proxy);
    return proxy;
  }

  private wrapObject(target: object, path: string, running: () => number): unknown {
    const child = (key: string | symbol) => join(path, key, Array.isArray(target));
    return new Proxy(target, {
      get: (obj, key, receiver) => {
        const value = Reflect.get(obj, key, receiver);
        if (typeof key === 'symbol' || typeof value === 'function') return value;
        if (isTraceable(value)) return this.wrap(value, child(key), running);
        if (!(Array.isArray(obj) && key === 'length')) this.read(running(), child(key), value);
        return value;
      },
      set: (obj, key, value, receiver) => {
        if (typeof key !== 'symbol' && !(Array.isArray(obj) && key === 'length')) this.write(running(), child(key), value);
        return Reflect.set(obj, key, value, receiver);
      },
    });
  }

  /** Maps and Sets keep their data in internal slots: wrap their methods, call them on the target. */
  private wrapCollection(target: Map<unknown, unknown> | Set<unknown>, path: string, running: () => number): unknown {
    const at = (key: unknown) => `${path || 'state'}[${show(key)}]`;
    return new Proxy(target, {
      get: (obj, key) => {
        if (key === 'size') return obj.size;
        const method = Reflect.get(obj, key, obj) as unknown;
        if (typeof method !== 'function') return method;
        if (obj instanceof Map && key === 'get') {
          return (k: unknown) => {
            const value = obj.get(k);
            this.read(running(), at(k), value);
            return this.wrap(value, at(k), running);
          };
        }
        if (key === 'has') {
          return (k: unknown) => {
            const found = obj.has(k);
            this.sequence++;
            this.lastRead.set(`${running()} ${at(k)}`, this.sequence);
            this.events.push({ step: this.currentStep, task: running(), text: `check ${path}.has(${show(k)}) → ${found}` });
            return found;
          };
        }
        if (obj instanceof Map && key === 'set') {
          return (k: unknown, v: unknown) => {
            this.write(running(), at(k), v, 'insert');
            obj.set(k, v);
            return obj;
          };
        }
        if (obj instanceof Set && key === 'add') {
          return (k: unknown) => {
            this.write(running(), at(k), k, 'add', `${show(k)} to ${path}`);
            obj.add(k);
            return obj;
          };
        }
        if (key === 'delete') {
          return (k: unknown) => {
            this.write(running(), at(k), undefined, 'delete', at(k));
            return obj.delete(k);
          };
        }
        return (method as (...args: unknown[]) => unknown).bind(obj);
      },
    });
  }
}

/** Plain objects, arrays, maps, sets and class instances; never promises or built-ins with slots. */
function isTraceable(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  if (typeof (value as { then?: unknown }).then === 'function') return false;
  if (value instanceof Date || value instanceof RegExp || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return false;
  if (value instanceof WeakMap || value instanceof WeakSet) return false;
  return true;
}

function join(path: string, key: string | symbol, index: boolean): string {
  const k = String(key);
  if (index) return `${path}[${k}]`;
  return path === '' ? k : `${path}.${k}`;
}

/** A short, unambiguous rendering of a value for a trace cell. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 24 ? `${value.slice(0, 23)}…` : value);
  if (value === undefined) return 'undefined';
  if (value === null || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function') return 'a function';
  if (typeof (value as { then?: unknown }).then === 'function') return 'a promise';
  if (Array.isArray(value)) return `[${value.length} items]`;
  if (value instanceof Map || value instanceof Set) return `${value.constructor.name}(${value.size})`;
  return '{…}';
}
