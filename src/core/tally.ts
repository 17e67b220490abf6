import type { PickLog } from './controlled-trial.js';
import { gradeIn, matchOutcome, sameValue } from './grading.js';
import { trialEnded } from './heartbeat.js';
import { isRunnerOutcome, reviveValue, type RunnerKind, type TrialValue } from './runner-outcomes.js';
import { formatSchedule } from './schedules/replay.js';
import type { Grade, Outcome, RacePolicy } from './scenario.js';

/** A trial worth looking at: which one, what it ended with, and how to replay it. */
export interface TrialRecord {
  /** 1-based index of the trial (of the interleaving, under `exhaustive`). */
  trial: number;
  value: TrialValue;
  /** The replay string: the task picked at each scheduling step. Controlled schedules only. */
  schedule?: string;
  /** When `value` is one of the runner's own outcomes: its kind (set in reports, see tagRunnerValues). */
  runner?: RunnerKind;
}

/**
 * Distinct values counted one by one per variant; further values are folded into one "other
 * values" bucket, so memory and output stay bounded however many values a scenario produces.
 */
export const MAX_DISTINCT_VALUES = 1000;

/**
 * How much the set that tells folded values apart may hold, in characters (a number counts 8):
 * some 2 MB, so memory stays bounded; 125,000 folded numbers are told apart exactly.
 */
const FOLDED_SEEN_BUDGET = 1_000_000;

/**
 * The values of one grade folded over the cap, and their trials. How many distinct values they
 * are is known exactly while a bounded set can tell a new value from one seen before, and as
 * bounds after that, or once chunks that each folded values are merged.
 */
export interface FoldedValues {
  /** At least this many distinct values (none of them counted in a row of its own). */
  values: number;
  /** At most this many; null when unknown (more values than the set could tell apart). */
  maxValues: number | null;
  count: number;
  /** Of `count`, the trials whose value the scenario declares a race (never a runner outcome). */
  raceCount: number;
}

/**
 * The trials whose values were folded, kept per grade in the variant: a folded row shows one
 * true grade, never the worst of values that are mostly something else.
 */
export type OtherValues = Partial<Record<Grade, FoldedValues>>;

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
/** A race declared for a runner outcome: allowed where races are, yet not counted as a race. */
const RUNNER = 4;
/**
 * A value the scenario declares by itself (`value: 2`), or a runner outcome without details (a
 * deadlock): always counted in a row of its own, even over the cap, so that a declared value
 * is never folded and then reported as never seen. The scenario's outcomes bound their number.
 */
const LISTED = 8;
const GRADE_FLAGS = DECLARED_RACE | FORBIDDEN;

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
  /** The folded values seen, to count them as distinct, within {@link FOLDED_SEEN_BUDGET}. */
  private readonly foldedSeen = new Set<TrialValue>();
  private foldedSeenSize = 0;
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
    if ((flags & GRADE_FLAGS) === 0) return false;
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
    if (this.other !== undefined) counts.other = addOther({}, this.other, true);
    return counts;
  }

  /** What a worker sends back for one chunk of trials. */
  snapshot(): ChunkResult {
    return {
      counts: [...this.byValue].map(([value, entry]) => [value, entry.count, entry.flags]),
      ...(this.other ? { other: addOther({}, this.other, true) } : {}),
      ...(this.firstRace ? { firstRace: this.firstRace } : {}),
      ...(this.firstForbidden ? { firstForbidden: this.firstForbidden } : {}),
      ...(this.captured ? { captured: this.captured } : {}),
      ...(this.longest > 0 ? { longest: this.longest } : {}),
    };
  }

  /** Adds a chunk's counts; its records win only if they came earlier. */
  merge(chunk: ChunkResult): void {
    // Runner outcomes lose their class crossing the thread boundary: revive them.
    const empty = this.byValue.size === 0 && this.other === undefined;
    for (const [value, count, flags] of chunk.counts) this.count(reviveValue(value), count, flags);
    // A chunk's folded values are distinct from each other and from the values listed so far
    // only when it is the first chunk; after that they give an upper bound.
    if (chunk.other !== undefined) this.other = addOther(this.other ?? {}, chunk.other, empty);
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
    const flags = known ?? this.listFirst(this.classify(value));
    if (this.byValue.size < MAX_DISTINCT_VALUES || flags & LISTED) {
      this.byValue.set(value, { count: n, flags });
      return flags;
    }
    const other = (this.other ??= {});
    const folded = (other[gradeOf(flags)] ??= { values: 0, maxValues: 0, count: 0, raceCount: 0 });
    if (!this.foldedSeen.has(value)) {
      const size = typeof value === 'string' ? value.length + 8 : 8;
      if (this.foldedSeenSize + size <= FOLDED_SEEN_BUDGET) {
        this.foldedSeen.add(value);
        this.foldedSeenSize += size;
        folded.values++;
        if (folded.maxValues !== null) folded.maxValues++;
      } else {
        folded.maxValues = null;
      }
    }
    folded.count += n;
    if (flags & DECLARED_RACE && !(flags & RUNNER)) folded.raceCount += n;
    return flags;
  }

  /**
   * The value of the first race and of the first forbidden trial gets a row of its own, over the
   * cap too: the summary names it, with its description. Only where values are classified (a
   * merge carries the flags its chunk set), so at most two values a tally.
   */
  private listFirst(flags: number): number {
    const first = (flags & GRADE_FLAGS && this.firstRace === undefined) || (flags & FORBIDDEN && this.firstForbidden === undefined);
    return first ? flags | LISTED : flags;
  }

  private remember(value: TrialValue, index: number, flags: number, picks: readonly number[] | undefined): void {
    if ((flags & GRADE_FLAGS) !== 0 && this.firstRace === undefined) this.firstRace = keep(value, index, picks);
    if (flags & FORBIDDEN && this.firstForbidden === undefined) this.firstForbidden = keep(value, index, picks);
    if (this.capture === index + 1) this.captured = keep(value, index, picks);
  }

  private classify(value: TrialValue): number {
    const outcome = matchOutcome(value, this.outcomes);
    const grade = outcome?.grade ?? 'forbidden';
    const forbidden = gradeIn(grade, this.races) === 'forbidden';
    const listed = isRunnerOutcome(value) ? value.detail === '' : outcome !== undefined && sameValue(outcome.value, value);
    const race = grade === 'race' ? DECLARED_RACE | (isRunnerOutcome(value) ? RUNNER : 0) : 0;
    return race | (forbidden ? FORBIDDEN : 0) | (listed ? LISTED : 0);
  }
}

function keep(value: TrialValue, index: number, picks: readonly number[] | undefined): TrialRecord {
  return picks !== undefined && picks.length > 0
    ? { trial: index + 1, value, schedule: formatSchedule(picks) }
    : { trial: index + 1, value };
}

/** The grade in the variant that a value's flags stand for, as gradeVariant would give it. */
function gradeOf(flags: number): Grade {
  return flags & FORBIDDEN ? 'forbidden' : flags & DECLARED_RACE ? 'race' : 'correct';
}

/** Adds `from` into `into`; `distinct` when from's values are known to be new to `into`. */
function addOther(into: OtherValues, from: OtherValues, distinct: boolean): OtherValues {
  for (const [grade, folded] of Object.entries(from) as Array<[Grade, FoldedValues]>) {
    const sum = (into[grade] ??= { values: 0, maxValues: 0, count: 0, raceCount: 0 });
    if (distinct) sum.values += folded.values;
    sum.maxValues = sum.maxValues === null || folded.maxValues === null ? null : sum.maxValues + folded.maxValues;
    sum.count += folded.count;
    sum.raceCount += folded.raceCount;
  }
  return into;
}

const earlier = (a: TrialRecord | undefined, b: TrialRecord | undefined): TrialRecord | undefined =>
  b !== undefined && (a === undefined || b.trial < a.trial) ? b : a;

const revive = (r: TrialRecord | undefined): TrialRecord | undefined => (r === undefined ? r : { ...r, value: reviveValue(r.value) });
