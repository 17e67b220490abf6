import { AsyncResource } from 'node:async_hooks';
import { AsyncGaps } from './async-gaps.js';
import { canDrain, drain, drainChecked, stopDraining } from './drain.js';
import { deliverRejections, holdRejections } from './held-rejections.js';
import { countedFromStart, keepWatching, nextTick, ticks, uncaught } from './tick-watch.js';

/**
 * The barrier before a pick (the base of TrialScheduler, see trial-scheduler.ts): the next
 * task is picked only once everything the segment that ended set going has run (DESIGN:
 * wake-ups). Where Node.js has its tick routine, picks are driven in a loop that drains the
 * microtask and nextTick queues before each (drain.ts); elsewhere the barrier is a
 * process.nextTick that looks again while callbacks queued with process.nextTick ran or wait
 * (tick-watch.ts, async-gaps.ts).
 */

/**
 * Task starts and `asyncio`'s wake-ups are queued as reactions to this settled promise: one
 * microtask each, like queueMicrotask, without the AsyncResource that Node.js creates for every
 * queueMicrotask call (a fifth of the cost of a counter trial).
 */
export const SETTLED: Promise<void> = Promise.resolve();

/** True while a drive loop runs in this thread (see PickBarrier.drive): never two at once. */
let driving = false;
/**
 * Trials whose barrier came up while another trial was driven: they are driven next, each in
 * the async context its barrier came up in (`scope`), not the driving trial's: the setup, the
 * starts and the observe of a run's trials see that run's AsyncLocalStorage stores, whatever
 * other run in the thread drives them. Undefined for a trial driven in the context it is in.
 */
const waitingToDrive: Array<{ trial: PickBarrier; scope: AsyncResource | undefined }> = [];

export abstract class PickBarrier {
  /** Set once the trial has ended; late continuations of an ended trial never resume. */
  over = true;
  /** A pick was asked for and not made yet. */
  protected pickPending = false;
  /** This trial's drive loop is running: it makes the pick requested now, once it has drained. */
  private driving = false;
  /** Uncaught exceptions in the thread when the trial started (see tick-watch.ts, uncaught). */
  private uncaughtAtStart = 0;
  /** Callbacks queued with process.nextTick that had run when the pending pick's barrier was queued. */
  private ticksSeen = 0;
  /** Async ids allocated behind the barrier's back: ticks queued through references not counted. */
  private readonly gaps = new AsyncGaps();

  /** Called when the engine waits for the microtask queue to drain (arms the watchdog). */
  protected abstract readonly requestDrain: () => void;
  /** Makes the pick (the queues have drained when `atDrain`). */
  protected abstract dispatch(atDrain: boolean): void;
  /** True while real I/O (`t.io`) of the trial is in flight: no pick meanwhile. */
  protected abstract ioPending(): boolean;
  /** The barrier could not watch every way to process.nextTick: a search is no proof. */
  protected abstract ticksUnwatched(): void;

  /** For a new trial: no pick pending, and the gap detector trusted again. */
  protected resetBarrier(): void {
    this.pickPending = false;
    this.uncaughtAtStart = uncaught.count;
    this.gaps.begin();
  }

  /**
   * In the watchdog, before it judges the trial: runs what an exception thrown from a nextTick
   * callback left queued, or says the search is no proof where it cannot. False when that
   * ended the trial.
   */
  protected settleLeftovers(): boolean {
    // An exception thrown from a callback queued with process.nextTick ends the tick routine
    // that ran it, and Node.js then runs the next macrotask, this watchdog, before the
    // microtasks and callbacks left queued behind it (a process that keeps running after an
    // uncaught exception: a listener of its own, vitest's). What they wake or settle must be
    // seen before the trial is judged, or a pick misses a woken task and a stall is declared
    // that is none: run them first, as the barrier does before every pick. Should one of
    // those throw in turn, Node.js reports it (catching it here would leave Node.js's stack of
    // async contexts corrupt) and this watchdog, cut short, is armed again to try once more.
    if (!canDrain()) {
      // The process.nextTick barrier cannot run that work first: a search is then no proof.
      if (uncaught.count !== this.uncaughtAtStart) this.ticksUnwatched();
    } else if (!driving) {
      let threw = true;
      try {
        drainChecked();
        threw = false;
      } finally {
        if (threw) this.requestDrain();
      }
      if (this.over) return false;
    }
    return true;
  }

  /**
   * Asks for the next pick once the segment that just ended has run out: it may have left
   * microtasks behind (a strand of the task, a promise chain it settled, a `t.wait` probing its
   * promise), and callbacks queued with process.nextTick, with the promise work they start in
   * turn; all of it belongs to that segment, so it must run before the pick (DESIGN: wake-ups).
   * The barrier is a nextTick queued from a microtask: Node.js runs it only once the whole
   * microtask queue has drained (processTicksAndRejections), which costs far less than a
   * macrotask, and lets no timer fire in between. Where Node.js's tick routine exists, that
   * nextTick only starts the drive, and the picks after it are made in its loop (see drive).
   * Task code, and so every door, runs in a microtask; `start()` does not, so it first hops
   * into one.
   */
  protected requestPick(inMicrotask = true): void {
    this.pickPending = true;
    if (this.driving) return;
    if (inMicrotask) {
      keepWatching();
      this.ticksSeen = ticks.ran;
      nextTick(this.barrierPick);
    } else void SETTLED.then(this.queueBarrierPick);
  }

  private readonly barrierPick = (): void => {
    if (!this.pickPending || this.over) return;
    // With real I/O in flight the pick waits for the watchdog (see trial-doors.ts, io()).
    if (this.ioPending()) {
      this.requestDrain();
      return;
    }
    if (canDrain()) {
      if (driving) waitingToDrive.push({ trial: this, scope: new AsyncResource('lockdemo.drive') });
      else this.drive();
      return;
    }
    // A callback queued with process.nextTick ran in this turn before the barrier, or is still
    // queued: the promise work it starts runs after this turn. Hop past it and look again. The
    // counts see calls through the wrapper (tick-watch.ts), the gaps any other (async-gaps.ts).
    const quiet = this.gaps.quiet();
    // Stood down: where a nextTick taken before lockdemo loaded may exist, the search says so.
    if (!this.gaps.watching && !countedFromStart) this.ticksUnwatched();
    if (ticks.ran !== this.ticksSeen || ticks.queued !== ticks.ran || (!quiet && this.gaps.again())) {
      void SETTLED.then(this.queueBarrierPick);
      return;
    }
    // The queues have drained: what the segment settled or released has been seen.
    this.dispatch(true);
  };

  /**
   * The barrier without a process.nextTick per pick: drain, pick, drain, pick... Entered from
   * the barrier (a process.nextTick callback, never a microtask). Each drain runs everything
   * pending until the microtask and nextTick queues are empty (drain.ts): the segment that
   * ended, whatever it left behind, and callbacks queued with process.nextTick through any
   * reference, so the pick after it sees all of it, with no counting of ticks or async ids.
   * Each pick resumes one continuation, which the next drain runs; meanwhile requestPick() only
   * marks the pick pending. Trial after trial runs in the loop while they reuse this object.
   * A trial on another object whose barrier comes up during a drain (the next batch, a fresh
   * object after a trial that did not end cleanly) waits its turn and is driven next. The loop
   * hands back as soon as no pick is pending after a drain (the trial ended, or a segment ended
   * outside the doors: the watchdog tells a stall), or real I/O is in flight.
   */
  private drive(): void {
    driving = true;
    holdRejections();
    // The trial being driven: left set only when an exception from a callback in a drain ends it.
    let current: { trial: PickBarrier; scope: AsyncResource | undefined } | undefined;
    try {
      if (!drainChecked()) {
        // Inside a microtask after all, where nothing can be drained: never try again.
        stopDraining();
        waitingToDrive.push({ trial: this, scope: undefined });
        return;
      }
      waitingToDrive.unshift({ trial: this, scope: undefined });
      while ((current = waitingToDrive.shift()) !== undefined) {
        const { trial, scope } = current;
        if (scope === undefined) trial.driveOwn();
        else {
          scope.runInAsyncScope(() => trial.driveOwn());
          scope.emitDestroy();
        }
      }
    } finally {
      driving = false;
      if (current !== undefined) current.trial.driving = false;
      for (const { trial, scope } of waitingToDrive.splice(0)) {
        if (scope === undefined) nextTick(trial.barrierPick);
        else scope.runInAsyncScope(nextTick, undefined, trial.barrierPick);
      }
      deliverRejections();
    }
  }

  /** This trial's picks, each after a drain, while they can be made so (see drive). */
  private driveOwn(): void {
    this.driving = true;
    while (this.pickPending && !this.over) {
      if (this.ioPending()) {
        this.requestDrain();
        break;
      }
      this.dispatch(true);
      drain();
    }
    this.driving = false;
  }

  private readonly queueBarrierPick = (): void => {
    this.gaps.hopped();
    this.ticksSeen = ticks.ran;
    nextTick(this.barrierPick);
  };
}
