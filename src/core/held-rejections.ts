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
 * Node.js reports through `process.emit`, which it looks up at each report: the drive puts a
 * step in front of it that keeps these two events, and passes every other on. The process's
 * listeners stay where they are, for the code that runs inside a drive after a run has ended
 * (what follows `await runScenario(...)`, up to its next macrotask) to see, add and remove.
 */

import { isPromise } from 'node:util/types';

type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;

const held = new Map<Promise<unknown>, unknown>();
/**
 * Promises reported unhandled to the process's own listeners before the drive (by Node.js, or
 * by an earlier drive's delivery: a rejection made before a `t.io` and handled after it) and
 * handled during it: those listeners are owed the 'rejectionHandled' that Node.js emits then
 * (the CLI's worker counts a rejection as unhandled until it hears it).
 */
const handledLate: Array<Promise<unknown>> = [];

let holding = false;

/** The step in front of process.emit while it is in place, and what it passes events on to. */
let installed: { emit: Emit; next: Emit } | undefined;

/**
 * A step of its own per installation, bound to what came before it: code that wraps
 * process.emit during a drive keeps the step in its chain, where it passes everything on once
 * the drive has handed back.
 */
function holdingStep(next: Emit): Emit {
  return function (this: unknown, event: string | symbol, ...args: unknown[]): boolean {
    const promise = event === 'unhandledRejection' ? args[1] : args[0];
    if (holding && event === 'unhandledRejection' && isPromise(promise)) {
      held.set(promise, args[0]);
      return true;
    }
    // Emitted for a promise reported unhandled and handled later: one of those held, handled
    // after all, or one reported before the drive.
    if (holding && event === 'rejectionHandled' && isPromise(promise)) {
      if (!held.delete(promise)) handledLate.push(promise);
      return true;
    }
    return Reflect.apply(next, this, [event, ...args]);
  };
}

function currentEmit(): Emit {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called back with process as `this`
  return process.emit as Emit;
}

/** Holds reports of unhandled rejections until {@link deliverRejections}. */
export function holdRejections(): void {
  holding = true;
  if (installed !== undefined && currentEmit() === installed.emit) return;
  const next = currentEmit();
  installed = { emit: holdingStep(next), next };
  process.emit = installed.emit as typeof process.emit;
}

/**
 * Stops holding and delivers, in Node.js's order, the late handlings of rejections reported
 * before the drive, then the rejections still unhandled.
 */
export function deliverRejections(): void {
  if (!holding) return;
  holding = false;
  if (installed !== undefined && currentEmit() === installed.emit) {
    process.emit = installed.next as typeof process.emit;
    installed = undefined;
  }
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
