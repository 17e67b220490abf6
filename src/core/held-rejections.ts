/**
 * Node.js looks for unhandled rejections when its nextTick queue runs dry. Under the engine's
 * process.nextTick barrier that happens once a chain of picks ends (the end of a batch, a stall,
 * real I/O), so a promise that a task rejects at one scheduling point and handles at a later one
 * is never reported. The synchronous drain (drain.ts) runs Node.js's tick routine at every pick,
 * which would report it there. While the engine drives picks with that drain, these reports are
 * held instead, and those still unhandled when the drive hands back are delivered then, as the
 * barrier's chain would have: to the process's own listeners, or, with none, as Node.js's
 * default mode (throw) does, as an uncaught exception.
 *
 * Only the drive's synchronous stretch is covered: the process's listeners are set aside and put
 * back around it, and any listener added meanwhile is kept.
 */

type Listener = (...args: unknown[]) => void;

const held = new Map<Promise<unknown>, unknown>();
/**
 * Promises reported unhandled to the process's own listeners before the drive (by Node.js, or
 * by an earlier drive's delivery: a rejection made before a `t.io` and handled after it) and
 * handled during it: those listeners are owed the 'rejectionHandled' that Node.js emits then
 * (the CLI's worker counts a rejection as unhandled until it hears it).
 */
const handledLate: Array<Promise<unknown>> = [];
const onUnhandled = (reason: unknown, promise: Promise<unknown>): void => {
  held.set(promise, reason);
};
// Emitted for a promise reported unhandled and handled later: one of those held, handled after
// all, or one reported before the drive.
const onHandled = (promise: Promise<unknown>): void => {
  if (!held.delete(promise)) handledLate.push(promise);
};

let setAside: { unhandled: Listener[]; handled: Listener[] } | undefined;

/** Holds reports of unhandled rejections until {@link deliverRejections}. */
export function holdRejections(): void {
  setAside = {
    unhandled: process.rawListeners('unhandledRejection') as Listener[],
    handled: process.rawListeners('rejectionHandled') as Listener[],
  };
  process.removeAllListeners('unhandledRejection');
  process.removeAllListeners('rejectionHandled');
  process.on('unhandledRejection', onUnhandled);
  process.on('rejectionHandled', onHandled);
}

function restore(event: 'unhandledRejection' | 'rejectionHandled', ours: unknown, saved: Listener[]): void {
  const added = (process.rawListeners(event) as Listener[]).filter((listener) => listener !== ours);
  process.removeAllListeners(event);
  for (const listener of [...saved, ...added]) process.on(event, listener);
}

/**
 * Puts the process's listeners back and delivers, in Node.js's order, the late handlings of
 * rejections reported before the drive, then the rejections still unhandled.
 */
export function deliverRejections(): void {
  if (setAside === undefined) return;
  restore('unhandledRejection', onUnhandled, setAside.unhandled);
  restore('rejectionHandled', onHandled, setAside.handled);
  setAside = undefined;
  for (const promise of handledLate.splice(0)) {
    // With no listener Node.js warns, as it would have.
    if (!process.emit('rejectionHandled', promise)) {
      process.emitWarning('Promise rejection was handled asynchronously', 'PromiseRejectionHandledWarning');
    }
  }
  if (held.size === 0) return;
  const pending = [...held];
  held.clear();
  for (const [promise, reason] of pending) {
    if (process.emit('unhandledRejection', reason, promise)) continue;
    // No listener: the same reason rejects a promise nobody handles, which Node.js reports
    // once the tick that runs the drive has run dry, as an uncaught exception of origin
    // 'unhandledRejection' (a reason that is not an Error wrapped as ERR_UNHANDLED_REJECTION),
    // exactly as it would have reported the original one.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the scenario's own reason, whatever it is, as Node.js saw it
    void Promise.reject(reason);
  }
}
