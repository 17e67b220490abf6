/**
 * The worker's hold on the built-ins it counts with (intrinsics-guard.ts): replacing or
 * deleting one is seen and named; adding a property is not a replacement.
 */
import { describe, expect, it } from 'vitest';
import { holdBuiltins, replacedBuiltin } from '../../src/cli/contain/intrinsics-guard.js';

/** Runs `change`, asks what was replaced, and puts everything back whatever happened. */
function afterChange(change: () => () => void): string | undefined {
  const undo = change();
  try {
    return replacedBuiltin();
  } finally {
    undo();
  }
}

describe('the held built-ins', () => {
  holdBuiltins();

  it('are as they were until something replaces one', () => {
    expect(replacedBuiltin()).toBeUndefined();
  });

  it('leave no room for a `then` on Object.prototype or Array.prototype, yet make nothing a thenable', async () => {
    // A getter there saw every object the worker resolved a promise with, and relabelled its figures.
    expect(() => Object.defineProperty(Object.prototype, 'then', { configurable: true, get: () => undefined })).toThrow(TypeError);
    expect(() => {
      Object.defineProperty(Array.prototype, 'then', { value: () => {} });
    }).toThrow(TypeError);
    expect(() => delete (Object.prototype as { then?: unknown }).then).toThrow(TypeError);
    const plain = { count: 3 };
    expect(await Promise.resolve(plain)).toBe(plain);
    expect(await (async (): Promise<number[]> => [1, 2])()).toEqual([1, 2]);
    // A thenable of the program's own, made by assignment as some libraries do, still is one.
    const own: { then?: (resolve: (v: number) => void) => void } = {};
    own.then = (resolve) => resolve(42);
    expect(await new Promise((resolve) => resolve(own as PromiseLike<number>))).toBe(42);
  });

  it('name a replaced method, a deleted one, a symbol-keyed one and a global rebound', () => {
    const set = Object.getOwnPropertyDescriptor(Map.prototype, 'set')!;
    expect(
      afterChange(() => {
        Map.prototype.set = function stub(this: Map<unknown, unknown>) {
          return this;
        };
        return () => void Object.defineProperty(Map.prototype, 'set', set);
      }),
    ).toBe('Map.prototype.set');
    const sort = Object.getOwnPropertyDescriptor(Array.prototype, 'sort')!;
    expect(
      afterChange(() => {
        delete (Array.prototype as { sort?: unknown }).sort;
        return () => void Object.defineProperty(Array.prototype, 'sort', sort);
      }),
    ).toBe('Array.prototype.sort');
    const iterator = Object.getOwnPropertyDescriptor(Array.prototype, Symbol.iterator)!;
    expect(
      afterChange(() => {
        Object.defineProperty(Array.prototype, Symbol.iterator, { ...iterator, value: function* none() {} });
        return () => void Object.defineProperty(Array.prototype, Symbol.iterator, iterator);
      }),
    ).toBe('Array.prototype[Symbol.iterator]');
    const promise = globalThis.Promise;
    expect(
      afterChange(() => {
        globalThis.Promise = class extends promise<unknown> {} as PromiseConstructor;
        return () => void (globalThis.Promise = promise);
      }),
    ).toBe('Promise');
    expect(replacedBuiltin()).toBeUndefined();
  });

  it('are only those lockdemo counts with: a seeded Math.random, a fake clock or core-js are the scenario’s own business', () => {
    const random = Object.getOwnPropertyDescriptor(Math, 'random')!;
    const now = Object.getOwnPropertyDescriptor(Date, 'now')!;
    const toString = Object.getOwnPropertyDescriptor(Function.prototype, 'toString')!;
    expect(
      afterChange(() => {
        let x = 1;
        Math.random = () => (x = (x * 48271) % 2147483647) / 2147483647;
        Date.now = () => 0;
        // What core-js does on load (internals/make-built-in.js).
        const native = toString.value as (this: unknown) => string;
        Object.defineProperty(Function.prototype, 'toString', {
          ...toString,
          value: function toString(this: unknown) {
            return native.call(this);
          },
        });
        return () => {
          Object.defineProperty(Math, 'random', random);
          Object.defineProperty(Date, 'now', now);
          Object.defineProperty(Function.prototype, 'toString', toString);
        };
      }),
    ).toBeUndefined();
  });

  it('may gain properties: adding is not replacing', () => {
    expect(
      afterChange(() => {
        Object.defineProperty(Array.prototype, 'lockdemoTestExtra', { value: 1, configurable: true });
        return () => void delete (Array.prototype as { lockdemoTestExtra?: unknown }).lockdemoTestExtra;
      }),
    ).toBeUndefined();
  });
});
