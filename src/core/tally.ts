import type { PickLog } from './controlled-trial.js';
import { gradeIn, matchOutcome } from './grading.js';
import { trialEnded } from './heartbeat.js';
import { reviveValue, type TrialValue } from './runner-outcomes.js';
import { formatSchedule } from './schedules/replay.js';
import type { Outcome, RacePolicy } from './scenario.js';

/** A trial worth looking at: which one, what it ended with, and how to replay it. */
export interface TrialRecord {
  /** 1-based index of the trial (of the interleaving, under `exhaustive`). */
  trial: number;
  value: TrialValue;
  /** The replay string: the task picked at each scheduling step. Controlled schedules only. */
  schedule?: string;
}

/**
 * Distinct values counted one by one per variant; further values are folded into one "other
 * values" bucket, so memory and output stay bounded however many values a scenario produces.
 */
export const MAX_DISTINCT_VALUES = 1000;

/** The trials whose values were folded, by grade. */
export interface OtherValues {
  /** Distinct values folded (at least; a value folded in two chunks counts twice). */
  values: number;
  count: number;
  raceCount: number;
  forbiddenCount: number;
}

/** A histogram whose values beyond {@link MAX_DISTINCT_VALUES} are summed in `other`. */
export class CappedCounts extends Map<TrialValue, number> {
  other: OtherValues | undefined;
}

/** One chunk's tally, as a worker reports it: each value with its count and its grade flags. */
export interface ChunkResult {
  counts: Array<[TrialValue, number, number]>;
  other?: OtherValues;
  firstRace?: TrialRecord;
  firstForbidden?: TrialRecord;
  captured?: TrialRecord;
  /** The most scheduling steps a trial of the chunk took (controlled schedules). */
  longest?: number;
}

/** Grade flags of a value, decided once per value where the outcomes are known. */
const DECLARED_RACE = 1;
const FORBIDDEN = 2;

interface Entry {
  count: number;
  flags: number;
}

/**
 * Counts outcomes per distinct value. Whether a value is a race or forbidden is decided once,
 * when it is first seen, so each trial costs one Map lookup; the first racing and the first
 * forbidden trial keep their schedules, for the summary's replay line. A tally that only merges
 * chunks (the supervisor's, which has no outcomes) takes the flags the chunks carry.
 */
export class Tally {
  private readonly byValue = new Map<TrialValue, Entry>();
  private other: OtherValues | undefined;
  firstRace: TrialRecord | undefined;
  firstForbidden: TrialRecord | undefined;
  captured: TrialRecord | undefined;
  /** The most scheduling steps a trial took (controlled schedules): PCT's k must cover it. */
  longest = 0;

  constructor(
    private readonly outcomes: readonly Outcome[],
    private readonly races: RacePolicy,
    private readonly capture: number | undefined,
  ) {}

  record(value: TrialValue, index: number, picks: PickLog): void {
    trialEnded(index);
    if (picks.size > this.longest) this.longest = picks.size;
    const flags = this.count(value, 1);
    // Only the first race, the first forbidden trial and the captured one keep their picks:
    // copying the picks of every racing trial would cost an array per trial.
    if (this.wants(index, flags)) this.remember(value, index, flags, picks.size > 0 ? picks.toArray() : undefined);
  }

  /** Whether a trial with these flags would be kept by {@link remember}. */
  private wants(index: number, flags: number): boolean {
    if (this.capture === index + 1) return true;
    if (flags === 0) return false;
    return this.firstRace === undefined || ((flags & FORBIDDEN) !== 0 && this.firstForbidden === undefined);
  }

  /** A trial that the supervisor stopped: its value is given, with the picks it had made. */
  recordStopped(value: TrialValue, index: number, picks: readonly number[] | undefined): void {
    // It took at least the steps it had made when it was stopped.
    if (picks !== undefined && picks.length > this.longest) this.longest = picks.length;
    this.remember(value, index, this.count(value, 1), picks);
  }

  counts(): CappedCounts {
    const counts = new CappedCounts();
    for (const [value, entry] of this.byValue) counts.set(value, entry.count);
    if (this.other !== undefined) counts.other = { ...this.other };
    return counts;
  }

  /** What a worker sends back for one chunk of trials. */
  snapshot(): ChunkResult {
    return {
      counts: [...this.byValue].map(([value, entry]) => [value, entry.count, entry.flags]),
      ...(this.other ? { other: { ...this.other } } : {}),
      ...(this.firstRace ? { firstRace: this.firstRace } : {}),
      ...(this.firstForbidden ? { firstForbidden: this.firstForbidden } : {}),
      ...(this.captured ? { captured: this.captured } : {}),
      ...(this.longest > 0 ? { longest: this.longest } : {}),
    };
  }

  /** Adds a chunk's counts; its records win only if they came earlier. */
  merge(chunk: ChunkResult): void {
    // Runner outcomes lose their class crossing the thread boundary: revive them.
    for (const [value, count, flags] of chunk.counts) this.count(reviveValue(value), count, flags);
    if (chunk.other !== undefined) addOther((this.other ??= emptyOther()), chunk.other);
    this.firstRace = earlier(this.firstRace, revive(chunk.firstRace));
    this.firstForbidden = earlier(this.firstForbidden, revive(chunk.firstForbidden));
    this.captured ??= revive(chunk.captured);
    if (chunk.longest !== undefined && chunk.longest > this.longest) this.longest = chunk.longest;
  }

  /** Counts `n` trials of a value, in its own row or, over the cap, in `other`; returns its flags. */
  private count(value: TrialValue, n: number, known?: number): number {
    const entry = this.byValue.get(value);
    if (entry !== undefined) {
      entry.count += n;
      return entry.flags;
    }
    const flags = known ?? this.classify(value);
    if (this.byValue.size < MAX_DISTINCT_VALUES) {
      this.byValue.set(value, { count: n, flags });
      return flags;
    }
    const other = (this.other ??= emptyOther());
    other.values++;
    other.count += n;
    if (flags & DECLARED_RACE) other.raceCount += n;
    if (flags & FORBIDDEN) other.forbiddenCount += n;
    return flags;
  }

  private remember(value: TrialValue, index: number, flags: number, picks: readonly number[] | undefined): void {
    if (flags !== 0 && this.firstRace === undefined) this.firstRace = keep(value, index, picks);
    if (flags & FORBIDDEN && this.firstForbidden === undefined) this.firstForbidden = keep(value, index, picks);
    if (this.capture === index + 1) this.captured = keep(value, index, picks);
  }

  private classify(value: TrialValue): number {
    const grade = matchOutcome(value, this.outcomes)?.grade ?? 'forbidden';
    const forbidden = gradeIn(grade, this.races) === 'forbidden';
    return (grade === 'race' ? DECLARED_RACE : 0) | (forbidden ? FORBIDDEN : 0);
  }
}

function keep(value: TrialValue, index: number, picks: readonly number[] | undefined): TrialRecord {
  return picks !== undefined && picks.length > 0
    ? { trial: index + 1, value, schedule: formatSchedule(picks) }
    : { trial: index + 1, value };
}

function emptyOther(): OtherValues {
  return { values: 0, count: 0, raceCount: 0, forbiddenCount: 0 };
}

function addOther(into: OtherValues, from: OtherValues): void {
  into.values += from.values;
  into.count += from.count;
  into.raceCount += from.raceCount;
  into.forbiddenCount += from.forbiddenCount;
}

const earlier = (a: TrialRecord | undefined, b: TrialRecord | undefined): TrialRecord | undefined =>
  b !== undefined && (a === undefined || b.trial < a.trial) ? b : a;

const revive = (r: TrialRecord | undefined): TrialRecord | undefined => (r === undefined ? r : { ...r, value: reviveValue(r.value) });
