/**
 * Whether a searched program is a function of its interleaving. Exhaustive search replays every
 * interleaving from `setup`, which is sound only if each replay runs the same program; state that
 * outlives `setup` (a seeded `Math.random` at module level, a cache in what `open` returned) can
 * give each replay another program with the same choices at every step, and the search would then
 * certify a mix of programs. The choice counts the Explorer compares catch only some of that, so
 * after the search a deterministic sample of the interleavings it explored is run again, each
 * compared with what the search recorded for it.
 */
import { controlledBatch } from './controlled-batch.js';
import type { PickLog } from './engine-types.js';
import { replayStarting } from './heartbeat.js';
import { gradeIn, matchOutcome, sameValue } from './grading.js';
import type { RunnerKind, TrialValue } from './runner-outcomes.js';
import type { Outcome, RacePolicy } from './scenario.js';
import { formatSchedule } from './schedules/replay.js';
import { OBSERVE, type Picker } from './schedules/strategy.js';
import type { TrialPlan } from './trial-plan.js';
import type { TrialSource } from './trial-sources.js';

/** Interleavings kept, and replays run, at most: the check's cost stays flat for any search. */
export const MAX_REPLAYS = 64;
/**
 * A small search is replayed this many times over (up to MAX_REPLAYS): a program that changes
 * only now and then (one coin in five) is caught by more than one look at each interleaving.
 */
const PASSES = 4;

/** An interleaving that gave another outcome when it ran again: the program is not deterministic. */
export interface Nondeterminism {
  /** The replay string of the interleaving. */
  schedule: string;
  /** What the search recorded for it. */
  first: TrialValue;
  /** What running it again gave. */
  then: TrialValue;
  /** The kind of `first` / `then` when it is one of the runner's own outcomes (set in reports, see tagRunnerValues). */
  firstRunner?: RunnerKind;
  thenRunner?: RunnerKind;
  /**
   * `then` is a value the scenario forbids (or a runner outcome it does not allow): the program
   * gave it, though the search's counts never show it.
   */
  thenForbidden?: true;
  /**
   * Running it again did not follow it: at this step (1-based) the task it picks was not
   * runnable, the trial went on past its picks, or it ended before them.
   */
  divergedAt?: number;
}

interface Kept {
  index: number;
  picks: number[];
  value: TrialValue;
}

/**
 * The interleavings a search explored, thinned as it goes: every `stride`-th one is kept, and
 * when more than MAX_REPLAYS are kept the stride doubles and every other one is dropped. The
 * first interleaving is always kept (a program warmed by its first trial differs from it), and
 * the rest spread evenly over the search, the same ones on every run.
 */
export class InterleavingSample {
  private stride = 1;
  private seen = 0;
  private kept: Kept[] = [];

  add(picks: PickLog, value: TrialValue): void {
    const index = this.seen++;
    if (index % this.stride !== 0) return;
    this.kept.push({ index, picks: picks.toArray(), value });
    if (this.kept.length > MAX_REPLAYS) {
      this.stride *= 2;
      this.kept = this.kept.filter((k) => k.index % this.stride === 0);
    }
  }

  /**
   * The replays to run, in order: the kept interleavings, the first one first, then over again
   * while a small search has room, each pass starting one further on, so that a program that
   * changes with a period of its own (a seeded generator's) does not meet the same interleaving
   * each time it changes.
   */
  order(): readonly Kept[] {
    const n = this.kept.length;
    const total = Math.min(MAX_REPLAYS, n * PASSES);
    return Array.from({ length: total }, (_, i) => this.kept[(i + Math.floor(i / n)) % n] as Kept);
  }
}

/** Keeps a sample of the interleavings the plan's trials explore (wraps `plan.record`). */
export function sampleInterleavings<S, R>(plan: TrialPlan<S, R>): InterleavingSample {
  const sample = new InterleavingSample();
  const record = plan.record;
  plan.record = (value, index) => {
    record(value, index);
    sample.add(plan.picks, value);
  };
  return sample;
}

/** Follows recorded picks and, instead of throwing where they stop fitting, notes the step and lets the trial end. */
class CheckedReplay implements Picker {
  private position = 0;
  divergedAt: number | undefined;

  constructor(private readonly picks: readonly number[]) {}

  pick(ready: readonly number[], count: number): number {
    const observer = ready[count - 1] === OBSERVE;
    const tasks = observer ? count - 1 : count;
    if (this.divergedAt === undefined) {
      // The recorded trial observed here (an observation is no step, see OBSERVE).
      if (this.position >= this.picks.length && observer) return count - 1;
      const task = this.picks[this.position++];
      const index = task === undefined ? -1 : ready.indexOf(task);
      if (index >= 0 && index < tasks) return index;
      this.divergedAt = this.position;
    }
    // Off the interleaving: end as soon as the trial can, the first ready task otherwise.
    return observer ? count - 1 : 0;
  }

  /** Checked once the trial has ended: one that stopped short of its picks diverged too. */
  finish(): void {
    if (this.divergedAt === undefined && this.position < this.picks.length) this.divergedAt = this.position + 1;
  }
}

/** Whether searches run their sample (see {@link withoutReplaySample}). */
let sampling = true;

/**
 * Runs `work` with no determinism sample after its searches. Only for the CLI's `check`, asked
 * again in a fresh worker after a replay of the sample never came back: that finding is already
 * made, and the search is asked only for its counts.
 */
export async function withoutReplaySample<T>(work: () => Promise<T>): Promise<T> {
  sampling = false;
  try {
    return await work();
  } finally {
    sampling = true;
  }
}

/** Whether `races` and the scenario's `outcomes` forbid a value: the grading rule, for one value. */
export function forbiddenIn(outcomes: readonly Outcome[], races: RacePolicy): (value: TrialValue) => boolean {
  return (value) => gradeIn(matchOutcome(value, outcomes)?.grade ?? 'forbidden', races) === 'forbidden';
}

/**
 * Runs the sample's interleavings again, as the search ran them (trial index 0), and returns the
 * first whose outcome differs from the recorded one, or that no longer fits its picks; undefined
 * when every replay gave what the search recorded (or `stop` ended the check first).
 */
export async function replaySample<S, R>(
  plan: TrialPlan<S, R>,
  sample: InterleavingSample,
  stop: () => boolean,
  /** Whether the variant forbids a value (its grade under the scenario's outcomes). */
  forbids: (value: TrialValue) => boolean,
): Promise<Nondeterminism | undefined> {
  if (!sampling) return undefined;
  const order = sample.order();
  let found: Nondeterminism | undefined;
  let current: CheckedReplay | undefined;
  const replayPlan: TrialPlan<S, R> = {
    scenario: plan.scenario,
    variant: plan.variant,
    params: plan.params,
    timeoutMs: plan.timeoutMs,
    ...(plan.maxSteps !== undefined ? { maxSteps: plan.maxSteps } : {}),
    // The plan's own log, which a supervised worker publishes: a replay that hangs is named by its picks.
    picks: plan.picks,
    ...(plan.resource !== undefined ? { resource: plan.resource } : {}),
    // The search's Math.random streams: each replay draws what its interleaving drew.
    ...(plan.random !== undefined ? { random: plan.random } : {}),
    record: (value, index) => {
      const kept = order[index];
      if (kept === undefined || current === undefined || found !== undefined) return;
      current.finish();
      if (current.divergedAt !== undefined || !sameValue(value, kept.value)) {
        found = {
          schedule: formatSchedule(kept.picks),
          first: kept.value,
          then: value,
          ...(forbids(value) ? { thenForbidden: true as const } : {}),
          ...(current.divergedAt !== undefined ? { divergedAt: current.divergedAt } : {}),
        };
      }
    },
  };
  const source: TrialSource = {
    trialIndex: () => 0,
    next(index) {
      const kept = order[index];
      if (kept === undefined || found !== undefined) return undefined;
      // A supervised worker's replay that never comes back is this interleaving's, not the search's.
      replayStarting({ position: index, schedule: formatSchedule(kept.picks), first: kept.value });
      current = new CheckedReplay(kept.picks);
      return current;
    },
    ended() {},
  };
  let done = 0;
  try {
    while (done < order.length && found === undefined && !stop()) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const ran = await controlledBatch(replayPlan, source, done, order.length - done);
      if (ran === 0) break;
      done += ran;
    }
  } finally {
    replayStarting(undefined);
  }
  return found;
}
