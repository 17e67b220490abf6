import { syncBuiltinESMExports } from 'node:module';

/**
 * Counts the callbacks that code other than the engine queues with `process.nextTick`. The
 * engine picks the next task once the segment that ended has run out (DESIGN: wake-ups), and
 * its barrier is a nextTick of its own, which Node.js runs once the microtask queue has
 * drained. A callback queued with process.nextTick before that barrier runs just before it, in
 * the same turn, and the promise work it starts (a lock it releases, a promise it settles, more
 * callbacks) runs only after: the barrier is exact only when no such callback ran since it was
 * asked for and none is waiting. These counts tell it which.
 *
 * The counting wrapper is installed when this module loads, before any scenario code can take
 * a reference to process.nextTick (the CLI's worker imports it first; a library user loads it
 * with lockdemo), and it stays: a reference taken at any time after (`const { nextTick } =
 * process`, `import { nextTick } from 'node:process'`, a library that keeps one) is the
 * wrapper. The named exports of `node:process` are synced so that ESM imports see it too. It
 * calls Node.js's own nextTick with the same arguments, so code sees no difference. References
 * taken before it loaded, and Node.js's internal nextTick, are not counted: async-gaps.ts sees
 * those.
 */

/**
 * The process object, read once: the global `process` is a getter in Node.js 20, a function
 * call on every read, and {@link keepWatching} reads it at every pick.
 */
const proc = process;

/** Marks the counting wrapper, so that a second copy of lockdemo in the process shares it. */
const MARK = Symbol.for('lockdemo.nextTick.counts');

interface Counts {
  queued: number;
  ran: number;
}
type Marked = typeof process.nextTick & { [MARK]?: { ticks: Counts; original: typeof process.nextTick } };

// eslint-disable-next-line @typescript-eslint/unbound-method -- compared and called bound below, never unbound
const found: Marked = proc.nextTick;
const shared = found[MARK];

/** process.nextTick as Node.js gave it: the engine's own barrier never counts itself. */
export const nextTick: typeof process.nextTick = shared?.original ?? found.bind(proc);

/** Callbacks queued through the wrapper, and those run (shared with any other copy). */
export const ticks: Counts = shared?.ticks ?? { queued: 0, ran: 0 };

/**
 * The counting wrapper. It queues through Node.js's own nextTick, never through whatever
 * process.nextTick is now: code that wraps process.nextTick (`const saved = process.nextTick;
 * process.nextTick = (cb) => saved(cb)`) would otherwise call this wrapper from inside itself
 * once keepWatching put it back, without end.
 */
function counted(callback: (...args: unknown[]) => void, ...args: unknown[]): void {
  // Not a function: let Node.js refuse it with its own error, uncounted.
  if (typeof callback !== 'function') {
    nextTick(callback, ...args);
    return;
  }
  ticks.queued++;
  nextTick(() => {
    ticks.ran++;
    callback(...args);
  });
}

const COUNTED: Marked =
  shared !== undefined ? found : Object.assign(counted as typeof process.nextTick, { [MARK]: { ticks, original: nextTick } });

function install(): void {
  proc.nextTick = COUNTED;
  // `import { nextTick } from 'node:process'` reads the builtin's ESM export, a copy made when
  // it was first imported: update it.
  syncBuiltinESMExports();
}

install();

/**
 * Whether the counting wrapper was in place before any code but lockdemo's loaded (the CLI's
 * worker says so, see host.ts): then no reference to the original nextTick exists outside
 * Node.js itself, and the counts alone see every callback code can queue.
 */
export let countedFromStart = false;

/** Declares that no code but lockdemo's has loaded yet in this thread (see countedFromStart). */
export function countFromStart(): void {
  countedFromStart = true;
}

/**
 * Uncaught exceptions in this thread so far, counted by a monitor (which changes nothing about
 * how they are handled). When a callback queued with process.nextTick throws in a process that
 * outlives it (a listener of its own, vitest's), Node.js runs the next macrotask before the work
 * left queued behind it: under the process.nextTick barrier that can be the watchdog, which then
 * judges the trial too early (see TrialScheduler.drained).
 */
export const uncaught = { count: 0 };
proc.on('uncaughtExceptionMonitor', () => {
  uncaught.count++;
});

/**
 * Puts the counting wrapper back if other code has replaced process.nextTick since (vitest's
 * workers restore their own between two turns of the loop). Called at every pick: a
 * comparison, unless it was replaced.
 */
export function keepWatching(): void {
  if (proc.nextTick !== COUNTED) install();
}
