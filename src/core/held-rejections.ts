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
 * Each report is the trial's whose code ran when it came, and waits for that trial's end (see
 * {@link trialEnded}; between two drives of one trial too): a trial cut short drops it, since the
 * code that would have handled it a step later never ran; a trial that ran all its code
 * delivers it. Under the process.nextTick barrier, which has no drive, the step is put in place
 * at each trial's start and the trial's end runs the tick routine once (afterTrialEnd,
 * pick-barrier.ts), so that every report of a trial comes before the next trial's first pick.
 *
 * Node.js reports through `process.emit`, which it looks up at each report: the drive puts a
 * step in front of it that keeps these two events, and passes every other on. The process's
 * listeners stay where they are, for the code that runs inside a drive after a run has ended
 * (what follows `await runScenario(...)`, up to its next macrotask) to see, add and remove.
 */

import { isPromise } from 'node:util/types';

type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;

/** Each promise held, with its reason and the trial whose code ran when it was reported. */
const held = new Map<Promise<unknown>, { reason: unknown; trial: number }>();

/**
 * The trial whose picks run now (set at every pick): a rejection reported meanwhile is its.
 * A trial's rejections are reported at the drain after the segment that made them, and those
 * of its last segment at the drain in which it ends, before the next trial's first pick.
 */
export const rejectionOwner = { trial: 0 };
/** The last trial cut short (see {@link trialEnded}): rejections still reported for it are dropped. */
let cutShort = -1;
/** The last trial that ended: while {@link rejectionOwner} is another, a trial runs. */
let lastEnded = 0;
/** True while the step delivers: what it emits passes on. */
let delivering = false;
/** The promises that carry a delivered reason to Node.js itself (no listener): passed on. */
const delivered = new WeakSet<Promise<unknown>>();
/** Rejections dropped with their trial: a late handling of one is no news to anybody. */
const dropped = new WeakSet<Promise<unknown>>();
let trials = 0;

/** A number for a new trial, for {@link rejectionOwner}. */
export function newTrialNumber(): number {
  return ++trials;
}

/** True while the trial that picked last has not ended: its rejections wait for its end. */
function trialRuns(): boolean {
  return rejectionOwner.trial !== lastEnded;
}

/**
 * A trial has ended. If it ended cut short, with code of its own still waiting at a door that
 * the engine never resumes (another task's error ended it, or it observed before work left
 * running had run: the model's choices), a rejection it made and had not handled yet is
 * dropped with it: the code that would have handled it a step later never ran, and the trial's
 * outcome says what happened. A rejection still unhandled when a trial ends with all its code
 * run to the end is the scenario's error, and is delivered (see afterTrialEnd, pick-barrier.ts).
 */
export function trialEnded(trial: number, cut: boolean): void {
  lastEnded = trial;
  if (!cut) return;
  cutShort = trial;
  for (const [promise, entry] of held) {
    if (entry.trial !== trial) continue;
    held.delete(promise);
    dropped.add(promise);
  }
}

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
    // Between two drives of one trial (a task awaited its own helper, and the watchdog picks
    // next), its rejections are still held: the trial's end judges them.
    const hold = !delivering && (holding || trialRuns()) && !(isPromise(promise) && delivered.has(promise));
    if (hold && event === 'unhandledRejection' && isPromise(promise)) {
      const trial = rejectionOwner.trial;
      if (trial === cutShort) dropped.add(promise);
      else held.set(promise, { reason: args[0], trial });
      return true;
    }
    // Emitted for a promise reported unhandled and handled later: one of those held, handled
    // after all, or one reported before the drive.
    if (event === 'rejectionHandled' && isPromise(promise)) {
      if (held.delete(promise) || dropped.has(promise)) return true;
      if (hold) {
        handledLate.push(promise);
        return true;
      }
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
  watchRejections();
}

/**
 * Puts the step in front of process.emit for a trial about to start, so that its rejections are
 * held from its first pick to its end, between drives too, and under the process.nextTick
 * barrier, whose chain of picks breaks wherever a task awaits its own helper.
 */
export function watchRejections(): void {
  if (installed !== undefined && currentEmit() === installed.emit) return;
  const next = currentEmit();
  installed = { emit: holdingStep(next), next };
  process.emit = installed.emit as typeof process.emit;
}

/**
 * Stops holding and delivers, in Node.js's order, the late handlings of rejections reported
 * before the drive, then the rejections still unhandled, but those of a trial that goes on,
 * which its end judges (the step stays in place for them until then).
 */
export function deliverRejections(): void {
  if (!holding) return;
  holding = false;
  const runs = trialRuns();
  if (!runs && installed !== undefined && currentEmit() === installed.emit) {
    process.emit = installed.next as typeof process.emit;
    installed = undefined;
  }
  delivering = true;
  try {
    deliver(runs);
  } finally {
    delivering = false;
  }
}

function deliver(runs: boolean): void {
  for (const promise of handledLate.splice(0)) {
    // With no listener Node.js warns, as it would have.
    if (!process.emit('rejectionHandled', promise)) {
      process.emitWarning('Promise rejection was handled asynchronously', 'PromiseRejectionHandledWarning');
    }
  }
  if (held.size === 0) return;
  const pending = [...held].filter(([, entry]) => !runs || entry.trial !== rejectionOwner.trial);
  for (const [promise, { reason }] of pending) {
    held.delete(promise);
    if (process.emit('unhandledRejection', reason, promise)) continue;
    // No listener: the same reason rejects a promise nobody handles, which Node.js reports
    // once the tick that runs the drive has run dry, as an uncaught exception of origin
    // 'unhandledRejection' (a reason that is not an Error wrapped as ERR_UNHANDLED_REJECTION),
    // exactly as it would have reported the original one.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the scenario's own reason, whatever it is, as Node.js saw it
    const again = Promise.reject(reason);
    delivered.add(again);
  }
}
