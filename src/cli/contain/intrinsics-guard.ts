/**
 * The JavaScript built-ins that lockdemo's worker relies on, held as they were before any
 * scenario code ran. lockdemo counts and grades trials in the worker, in the same realm as the
 * scenario: a module (or a library it imports) that replaces `Map.prototype.set` or
 * `Array.prototype.sort` changes lockdemo's own tally, and a failing variant could pass with
 * nothing counted. So host.ts holds them before it loads the module and checks them after the
 * load and after every request; one that was replaced or deleted fails the scenario (exit 3),
 * named; in the CLI's worker they are also locked, so that no replacement can happen at all (see
 * holdBuiltins). Adding a property is fine, as is changing one that is not held, except a `then`
 * on a held prototype, which would make every object that inherits it a thenable: the worker
 * resolves promises with its own objects (the tally, the graded figures), and a `then` getter
 * would see and change each. Held prototypes get a `then` of their own that cannot be replaced
 * (lockThen), and the worker's Object.prototype takes no additions.
 *
 * The check itself uses only functions taken here before any scenario code ran, and plain
 * indexed loops (a `for...of` would call the array iterator, which a scenario can replace).
 */
const ownKeys = Reflect.ownKeys;
const descriptorOf = Object.getOwnPropertyDescriptor;
const defineProperty = Object.defineProperty;
const preventExtensions = Object.preventExtensions;
const prototypeOf = Object.getPrototypeOf;
const same = Object.is;
const stringOf = String;
/** A descriptor's `get` or `set`, read as data (they are functions to compare, never to call). */
const read: (descriptor: PropertyDescriptor, key: 'get' | 'set') => unknown = Reflect.get;

/**
 * The global bindings held, each with its own properties and its prototype's: what the worker's
 * tally, grading and trial loop call (collections, arrays, objects, promises, strings and
 * numbers, Math, JSON, the heartbeat's Atomics, the loop's setImmediate). Not what a scenario
 * may well replace for its own reasons and lockdemo does not count with: `Math.random` (a seeded
 * one, so that a program replays), `Date`, `performance` and the timers (fake clocks), errors,
 * regular expressions.
 */
const GLOBALS = [
  'Object',
  'Function',
  'Array',
  'Map',
  'Set',
  'WeakMap',
  'WeakSet',
  'Promise',
  'String',
  'Number',
  'Boolean',
  'Symbol',
  'Math',
  'JSON',
  'Reflect',
  'Atomics',
  'Int32Array',
  'setImmediate',
  'queueMicrotask',
  // Node.js's module loader decodes a module's source with it, as it is now: the worker imports
  // more of lockdemo after the scenario's module (a replaced one aborted the process).
  'TextDecoder',
  // Node.js dispatches the supervisor's requests through them: a replaced dispatch method
  // (EventTarget.prototype[kHybridDispatch]) was handed the supervisor's port, and forged the
  // answer of a run (pass, exit 0).
  'EventTarget',
  'MessagePort',
] as const;

/**
 * Properties a program may replace without changing what lockdemo counts: `toString` of
 * functions (core-js, which many libraries bundle, makes its polyfills print as native ones).
 */
const SETTINGS: ReadonlySet<PropertyKey> = new Set<PropertyKey>(['toString']);

/** Held properties a program may replace all the same: a seeded `Math.random`, so that a program replays. */
const ALLOWED = new Set(['Math.random']);

/** The property that makes an object a thenable: see lockThen. */
const THEN = 'then';

// The held properties, in parallel arrays: where, which key, and what it was.
const owners: object[] = [];
const names: string[] = [];
const keys: PropertyKey[] = [];
const values: unknown[] = [];
const getters: unknown[] = [];
const setters: unknown[] = [];
let held = false;

function hold(owner: object, name: string, key: PropertyKey): void {
  const descriptor = descriptorOf(owner, key);
  if (descriptor === undefined || SETTINGS.has(key)) return;
  if (typeof key === 'string' && ALLOWED.has(name + '.' + key)) return;
  owners.push(owner);
  names.push(name);
  keys.push(key);
  values.push(descriptor.value);
  getters.push(read(descriptor, 'get'));
  setters.push(read(descriptor, 'set'));
}

function holdAll(owner: unknown, name: string): void {
  if ((typeof owner !== 'object' && typeof owner !== 'function') || owner === null) return;
  if (descriptorOf(owner, THEN) === undefined) lockThen(owner);
  for (const key of ownKeys(owner)) hold(owner, name, key);
}

/**
 * Puts a `then` on `owner` that scenario code cannot replace or delete, and that makes nothing a
 * thenable: reading it gives undefined (what a promise resolved with a plain object looks for),
 * and assigning it gives the object assigned to a `then` of its own, as it would without this
 * one. A check after the fact would come too late: a getter can change what it sees and delete
 * itself before anyone looks.
 */
function lockThen(owner: object): void {
  defineProperty(owner, THEN, {
    configurable: false,
    enumerable: false,
    get: () => undefined,
    set(this: object, value: unknown) {
      defineProperty(this, THEN, { value, writable: true, enumerable: true, configurable: true });
    },
  });
}

/** The intrinsics no global names: the iterators and async functions lockdemo's code runs on. */
function hiddenIntrinsics(): Array<[string, unknown]> {
  const arrayIterator: unknown = prototypeOf([][Symbol.iterator]());
  return [
    ['%ArrayIteratorPrototype%', arrayIterator],
    ['%IteratorPrototype%', prototypeOf(arrayIterator)],
    ['%MapIteratorPrototype%', prototypeOf(new Map()[Symbol.iterator]())],
    ['%SetIteratorPrototype%', prototypeOf(new Set()[Symbol.iterator]())],
    ['%StringIteratorPrototype%', prototypeOf(''[Symbol.iterator]())],
    ['%TypedArray%', prototypeOf(Int32Array)],
    ['%TypedArray%.prototype', prototypeOf(Int32Array.prototype)],
    ['%AsyncFunction.prototype%', prototypeOf(async () => {})],
  ];
}

/**
 * Holds the built-ins as they are now: call before any scenario code runs (once is enough).
 * `lock` (the CLI's worker) also makes them so from then on:
 * - every held property can no longer be replaced (non-writable, non-configurable): a check
 *   after each request comes too late for a replacement that puts itself back before it (a
 *   `Map.prototype.get` that changed one read of lockdemo's tally, then restored itself, passed
 *   a failing variant); a scenario that tries gets a TypeError, as its own code's error;
 * - nothing can be added to Object.prototype. Every options bag and request of lockdemo's is a
 *   plain object, and a key it leaves out is read through the prototype:
 *   `Object.prototype.variants = ['locked']` ran only the passing variant, exit 0.
 * Adding to the other built-ins stays allowed.
 */
export function holdBuiltins(lock = false): void {
  if (held) return;
  held = true;
  const global = globalThis as unknown as Record<string, unknown>;
  for (const name of GLOBALS) {
    // Read first: Node.js defines some globals lazily, as a getter that replaces itself.
    const value = global[name];
    hold(globalThis, name, name);
    holdAll(value, name);
    const prototype = (value as { prototype?: unknown } | undefined)?.prototype;
    holdAll(prototype, `${name}.prototype`);
  }
  for (const [name, intrinsic] of hiddenIntrinsics()) holdAll(intrinsic, name);
  if (!lock) return;
  for (let i = 0; i < owners.length; i++) lockProperty(owners[i] as object, keys[i] as PropertyKey);
  preventExtensions(Object.prototype);
}

/** Makes one held property impossible to replace or delete (what cannot be changed is left as it is). */
function lockProperty(owner: object, key: PropertyKey): void {
  const descriptor = descriptorOf(owner, key);
  if (descriptor === undefined || descriptor.configurable !== true) return;
  try {
    defineProperty(owner, key, 'value' in descriptor ? { writable: false, configurable: false } : { configurable: false });
  } catch {
    // An exotic object that refuses: the check after each request still sees a replacement.
  }
}

/**
 * What scenario code did to the built-ins that lockdemo cannot count with, as the end of a
 * sentence whose subject is the scenario ("replaced Map.prototype.set, …"), or undefined.
 */
export function tamperedBuiltin(): string | undefined {
  const replaced = replacedBuiltin();
  if (replaced === undefined) return undefined;
  return (
    'replaced ' +
    replaced +
    ", a JavaScript built-in that lockdemo's worker counts, grades and loads its code with: a scenario may add to the built-ins, not replace them"
  );
}

/**
 * The held built-ins with this key, by name (`Map.prototype.set`), for an assignment that the
 * lock refused: V8's words name only the key and the object's kind.
 */
export function heldNamed(key: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < owners.length; i++) {
    if (keys[i] !== key) continue;
    const name = owners[i] === globalThis ? (names[i] as string) : (names[i] as string) + '.' + key;
    if (!found.includes(name)) found.push(name);
  }
  return found;
}

/** The first held built-in that is not what it was (`Map.prototype.set`), or undefined. */
export function replacedBuiltin(): string | undefined {
  for (let i = 0; i < owners.length; i++) {
    const owner = owners[i] as object;
    const key = keys[i] as PropertyKey;
    const now = descriptorOf(owner, key);
    if (now !== undefined && same(now.value, values[i]) && same(read(now, 'get'), getters[i]) && same(read(now, 'set'), setters[i]))
      continue;
    const name = names[i] as string;
    if (owner === globalThis) return name;
    return typeof key === 'symbol' ? name + '[' + stringOf(key.description) + ']' : name + '.' + stringOf(key);
  }
  return undefined;
}
