import type { TrialTracer } from './controlled-trial.js';
import { LostUpdateTracker, type WriteMode } from './lost-updates.js';
import { taskLabel } from './scenario.js';
import { snapshotState } from './state-snapshot.js';
import { classify, show, type TraceEvent } from './trace-event.js';

/**
 * Records one trial: scheduling steps, task events, and every read and write of the shared
 * state. Reads and writes come from a recording proxy around the state, made only when a trial
 * is traced, so the fast path pays nothing and scenario files need no logging code.
 *
 * Lost updates are counted by LostUpdateTracker (one ✗ per update missing at the end); the read
 * a marked write was based on, and any read the writer acted on after another task changed the
 * location, is marked stale.
 */
export class TraceRecorder implements TrialTracer {
  readonly events: TraceEvent[] = [];
  private currentStep = 0;
  private readonly updates = new LostUpdateTracker();
  private readonly proxies = new WeakMap<object, unknown>();
  private root: unknown;
  private lastSnapshot = '';
  /** Proxy → the object it wraps: what a task stores in the state is stored unwrapped. */
  private readonly targets = new WeakMap<object, object>();
  /** While taking a snapshot, proxies (stored before unwrapping was possible) record nothing. */
  private quiet = false;

  step(step: number): void {
    this.currentStep = step;
  }

  event(task: number, text: string): void {
    this.push({ step: this.currentStep, task, text, ...classify(task, text) });
  }

  read(task: number, path: string, value: unknown, text = `read ${path} → ${show(value)}`): void {
    const index = this.events.length;
    const saw = this.updates.read(task, path, index);
    this.push({ step: this.currentStep, task, text, kind: 'read', path, value: show(value), saw });
  }

  /** Call after the write took effect, so the state snapshot shows it. */
  write(task: number, path: string, value: unknown, verb = 'write', shown = `${path} = ${show(value)}`, mode: WriteMode = 'replace'): void {
    const index = this.events.length;
    const effect = this.updates.write(task, path, index, mode);
    const event: TraceEvent = {
      step: this.currentStep,
      task,
      text: verb ? `${verb} ${shown}` : shown,
      kind: 'write',
      path,
      value: show(value),
      replaced: effect.replaced,
    };
    if (effect.basedOn !== undefined) event.basedOn = effect.basedOn;
    for (const read of effect.staleReads) {
      const stale = this.events[read];
      if (stale !== undefined) stale.stale = true;
    }
    if (effect.lost > 0) {
      const overwritten = this.events[effect.replaced];
      event.lostCount = effect.lost;
      event.lost = lostNote(effect.replacedWriter, overwritten?.value ?? '?', effect.lost);
    }
    for (const { write, count } of effect.retracted) {
      const marked = this.events[write];
      if (marked === undefined) continue;
      if (count === 0) {
        delete marked.lost;
        delete marked.lostCount;
      } else {
        marked.lostCount = count;
        marked.lost = lostNote(this.events[marked.replaced ?? -1]?.task ?? -1, this.events[marked.replaced ?? -1]?.value ?? '?', count);
      }
    }
    this.push(event);
  }

  wrapState<S>(state: S, running: () => number): S {
    this.root = state;
    return this.wrap(state, '', running) as S;
  }

  private push(event: TraceEvent): void {
    if (this.root !== undefined) {
      this.quiet = true;
      const snapshot = snapshotState(this.root, show);
      this.quiet = false;
      const key = JSON.stringify(snapshot);
      if (key !== this.lastSnapshot) {
        event.state = snapshot;
        this.lastSnapshot = key;
      }
    }
    this.events.push(event);
  }

  private wrap(target: unknown, path: string, running: () => number): unknown {
    if (!isTraceable(target)) return target;
    const cached = this.proxies.get(target);
    if (cached !== undefined) return cached;
    const proxy =
      target instanceof Map || target instanceof Set ? this.wrapCollection(target, path, running) : this.wrapObject(target, path, running);
    this.proxies.set(target, proxy);
    this.targets.set(proxy as object, target);
    return proxy;
  }

  private wrapObject(target: object, path: string, running: () => number): unknown {
    const child = (key: string | symbol) => join(path, key, Array.isArray(target));
    // The code of a class whose instances hold private fields (`this.#value`), or of a built-in
    // class with internal slots, runs on the instance itself, never on the proxy: called with the
    // proxy as `this`, it would throw where the untraced run does not. Its public fields, read
    // and written from outside, are still traced. Any other object's methods see the proxy, so
    // what they read and write (`this.fetches++`) is traced too.
    const plain = !needsInstance(target);
    // One bound copy per method, so that `o.m === o.m` holds as it does untraced.
    const bound = new WeakMap<object, unknown>();
    return new Proxy(target, {
      get: (obj, key, receiver) => {
        const value: unknown = Reflect.get(obj, key, plain ? receiver : obj);
        if (typeof key === 'symbol' || this.quiet) return value;
        if (isCallable(value)) {
          if (Array.isArray(obj)) return this.arrayMethod(obj, key, value, path, running);
          if (plain) return value;
          let method = bound.get(value);
          if (method === undefined) bound.set(value, (method = value.bind(obj)));
          return method;
        }
        // A read-only property that cannot be reconfigured (a frozen object's) must be read as
        // it is: a proxy may not return anything else for it. It is still a read.
        if (isTraceable(value) && !isFixed(obj, key)) return this.wrap(value, child(key), running);
        // `await x` probes x.then: the engine asking, not the task reading.
        if (key === 'then' && value === undefined) return value;
        // An array's length is a property of the whole array: a push changes it.
        if (Array.isArray(obj) && key === 'length') this.read(running(), path, value, `read ${path}.length → ${String(value)}`);
        else this.read(running(), child(key), value);
        return value;
      },
      set: (obj, key, given, receiver) => {
        const value = this.unwrap(given);
        const done = Reflect.set(obj, key, value, plain ? receiver : obj);
        if (typeof key !== 'symbol' && !(Array.isArray(obj) && key === 'length')) this.write(running(), child(key), value);
        return done;
      },
    });
  }

  private unwrap(value: unknown): unknown {
    return typeof value === 'object' && value !== null ? (this.targets.get(value) ?? value) : value;
  }

  /**
   * Array methods run on the raw array (a push would otherwise show as a read of the length and a
   * write of an index) and show as one row: mutators as a write of the whole array, others as a read.
   */
  private arrayMethod(
    array: unknown[],
    key: string,
    method: (...args: unknown[]) => unknown,
    path: string,
    running: () => number,
  ): unknown {
    return (...args: unknown[]) => {
      const result = method.apply(
        array,
        args.map((a) => this.unwrap(a)),
      );
      const call = `${path}.${key}(${args.map((a) => show(a)).join(', ')})`;
      if (MUTATORS.has(key)) this.write(running(), path, array, '', call, 'merge');
      else this.read(running(), path, result, `read ${call} → ${show(result)}`);
      return result;
    };
  }

  /** Maps and Sets keep their data in internal slots: wrap their methods, call them on the target. */
  private wrapCollection(target: Map<unknown, unknown> | Set<unknown>, path: string, running: () => number): unknown {
    const at = (key: unknown) => `${path || 'state'}[${show(key)}]`;
    // Keys are compared by identity: a state object used as a key is the object itself, never
    // its recording proxy (the tasks may hold either).
    return new Proxy(target, {
      get: (obj, key) => {
        if (key === 'size') return obj.size;
        const method = Reflect.get(obj, key, obj) as unknown;
        if (typeof method !== 'function') return method;
        if (obj instanceof Map && key === 'get') {
          return (given: unknown) => {
            const k = this.unwrap(given);
            const value = obj.get(k);
            this.read(running(), at(k), value);
            return this.wrap(value, at(k), running);
          };
        }
        if (key === 'has') {
          return (given: unknown) => {
            const k = this.unwrap(given);
            const found = obj.has(k);
            this.read(running(), at(k), found, `check ${path}.has(${show(k)}) → ${found}`);
            return found;
          };
        }
        if (obj instanceof Map && key === 'set') {
          return (key: unknown, given: unknown) => {
            const k = this.unwrap(key);
            const v = this.unwrap(given);
            // A key already there is updated, not inserted (the inventory's stock, a cache's second fill).
            const verb = obj.has(k) ? 'update' : 'insert';
            obj.set(k, v);
            this.write(running(), at(k), v, verb);
            return obj;
          };
        }
        if (obj instanceof Set && key === 'add') {
          return (given: unknown) => {
            const k = this.unwrap(given);
            obj.add(k);
            this.write(running(), at(k), k, 'add', `${show(k)} to ${path}`);
            return obj;
          };
        }
        if (key === 'delete') {
          return (given: unknown) => {
            const k = this.unwrap(given);
            const deleted = obj.delete(k);
            this.write(running(), at(k), undefined, 'delete', at(k));
            return deleted;
          };
        }
        return (method as (...args: unknown[]) => unknown).bind(obj);
      },
    });
  }
}

const MUTATORS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin']);

function lostNote(writer: number, value: string, count: number): string {
  const whose = writer >= 0 ? `${taskLabel(writer)}'s ${value}` : value;
  return count === 1 ? `overwrites ${whose}` : `overwrites ${whose} (${count} updates)`;
}

/** Plain objects, arrays, maps, sets and class instances; never promises or built-ins with slots. */
/** Per prototype: whether its class's code must run on the instance (see wrapObject). */
const instanceOnly = new WeakMap<object, boolean>();

/**
 * Whether an object's class code cannot run with a proxy as `this`: a class in its prototype
 * chain declares private members (its source has `#name`; a `#` in a string or a comment only
 * costs the tracing of its methods' own reads), or is built in (`[native code]`: internal slots).
 */
function needsInstance(value: object): boolean {
  if (Array.isArray(value)) return false;
  const first: unknown = Object.getPrototypeOf(value);
  if (first === null || first === Object.prototype) return false;
  const known = instanceOnly.get(first as object);
  if (known !== undefined) return known;
  let needs = false;
  for (let proto: unknown = first; !needs && proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    let source: string;
    try {
      const ctor: unknown = Reflect.get(proto as object, 'constructor');
      source = typeof ctor === 'function' ? Function.prototype.toString.call(ctor) : '';
    } catch {
      source = '[native code]';
    }
    needs = /\[native code\]|#[\p{ID_Start}_$]/u.test(source);
  }
  instanceOnly.set(first as object, needs);
  return needs;
}

/** A non-configurable, non-writable own data property: a proxy must return its exact value. */
function isFixed(obj: object, key: PropertyKey): boolean {
  const descriptor = Reflect.getOwnPropertyDescriptor(obj, key);
  return descriptor !== undefined && descriptor.configurable === false && descriptor.writable === false;
}

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

/** `typeof value === 'function'`, typed as a function that can be called. */
function isCallable(value: unknown): value is (...args: unknown[]) => unknown {
  return typeof value === 'function';
}
