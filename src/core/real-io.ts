import { ownClearTimeout, ownSetTimeout } from './own-timers.js';
import { DEFAULT_IO_TIMEOUT_MS } from './engine-types.js';

/**
 * The `t.io` operations of a controlled trial: which are in flight, and in what order they
 * were started. The engine makes no pick while one is in flight (see ControlledTrial.io); when
 * the last one finishes, every finished one is handed back in start order, whatever order they
 * really finished in, so the real timing of the I/O never reaches the ready set.
 */

/** One operation: whose it is, how its task resumes, and how it ended. */
export interface RealIo {
  task: number;
  resume: () => void;
  fulfilled: boolean;
  result: unknown;
}

/** What the gate needs of its trial. */
export interface RealIoHost {
  /** The trial in flight, by generation (see ControlledTrial.generation). */
  generation(): number;
  /** False once that trial has ended: an operation of an ended trial is ignored when it ends. */
  live(generation: number): boolean;
  /** Every operation in flight has finished: this one's task becomes ready (called in start order). */
  deliver(io: RealIo): void;
  /** Called after the last `deliver` of a batch: the pick can be made. */
  delivered(): void;
  /** The I/O took longer than the timeout allows: the trial is a hang. */
  hang(limitMs: number): void;
}

/** setTimeout's largest delay; the supervised worker passes it as "no timeout of the engine's own". */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * One per trial object. A trial that ends with I/O in flight leaves `pending` above 0, and its
 * object is never reused (it did not end cleanly), so a later trial never sees a stale count.
 */
export class RealIoGate {
  /** Operations in flight: no pick is made while there is one. */
  pending = 0;
  /** The operations since the gate was last open, in start order. */
  private started: RealIo[] = [];
  /** The trial whose first operation started at `since`: its I/O is bounded from then. */
  private generation = -1;
  private since = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly host: RealIoHost,
    /** How long a trial's I/O may take in all, from its first operation; 0: the default, 5000 ms. */
    private readonly timeoutMs: number,
  ) {}

  /** Tracks an operation already started by the task; `resume` is called once it is delivered. */
  track(task: number, operation: PromiseLike<unknown>, resume: () => void): RealIo {
    const generation = this.host.generation();
    const io: RealIo = { task, resume, fulfilled: true, result: undefined };
    this.started.push(io);
    if (this.pending++ === 0) this.arm(generation);
    Promise.resolve(operation).then(
      (value) => this.finish(generation, io, true, value),
      (error: unknown) => this.finish(generation, io, false, error),
    );
    return io;
  }

  private finish(generation: number, io: RealIo, fulfilled: boolean, result: unknown): void {
    if (!this.host.live(generation)) return;
    io.fulfilled = fulfilled;
    io.result = result;
    if (--this.pending > 0) return;
    ownClearTimeout(this.timer);
    this.timer = undefined;
    const finished = this.started;
    this.started = [];
    for (const done of finished) this.host.deliver(done);
    this.host.delivered();
  }

  /** The I/O of a trial may take the timeout in all, counted from its first operation. */
  private arm(generation: number): void {
    const now = performance.now();
    if (this.generation !== generation) {
      this.generation = generation;
      this.since = now;
    }
    const limit = this.timeoutMs > 0 ? this.timeoutMs : DEFAULT_IO_TIMEOUT_MS;
    this.timer = ownSetTimeout(
      () => {
        if (this.host.live(generation) && this.pending > 0) this.host.hang(limit);
      },
      Math.min(MAX_DELAY_MS, Math.max(0, Math.floor(this.since + limit - now))),
    );
    // The timer must not keep a finished run alive; the I/O itself does while it is pending.
    this.timer.unref();
  }
}
