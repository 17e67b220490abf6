/**
 * What the thread that runs scenario code tells its supervisor without a message: a few
 * integers in shared memory, written as trials go and read by the main thread, which can read
 * them even while this thread is stuck in a loop. Outside a supervised worker nothing is
 * attached and every call is a no-op.
 */
import type { TrialValue } from './runner-outcomes.js';

/** Where scenario code is, as the supervisor names it in an error. */
export const Phase = { Idle: 0, Import: 1, Open: 2, Setup: 3, Tasks: 4, Observe: 5, Close: 6, Other: 7, Outcome: 8 } as const;
export type Phase = (typeof Phase)[keyof typeof Phase];

/** Slots of the shared Int32Array. */
export const Slot = {
  /** Bumped on every trial end and every phase change: the supervisor's sign of progress. */
  Beat: 0,
  Phase: 1,
  /** 0-based index of the trial in flight (or the last one started). */
  Trial: 2,
  /** 1 once scenario code called process.exit; the code it passed is in ExitCode. */
  ExitCalled: 3,
  ExitCode: 4,
  /** Set by the supervisor: stop starting trials (Ctrl-C). */
  Stop: 5,
  /** 1 once the worker has loaded lockdemo's own modules: only then does time count. */
  Ready: 6,
  /**
   * While the determinism sample runs (replay-sample.ts): 1 + the place of the replay in flight,
   * which a {@link ReplayNote} names; 0 otherwise. A worker stopped with it set was stopped in a
   * replay of an interleaving the search had seen come back, not in the search.
   */
  Replaying: 7,
  /**
   * Under `lockdemo check`: the schedule of the run in flight (1 + its index in SCHEDULES; 0
   * when none is said), so that a trial stopped there is named under the schedule that ran it.
   */
  Schedule: 8,
  /** The picks of the trial in flight: how many, then one slot per pick. */
  PickCount: 9,
  Picks: 10,
} as const;

/** Picks kept for a hang's replay string; a longer prefix is cut and said so. */
export const MAX_PUBLISHED_PICKS = 4096;

export function newHeartbeatBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer((Slot.Picks + MAX_PUBLISHED_PICKS) * 4);
}

let view: Int32Array | undefined;

/** The phase last set, for code that enters one and must restore the one it interrupted. */
let current: Phase = Phase.Idle;

/** Called once in a supervised worker. */
export function attachHeartbeat(buffer: SharedArrayBuffer): void {
  view = new Int32Array(buffer);
}

export function setPhase(phase: Phase): void {
  current = phase;
  if (view === undefined) return;
  view[Slot.Phase] = phase;
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the view spans every Slot
  view[Slot.Beat]!++;
}

/** The phase scenario code is in (Idle outside a supervised worker). */
export function currentPhase(): Phase {
  return current;
}

/** A trial ended (whatever its outcome): the next one, if any, is in flight. */
export function trialEnded(index: number): void {
  if (view === undefined) return;
  view[Slot.Trial] = index + 1;
  view[Slot.PickCount] = 0;
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the view spans every Slot
  view[Slot.Beat]!++;
}

/**
 * While a range runs, the trial in flight is its place in the range (trialStarting at its start,
 * trialEnded after each), not the `trial` that setup is given: exhaustive search gives every
 * interleaving trial 0's program, and a hang in the fifth was named "interleaving 1".
 */
let byPosition = false;

export function indexTrialsByPosition(on: boolean): void {
  byPosition = on;
}

/** A trial's setup begins: its index, unless a range is counting them by position. */
export function setupStarting(trial: number): void {
  if (!byPosition) trialStarting(trial);
}

export function trialStarting(index: number): void {
  if (view === undefined) return;
  view[Slot.Trial] = index;
  view[Slot.PickCount] = 0;
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the view spans every Slot
  view[Slot.Beat]!++;
}

/**
 * One of a check's runs starts (its search, then perhaps its sample): its trials are counted by
 * position from 0, under `schedule` (1 + its index in SCHEDULES). Check's own runs give every
 * interleaving of a search trial 0's program, which named a hang in the fourth "interleaving 1".
 */
export function checkRunStarting(schedule: number): void {
  byPosition = true;
  if (view !== undefined) view[Slot.Schedule] = schedule;
  trialStarting(0);
}

/** A check's runs are over (or it ran none): trials are named by the index setup sees again. */
export function checkRunEnded(): void {
  byPosition = false;
  if (view !== undefined) view[Slot.Schedule] = 0;
}

export function pickMade(task: number): void {
  if (view === undefined) return;
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the view spans every Slot
  const n = view[Slot.PickCount]!;
  if (n < MAX_PUBLISHED_PICKS) view[Slot.Picks + n] = task;
  view[Slot.PickCount] = n + 1;
}

/**
 * The worker loads more of lockdemo's own code (the TypeScript compiler): until markReady(),
 * silence is not scenario code stuck (the supervisor bounds it as it bounds the worker's boot).
 */
export function markLoading(): void {
  if (view === undefined) return;
  view[Slot.Ready] = 0;
}

/** The worker's own modules are loaded: from now on, silence means scenario code is stuck. */
export function markReady(): void {
  if (view === undefined) return;
  view[Slot.Ready] = 1;
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the view spans every Slot
  view[Slot.Beat]!++;
}

export function stopRequested(): boolean {
  return view !== undefined && Atomics.load(view, Slot.Stop) === 1;
}

/**
 * A replay of the determinism sample about to start: which interleaving it runs again and what
 * the search recorded for it. A value cannot live in shared memory, so it goes to the supervisor
 * as a message, before the replay's scenario code runs (and so before it can loop).
 */
export interface ReplayNote {
  /** The replay's place in the sample's order, as Slot.Replaying holds it (less one). */
  position: number;
  /** The interleaving's replay string. */
  schedule: string;
  /** What the search recorded for it. */
  first: TrialValue;
}

let postNote: ((note: ReplayNote) => void) | undefined;

/** Called once in a supervised worker, with how a note reaches the supervisor. */
export function attachReplayNotes(post: (note: ReplayNote) => void): void {
  postNote = post;
}

/** A replay of the sample starts (the note), or the sample is over (undefined). */
export function replayStarting(note: ReplayNote | undefined): void {
  if (view === undefined) return;
  // The note goes first: once the slot is set, the replay may loop, and the note is then on its way.
  if (note !== undefined) postNote?.(note);
  view[Slot.Replaying] = note === undefined ? 0 : note.position + 1;
}
