/**
 * `Math.random` for scenario code, seeded per trial, so that a program that draws from it (a
 * request that is slow one time in a hundred) replays: the reproduce line, `--jobs`, a replay of
 * one trial and exhaustive search's determinism sample all see the same numbers for the same
 * trial. Each trial's stream is derived from (the run's seed, the variant, the trial's index as
 * `setup` sees it): exhaustive search runs every interleaving as trial 0, so every interleaving
 * of a search sees the same stream, and the program stays one program. Outside trials (a
 * module's top-level code, `open`) the stream is a fixed one.
 *
 * The CLI's worker, a thread lockdemo owns, installs it for good before any scenario code
 * loads; in the library it is in place from the moment lockdemo loads, and seeds only while a run
 * holds it (withSeededRandom), returning the built-in's numbers otherwise. The generator's state
 * lives in this module's scope: scenario code gets a
 * plain function that returns doubles in [0, 1) with 53 random bits, as V8's does, and through
 * it reaches nothing that reseeds it (code that imports this file by its path can reseed only
 * the numbers it draws itself, which it may replace anyway: nothing lockdemo counts or grades
 * reads them). A scenario may still replace Math.random with its own.
 *
 * Only Math.random: crypto.getRandomValues, crypto.randomUUID and real time stay unseeded.
 */
import { hashString, mix32, Sfc32 } from './prng.js';

/** Which streams a plan's trials draw from: the run's seed and the variant, hashed once. */
export interface RandomKey {
  readonly lo: number;
  readonly hi: number;
  readonly variant: number;
}

/** The trial index of the stream outside trials (top-level code, `open`): no trial has it. */
const OUTSIDE = -1;

/**
 * The key of a variant's trials under a seeded schedule (`random`, `pct`, `timers`). The others
 * print no seed in their reproduce and replay lines, and neither do the searches of the extras
 * (the smallest race, the serial orders, `--ablate`): their plans have no key, and draw from
 * one fixed set of streams (seed 0, no variant), so that a line without a seed repeats them.
 */
export function randomKey(seed: number, variant: string): RandomKey {
  // Labelled apart from the picker's streams (prng.ts streamFor), or the scenario's numbers
  // would be the very ones that chose its interleaving.
  return { lo: seed >>> 0, hi: Math.floor(seed / 4294967296) >>> 0, variant: hashString(`Math.random ${variant}`) };
}

/** The key of plans without one (see randomKey). */
const NO_KEY = randomKey(0, '');

/**
 * One trial's stream: the key and index it is derived from, and its generator once it has drawn.
 * The reseed is lazy: a trial only records its key and index (two stores), and the stream is
 * computed at its first draw, so a scenario that never draws pays nothing more.
 *
 * A controlled trial has two of its own. One is current whenever its engine runs its code (its
 * setup, each step, its observe), so what those draw is the trial's alone, whatever else runs in
 * the process: library runs that overlap, a timer of the caller's. The other (`salt` 1) is
 * current between its steps, for what runs outside them: an I/O operation's code after its first
 * await, and anything else of the process. A trial's own numbers then repeat in a run, a replay of
 * it and any --jobs; only what its I/O draws beside another run in flight may be another's.
 */
export class TrialStream {
  key: RandomKey = NO_KEY;
  index = OUTSIDE;
  fresh = true;
  /** Whether code drew from it since it was reseeded: the trial's own record, which no other run clears. */
  drew = false;
  readonly rng = new Sfc32(0, 0, 0, 0);
  constructor(readonly salt = 0) {}
}

/** The stream of code outside controlled trials (top-level code, `open`, the uncontrolled schedules). */
const shared = new TrialStream();
/** The stream scenario code draws from now. */
let active = shared;
/** Whether scenario code drew since the last takeRandomDrawn (see VariantReport.drawsRandom). */
let drawn = false;

/** Whether scenario code drew from the seeded Math.random since the last call; starts over. */
export function takeRandomDrawn(): boolean {
  const was = drawn;
  drawn = false;
  return was;
}

function reseedNow(stream: TrialStream): void {
  const { key, index: trial } = stream;
  const high = Math.floor(trial / 4294967296) | 0;
  stream.fresh = false;
  stream.rng.reseed(
    mix32(key.lo ^ 0x9e3779b9),
    mix32((key.hi + key.variant + high) | 0),
    mix32(key.variant ^ Math.imul((trial + 1) | 0, 0x27d4eb2f)),
    mix32((trial | 0) ^ key.lo ^ Math.imul(stream.salt, 0x85ebca6b)),
  );
}

// A method, not a function expression: like the built-in, it has no prototype and is not a
// constructor; its name is `random` and its length 0.
const seeded = {
  random(this: void): number {
    // No run holds it (the library, between runs): the built-in's numbers, as if it were not here.
    if (users === 0 && !permanent) return original();
    drawn = true;
    const stream = active;
    stream.drew = true;
    if (stream.fresh) reseedNow(stream);
    const rng = stream.rng;
    // 27 + 26 bits, as V8 builds a double from its xorshift128+.
    return ((rng.u32() >>> 5) * 67108864 + (rng.u32() >>> 6)) / 9007199254740992;
  },
}.random;

/**
 * Starts the stream of the trial at `index` (its index as `setup` sees it) of the plan with `key`,
 * in `stream` (a controlled trial's own; the shared one by default), and makes it active;
 * `between`, the stream of what runs between the trial's steps, starts with it.
 */
export function reseedTrialRandom(key: RandomKey | undefined, index: number, stream: TrialStream = shared, between?: TrialStream): void {
  restart(stream, key ?? NO_KEY, index);
  if (between !== undefined) restart(between, key ?? NO_KEY, index);
  active = stream;
}

function restart(stream: TrialStream, key: RandomKey, index: number): void {
  stream.key = key;
  stream.index = index;
  stream.fresh = true;
  stream.drew = false;
}

/** Makes a trial's stream the one scenario code draws from (its engine is about to run its code). */
export function useTrialStream(stream: TrialStream): void {
  active = stream;
}

/** Starts the fixed stream of code outside trials (a module's top level, `open`). */
export function reseedOutsideTrials(): void {
  reseedTrialRandom(NO_KEY, OUTSIDE);
}

/** Puts the seeded Math.random in place for good (the CLI's worker, the library's --jobs workers). */
export function installSeededRandom(): void {
  permanent = true;
  install();
}

function install(): void {
  reseedOutsideTrials();
  Math.random = seeded;
}

/**
 * Math.random as it was when lockdemo loaded. The library seeds only that one: a Math.random
 * the caller (or the scenario's module) put in place since is theirs, a seeded one of their own,
 * and a run keeps it, as the CLI's worker keeps one a module puts in place at import.
 */
const original = Math.random;
/** Installed for good (a worker lockdemo owns): withSeededRandom has nothing to do. */
let permanent = false;
let users = 0;
let saved: (() => number) | undefined;

// In place from the moment lockdemo loads, where Math.random is still the built-in: a module
// that takes a reference to it after importing lockdemo (`const { random } = Math`, a jitter
// helper) then draws seeded numbers inside runs, which a search sees it draw, rather than the
// built-in's behind the search's back (an exhaustive "proof" of a program whose race needs a
// rare number). Outside runs it returns the built-in's numbers. A reference taken before
// lockdemo loaded stays the built-in: import lockdemo first (README, "Randomness").
try {
  if (Math.random === original) Math.random = seeded;
} catch {
  // A frozen Math: the run draws the caller's numbers (holdSeededRandom).
}

/**
 * A Math.random of someone else's (the caller's seeded one, a spy, a scenario's own generator),
 * kept but watched: the last one found, never cleared, so that a wrapper that outlives its run
 * (captured during it, put back after) still gives its numbers.
 */
let foreign: (() => number) | undefined;
/** True while the wrapper calls `foreign`: a chain of wrappers that leads back to it (two copies of lockdemo) ends at the built-in. */
let forwarding = false;
const watched = {
  random(this: void): number {
    // Its numbers, but inside a run a search sees that the program drew: it is then no proof.
    if (users > 0 || permanent) {
      drawn = true;
      active.drew = true;
    }
    const own = foreign;
    if (own === undefined || own === watched || forwarding) return original();
    forwarding = true;
    try {
      return own();
    } finally {
      forwarding = false;
    }
  },
}.random;

/**
 * Where runs hold the seeded Math.random (a run of the library, or the CLI's worker for good), a
 * Math.random put in place since (a scenario's own generator, at import or in `setup`) is watched
 * from now on; true when there was one, whose draws so far went unseen (the caller then counts its
 * trials as drawn). Called as each batch of controlled trials ends: two comparisons, where nothing changed.
 */
export function watchForeignRandom(): boolean {
  if (users === 0 && !permanent) return false;
  const now = Math.random;
  if (now === seeded || now === watched) return false;
  try {
    foreign = now;
    Math.random = watched;
  } catch {
    // A frozen Math: nothing can be watched; its draws count as unseen.
  }
  return true;
}

/**
 * Puts the seeded Math.random in place for a run of the library; the function returned puts the
 * caller's back once the last run in flight has released it (runs may overlap in one process),
 * unless something else replaced it meanwhile, which is then left as it is. A Math.random that
 * is neither the built-in one (see `original`) nor lockdemo's (in place since it loaded) is the
 * caller's: the run draws its numbers, through a wrapper that records that the program drew (a
 * search of a program that draws numbers lockdemo did not seed is no proof). A Math that cannot
 * be changed (frozen) is left as it is, and its draws go unseen.
 */
export function holdSeededRandom(): () => void {
  if (permanent) return () => {};
  if (users++ === 0) {
    try {
      // Lockdemo's own (seeded), or its wrapper left in place by a caller who put it back: ours.
      if (Math.random === seeded || Math.random === watched) reseedOutsideTrials();
      else if (Math.random === original) {
        saved = Math.random;
        install();
      } else {
        foreign = Math.random;
        reseedOutsideTrials();
        Math.random = watched;
      }
    } catch {
      // A frozen Math: nothing to seed or watch, nothing to put back.
      saved = undefined;
    }
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--users > 0) return;
    if (Math.random === seeded && saved !== undefined) Math.random = saved;
    if (Math.random === watched && foreign !== undefined) Math.random = foreign;
    saved = undefined;
  };
}

/** Runs `body` with the seeded Math.random in place (see holdSeededRandom). */
export async function withSeededRandom<T>(body: () => Promise<T>): Promise<T> {
  const release = holdSeededRandom();
  try {
    return await body();
  } finally {
    release();
  }
}

/** Whether Math.random is lockdemo's seeded one now (tests). */
export function seededRandomInstalled(): boolean {
  return Math.random === seeded;
}
