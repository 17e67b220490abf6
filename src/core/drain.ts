/**
 * Draining the microtask and process.nextTick queues on the spot, synchronously: the engine's
 * barrier before a pick (DESIGN "wake-ups": whatever the segment that ended settled or
 * released is seen before the next pick), for the price of one call into V8's microtask loop
 * instead of a process.nextTick per pick (see TrialScheduler.drive).
 *
 * Node.js keeps its own tick routine as `process._tickCallback` (runNextTicks in
 * lib/internal/process/task_queues.js): it runs the microtask queue and, when callbacks are
 * queued with process.nextTick, the nextTick queue with it, alternating until both are empty;
 * whatever those callbacks queue runs too, whoever queued it and through whatever reference.
 * Called from a process.nextTick callback or a macrotask, it returns with both queues empty.
 * Called from inside a microtask it runs nothing (V8 never runs microtasks re-entrantly), so
 * the first drain of a stretch is checked with a sentinel ({@link drainChecked}). Where Node.js
 * lacks the routine (it is deprecated in documentation only, DEP0134), {@link canDrain} is
 * false and the engine keeps its process.nextTick barrier, which gives the same picks.
 */

const SETTLED: Promise<void> = Promise.resolve();

const isRoutine = (value: unknown): value is () => void => typeof value === 'function';

const tickCallback: unknown = Reflect.get(process, '_tickCallback');

/** runNextTicks reads no `this`: it is called as a plain function. */
const runNextTicks: () => void = isRoutine(tickCallback) ? tickCallback : () => {};

/**
 * The routine also looks for unhandled rejections each time it runs dry, which the engine can
 * hold back from listeners (held-rejections.ts) but not from Node.js itself: under
 * `--unhandled-rejections=strict` it throws a rejection that a task handles a scheduling point
 * later, under `warn` it prints warnings for it, and under `warn`, `none` or
 * `warn-with-error-code` a rejection never handled does not end the process. Only under the
 * default mode, `throw`, do the held reports come out as the process.nextTick barrier's do; any
 * other mode given on the command line or in NODE_OPTIONS (a worker thread sees both) keeps
 * the fallback barrier.
 */
function defaultRejectionMode(): boolean {
  const words = [...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/), ...process.execArgv];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const mode = word.startsWith('--unhandled-rejections=')
      ? word.slice(word.indexOf('=') + 1)
      : word === '--unhandled-rejections'
        ? words[i + 1]
        : undefined;
    if (mode !== undefined && mode !== 'throw') return false;
  }
  return true;
}

/**
 * LOCKDEMO_BARRIER=nexttick takes the fallback barrier even where the drain exists: the tests
 * run both, and a user who suspects the drain can compare.
 */
let enabled = isRoutine(tickCallback) && process.env['LOCKDEMO_BARRIER'] !== 'nexttick' && defaultRejectionMode();

/** False where this Node.js has no synchronous tick routine, under LOCKDEMO_BARRIER=nexttick, or a rejection mode other than throw. */
export function canDrain(): boolean {
  return enabled;
}

/** Turns the drain off for good: it was found not to run the queue where it should have. */
export function stopDraining(): void {
  enabled = false;
}

let sentinelRan = false;
const sentinel = (): void => {
  sentinelRan = true;
};

/**
 * Drains both queues and says whether it did: a sentinel queued behind everything pending has
 * run only if the queue was run, and then it was run until empty. False when called from inside
 * a microtask (the sentinel then runs later, harmlessly).
 */
export function drainChecked(): boolean {
  sentinelRan = false;
  void SETTLED.then(sentinel);
  runNextTicks();
  return sentinelRan;
}

/**
 * Drains both queues. Only in the same synchronous stretch as a {@link drainChecked} that
 * returned true: whether V8 runs the queue depends only on the calling context, which does not
 * change within one synchronous stretch of code.
 */
export function drain(): void {
  runNextTicks();
}
