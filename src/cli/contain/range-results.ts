/**
 * What a supervised run counts of its ranges when not every range came back whole: the trials
 * counted so far across chunks (for the progress line), and a range whose trials kept hanging.
 */
import { HANG } from '../../core/runner-outcomes.js';
import { formatSchedule } from '../../core/schedules/replay.js';
import { Tally } from '../../core/tally.js';
import type { RangeResult, StoppedTrial } from './protocol.js';

/**
 * The trials a chunked run counts so far: chunk by chunk from the first, while each is
 * complete, then the trials of the first unfinished one. The progress line shows this, so it
 * never shows a trial the summary would drop.
 */
export class CountedPrefix {
  private readonly done: number[] = [];
  /** Chunks 0..complete-1 are complete; their trials add up to completeTrials. */
  private complete = 0;
  private completeTrials = 0;

  constructor(private readonly sizeOf: (chunk: number) => number) {}

  /** Chunk `chunk` has run `done` trials: returns the counted prefix. */
  set(chunk: number, done: number): number {
    this.done[chunk] = done;
    for (let d = this.done[this.complete]; d !== undefined && d >= this.sizeOf(this.complete); d = this.done[this.complete]) {
      this.completeTrials += d;
      this.complete++;
    }
    return this.completeTrials + (this.done[this.complete] ?? 0);
  }
}

/**
 * A range that never finished because its trials kept hanging (more than MAX_HANGS, or an
 * exhaustive search): what is known of it is the trials its worker reported, which run from
 * `first` on, and the hangs after them.
 */
export function stoppedRange(hangs: readonly StoppedTrial[], first: number, partial: RangeResult | undefined): RangeResult {
  const reported = first + (partial?.done ?? 0);
  const sorted = hangs.filter((h) => h.index >= reported).sort((a, b) => a.index - b.index);
  const firstHang = sorted[0];
  if (firstHang === undefined) {
    if (partial === undefined) throw new Error('a stopped range has at least one hang');
    return partial;
  }
  const record = {
    trial: firstHang.index + 1,
    value: HANG,
    ...(firstHang.picks && firstHang.picks.length > 0 ? { schedule: formatSchedule(firstHang.picks) } : {}),
  };
  const tally = new Tally([], 'forbidden', undefined);
  if (partial !== undefined) tally.merge(partial.result);
  // A stopped trial took at least the steps it had made.
  const longest = Math.max(0, ...sorted.map((h) => h.picks?.length ?? 0));
  tally.merge({ counts: [[HANG, sorted.length, 2]], firstRace: record, firstForbidden: record, ...(longest > 0 ? { longest } : {}) });
  return { result: tally.snapshot(), done: (partial?.done ?? 0) + sorted.length };
}
