/**
 * Node.js's inspector, taken away from scenario code. From a worker thread it reaches the main
 * thread: `new Session().connectToMainThread()` evaluates code there, which could make a
 * failing run exit 0 or pause the thread that answers Ctrl-C; `inspector.open()` starts a
 * debugger server that can do the same. lockdemo never uses the inspector in its worker, so
 * this module, loaded before any scenario code, makes every way in throw, for good: the
 * Session's `connect` and `connectToMainThread`, `open` and `waitForDebugger` (of
 * `node:inspector` and `node:inspector/promises`, whose Session extends the other's), and
 * `process.binding('inspector')`, which holds the same doors.
 *
 * A worker that scenario code starts is a realm of its own, with the inspector whole: every
 * Worker started from here loads this module's CommonJS build first (`--require`, which a
 * Worker takes in its execArgv and passes on to the workers it starts), whatever execArgv the
 * code gives, so the guard holds in every thread below this one. The main thread ignores
 * SIGUSR1 (main.ts), with which any thread or process could start its debugger server.
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';
import * as workerThreads from 'node:worker_threads';
import { fileURLToPath } from 'node:url';

const nodeRequire = createRequire(import.meta.url);

/** This module's CommonJS build, which a new Worker loads first (see scripts/build.mjs). */
const GUARD_FILE = fileURLToPath(new URL('./inspector-guard.cjs', import.meta.url));

const CLOSED = "the inspector is not available to scenario code: from lockdemo's worker it would reach the thread that judges the run";

function refuse(): never {
  throw new Error(CLOSED);
}

/** What module.register says to any hooks but lockdemo's own. */
const NO_HOOKS =
  "module.register is not available to scenario code: its hooks would run on a thread of Node.js's own, where lockdemo's worker cannot keep the inspector closed";

/** `value` in place of `target[key]`, for good: not writable, not configurable. */
function lock(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: false, configurable: false, enumerable: true });
}

type SessionClass = { prototype: object };
type InspectorModule = { Session: SessionClass };

function closeInspector(): void {
  const modules = [nodeRequire('node:inspector'), nodeRequire('node:inspector/promises')] as InspectorModule[];
  for (const inspector of modules) {
    lock(inspector.Session.prototype, 'connect', refuse);
    lock(inspector.Session.prototype, 'connectToMainThread', refuse);
    lock(inspector, 'open', refuse);
    lock(inspector, 'waitForDebugger', refuse);
  }
  // Deprecated and untyped, and still there: process.binding('inspector') is the same doors.
  const held = process as unknown as { binding: (name: string) => unknown };
  const binding = held.binding.bind(process);
  // By what the name reads as: a String object or an array that reads 'inspector' is the same.
  lock(process, 'binding', (name: unknown): unknown => (String(name) === 'inspector' ? refuse() : binding(String(name))));
  guardWorkers();
  guardLoaderHooks();
  // `import { open } from 'node:inspector'` reads the module's exports as they are now.
  syncBuiltinESMExports();
}

/** lockdemo's own loader hooks (self-import.ts, typescript-loader.ts), which it registers in this worker. */
const OWN_HOOKS = new Set(
  ['../../core/self-resolve-hook.js', '../../core/typescript-hook.js'].map((path) => new URL(path, import.meta.url).href),
);

/**
 * Module hooks run on a thread that Node.js starts itself, not through Worker, and so without
 * this guard: `module.register` takes only lockdemo's own hooks here.
 */
function guardLoaderHooks(): void {
  const nodeModule = nodeRequire('node:module') as { register: (specifier: string | URL, ...rest: unknown[]) => unknown };
  const register = nodeModule.register.bind(nodeModule);
  lock(nodeModule, 'register', (specifier: string | URL, ...rest: unknown[]): unknown => {
    const absolute = URL.canParse(String(specifier)) ? new URL(String(specifier)).href : undefined;
    if (absolute === undefined || !OWN_HOOKS.has(absolute)) throw new Error(NO_HOOKS);
    return register(specifier, ...rest);
  });
}

/** Every Worker started from this thread loads this guard first, whatever its execArgv. */
function guardWorkers(): void {
  const Worker = workerThreads.Worker;
  const Guarded: typeof Worker = new Proxy(Worker, {
    construct(target, args: ConstructorParameters<typeof Worker>, newTarget: typeof Worker): object {
      const [file, options] = args;
      const given = options?.execArgv ?? process.execArgv;
      // --expose-internals opens internalBinding('inspector'), and an option after `--` is none:
      // the guard goes first, and those flags not at all.
      if (given.some((flag) => /^--(expose[-_]internals|inspect)/.test(flag))) refuse();
      const execArgv = ['--require', GUARD_FILE, ...given];
      // A subclass of Worker (newTarget) keeps its own prototype; a plain `new Worker` gets the class's.
      return Reflect.construct(target, [file, { ...options, execArgv }], newTarget === Guarded ? target : newTarget);
    },
  });
  lock(nodeRequire('node:worker_threads') as object, 'Worker', Guarded);
  // A worker's own constructor is the guarded one too: the class itself is not reachable.
  lock(Worker.prototype, 'constructor', Guarded);
}

closeInspector();
