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

import { describeThrown } from './describe-thrown.js';

type Listener = (...args: unknown[]) => void;

const held = new Map<Promise<unknown>, unknown>();
const onUnhandled = (reason: unknown, promise: Promise<unknown>): void => {
  held.set(promise, reason);
};
// Emitted for a promise reported unhandled and handled later: one of those held, handled after all.
const onHandled = (promise: Promise<unknown>): void => {
  held.delete(promise);
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

/** Puts the process's listeners back and delivers the rejections still unhandled. */
export function deliverRejections(): void {
  if (setAside === undefined) return;
  restore('unhandledRejection', onUnhandled, setAside.unhandled);
  restore('rejectionHandled', onHandled, setAside.handled);
  setAside = undefined;
  if (held.size === 0) return;
  const pending = [...held];
  held.clear();
  for (const [promise, reason] of pending) {
    if (process.emit('unhandledRejection', reason, promise)) continue;
    // No listener: Node.js's default mode ends the process with the reason as an uncaught
    // exception; thrown from a callback of its own, it takes that same path.
    process.nextTick(() => {
      throw reason instanceof Error ? reason : new Error(`a promise was rejected and never handled: ${describeThrown(reason)}`);
    });
  }
}
