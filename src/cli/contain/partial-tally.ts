/**
 * What a range reports while it runs: every so often, the number of trials tallied so far and
 * their tally. The supervisor keeps the last one, so that when it has to stop a worker from
 * outside (Ctrl-C on a worker stuck in a synchronous loop of scenario code, or one that does
 * not answer the stop request in time) the trials the worker had reported still count.
 */
import type { Tally, ChunkResult } from '../../core/tally.js';

/** How often a range reports: as often as the progress line can redraw. */
export const REPORT_MS = 100;

/** Time checks aim at about one per this many ms, whatever a trial takes. */
const CHECK_MS = 1;
const MAX_STRIDE = 4096;

/**
 * Trials this slow are reported one by one: a report (a snapshot and a message, tens of µs)
 * then costs under 1% of them, and a worker stuck in the next trial loses none of them.
 */
const SLOW_MS = 10;

export class PartialReporter {
  /** Trials tallied in this range so far (stopped ones included): what the tally's counts add up to. */
  private tallied = 0;
  /** Trials between two looks at the clock: one look per trial would cost more than a fast trial. */
  private stride = 1;
  private countdown = 1;
  private lastCheck = performance.now();
  /** The first trial is always reported: a worker stuck in its second trial still has one. */
  private lastSent = -Infinity;

  constructor(
    private readonly tally: Tally,
    private readonly send: (done: number, partial: ChunkResult) => void,
  ) {}

  /** One trial was counted in the tally (from inside a batch: the worker may never come back). */
  counted(): void {
    this.tallied++;
    if (--this.countdown > 0) return;
    const now = performance.now();
    const elapsed = now - this.lastCheck;
    this.lastCheck = now;
    if (elapsed < CHECK_MS / 2) this.stride = Math.min(MAX_STRIDE, this.stride * 2);
    else if (elapsed > CHECK_MS * 2) this.stride = Math.max(1, this.stride >> 1);
    this.countdown = this.stride;
    if (now - this.lastSent >= REPORT_MS || elapsed >= SLOW_MS) this.report(now);
  }

  /** A batch ended: report if it is time (the progress line draws from these reports). */
  batchEnded(): void {
    const now = performance.now();
    if (now - this.lastSent >= REPORT_MS) this.report(now);
  }

  private report(now: number): void {
    this.lastSent = now;
    this.send(this.tallied, this.tally.snapshot());
  }
}
