/**
 * Counts the callbacks that code other than the engine queues with `process.nextTick` while
 * controlled trials run. The engine picks the next task once the segment that ended has run
 * out (DESIGN: wake-ups), and its barrier is a nextTick of its own, which Node.js runs once the
 * microtask queue has drained. A callback queued with process.nextTick before that barrier runs
 * just before it, in the same turn, and the promise work it starts (a lock it releases, a
 * promise it settles, more callbacks) runs only after: the barrier is exact only when no such
 * callback ran since it was asked for and none is waiting. These counts tell it which.
 *
 * The counting wrapper is installed while any controlled batch runs (installs nest), and
 * removed after; it calls the original with the same arguments, so code sees no difference.
 * Node.js's own modules queue their callbacks through an internal nextTick that this cannot
 * see (streams do): their promise work may still run after a pick.
 */

/**
 * The process object, read once: the global `process` is a getter in Node.js 20, a function
 * call on every read, and {@link keepWatching} reads it at every pick.
 */
const proc = process;

/** process.nextTick as Node.js gave it: the engine's own barrier never counts itself. */
export const nextTick: typeof process.nextTick = proc.nextTick.bind(proc);

/** Callbacks queued through process.nextTick while the wrapper is installed, and those run. */
export const ticks = { queued: 0, ran: 0 };

let installs = 0;
/** process.nextTick as it was when the first watch began: put back when the last one ends. */
let before: typeof process.nextTick | undefined;

/**
 * The counting wrapper. It queues through Node.js's own nextTick, never through whatever
 * process.nextTick was when it was installed: code that wraps process.nextTick while a trial
 * runs (`const saved = process.nextTick; process.nextTick = (cb) => saved(cb)`) would otherwise
 * call this wrapper from inside itself once keepWatching put it back, without end.
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

const COUNTED = counted as typeof process.nextTick;

/**
 * While watched, puts the counting wrapper back if other code has replaced process.nextTick
 * since (vitest's workers restore their own between two turns of the loop). Called at every
 * pick: a comparison, unless it was replaced.
 */
export function keepWatching(): void {
  if (installs > 0 && proc.nextTick !== COUNTED) proc.nextTick = COUNTED;
}

/** Starts counting (nested calls count once); returns the function that stops this one. */
export function watchTicks(): () => void {
  if (installs++ === 0) {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the same function object, put back as it was; never called here
    before = process.nextTick;
    process.nextTick = COUNTED;
  }
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    if (--installs === 0) {
      // Someone else replaced it after us: leave theirs (it may call ours, which still counts).
      if (process.nextTick === COUNTED && before !== undefined) process.nextTick = before;
      before = undefined;
    }
  };
}
