import type { PickLog } from './controlled-trial.js';
import { matchOutcome } from './grading.js';
import { formatSchedule } from './schedules/replay.js';
import { reviveValue, type TrialValue } from './runner-outcomes.js';
import type { Outcome, RacePolicy } from './scenario.js';

/** A trial worth looking at: which one, what it ended with, and how to replay it. */
export interface TrialRecord {
  /** 1-based index of the trial (of the interleaving, under `exhaustive`). */
  trial: number;
  value: TrialValue;
  /** The replay string: the task picked at each scheduling step. Controlled schedules only. */
  schedule?: string;
}

/** One chunk's tally, as a worker reports it. */
export interface ChunkResult {
  counts: Array<[TrialValue, number]>;
  firstRace?: TrialRecord;
  firstForbidden?: TrialRecord;
  captured?: TrialRecord;
}

/**
 * Counts outcomes per distinct value. Whether a value is a race or forbidden is decided once,
 * when it is first seen, so each trial costs one Map lookup; the first racing and the first
 * forbidden trial keep their schedules, for the summary's replay line.
 */
export class Tally {
  private readonly byValue = new Map<TrialValue, { count: number; race: boolean; forbidden: boolean }>();
  firstRace: TrialRecord | undefined;
  firstForbidden: TrialRecord | undefined;
  captured: TrialRecord | undefined;

  constructor(
    private readonly outcomes: readonly Outcome[],
    private readonly races: RacePolicy,
    private readonly capture: number | undefined,
  ) {}

  record(value: TrialValue, index: number, picks: PickLog): void {
    let entry = this.byValue.get(value);
    if (entry === undefined) {
      entry = this.classify(value);
      this.byValue.set(value, entry);
    }
    entry.count++;
    if (entry.race && this.firstRace === undefined) this.firstRace = this.keep(value, index, picks);
    if (entry.forbidden && this.firstForbidden === undefined) this.firstForbidden = this.keep(value, index, picks);
    if (this.capture === index + 1) this.captured = this.keep(value, index, picks);
  }

  counts(): Map<TrialValue, number> {
    return new Map([...this.byValue].map(([value, entry]) => [value, entry.count]));
  }

  /** What a worker sends back for one chunk of trials. */
  snapshot(): ChunkResult {
    return {
      counts: [...this.counts()],
      ...(this.firstRace ? { firstRace: this.firstRace } : {}),
      ...(this.firstForbidden ? { firstForbidden: this.firstForbidden } : {}),
      ...(this.captured ? { captured: this.captured } : {}),
    };
  }

  /** Adds a chunk's counts; its records win only if they came earlier. */
  merge(chunk: ChunkResult): void {
    for (const [cloned, count] of chunk.counts) {
      // Runner outcomes lose their class crossing the thread boundary.
      const value = reviveValue(cloned);
      let entry = this.byValue.get(value);
      if (entry === undefined) {
        entry = this.classify(value);
        this.byValue.set(value, entry);
      }
      entry.count += count;
    }
    const earlier = (a: TrialRecord | undefined, b: TrialRecord | undefined) => (b !== undefined && (a === undefined || b.trial < a.trial) ? b : a);
    const revive = (r: TrialRecord | undefined) => (r === undefined ? r : { ...r, value: reviveValue(r.value) });
    this.firstRace = earlier(this.firstRace, revive(chunk.firstRace));
    this.firstForbidden = earlier(this.firstForbidden, revive(chunk.firstForbidden));
    this.captured ??= revive(chunk.captured);
  }

  private classify(value: TrialValue): { count: number; race: boolean; forbidden: boolean } {
    const grade = matchOutcome(value, this.outcomes)?.grade ?? 'forbidden';
    const forbidden = grade === 'forbidden' || (grade === 'race' && this.races === 'forbidden');
    return { count: 0, race: grade === 'race' || forbidden, forbidden };
  }

  private keep(value: TrialValue, index: number, picks: PickLog): TrialRecord {
    return picks.size > 0 ? { trial: index + 1, value, schedule: formatSchedule(picks.toArray()) } : { trial: index + 1, value };
  }
}
