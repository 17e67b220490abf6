/**
 * The least PCT depth that gives one recorded interleaving, by exact search. A preemption count
 * bounds PCT's depth in neither direction: PCT's priorities force a switch where a woken
 * higher-priority task is ready (a switch no preemption count sees), and a wake-up preempts
 * without a change point. So instead of a formula, every trial PCT could draw is tried against
 * the interleaving, by the PctPicker itself (its rules, not a copy of them), fed scripted
 * draws.
 */
import { Sfc32 } from './prng.js';
import { PctPicker } from './schedules/pct.js';
import { OBSERVE } from './schedules/strategy.js';

/** One pick of a recorded trial, as a picker saw it (see Picker.pick). */
export interface WitnessPick {
  /** The ready tasks, in the order the engine offered them (OBSERVE last, when offered). */
  ready: readonly number[];
  previous: number;
  /** The index into `ready` the trial picked. */
  index: number;
}

/** PCT trials (priority orders × change-point placements) one search may try, over all depths. */
export const PCT_DEPTH_BUDGET = 200_000;

/** A random source that returns scripted values: the draws of one PCT trial, chosen in turn. */
class Scripted extends Sfc32 {
  private at = 0;
  private values: readonly number[] = [];
  constructor() {
    super(0, 0, 0);
  }
  /** The next trial's draws. */
  script(values: readonly number[]): void {
    this.values = values;
    this.at = 0;
  }
  override below(n: number): number {
    const v = this.values[this.at++] ?? 0;
    if (v >= n) throw new Error(`scripted draw ${v} is not below ${n}`);
    return v;
  }
}

/** Tries PCT trials against the picks: one picker, fed each trial's draws in turn. */
class Trier {
  private readonly rng = new Scripted();
  private readonly picker: PctPicker;
  constructor(
    private readonly picks: readonly WitnessPick[],
    tasks: number,
    depth: number,
    k: number,
  ) {
    this.picker = new PctPicker(this.rng, tasks, depth, k);
  }
  /** Does PCT, with these draws, pick exactly as the trial did? */
  gives(values: readonly number[]): boolean {
    this.rng.script(values);
    this.picker.startTrial();
    return this.picks.every((p) => this.picker.pick(p.ready, p.ready.length, p.previous) === p.index);
  }
}

/**
 * The draws of one PCT trial, in the order PctPicker.startTrial makes them: a Fisher–Yates
 * shuffle (below(n), below(n−1), …, below(2): each of the n! orders once) and then d−1 change
 * points (below(k) each).
 */
function radices(tasks: number, depth: number, k: number): number[] {
  const r: number[] = [];
  for (let i = tasks - 1; i > 0; i--) r.push(i + 1);
  for (let j = 1; j < depth; j++) r.push(Math.max(1, k));
  return r;
}

/** Every trial PCT can draw at this depth and k, each once (all equally likely); stops when `visit` returns true. */
function everyTrial(tasks: number, depth: number, k: number, visit: (values: readonly number[]) => boolean): void {
  const r = radices(tasks, depth, k);
  const values = r.map(() => 0);
  for (;;) {
    if (visit(values)) return;
    let i = values.length - 1;
    // An odometer over the mixed radices.
    while (i >= 0 && (values[i] ?? 0) + 1 >= (r[i] ?? 1)) values[i--] = 0;
    if (i < 0) return;
    values[i] = (values[i] ?? 0) + 1;
  }
}

/** How many trials PCT can draw at this depth: n!·k^(d−1). */
export function pctTrialCount(tasks: number, depth: number, k: number): number {
  return radices(tasks, depth, k).reduce((a, b) => a * b, 1);
}

/** The least PCT depth that gives an interleaving, and the least k with which that depth does. */
export interface PctDepth {
  depth: number;
  /**
   * The least k (PCT's step count, which a run measures with its pilot trials) with which some
   * trial at `depth` gives the interleaving: the step of its last change point (1 at depth 1,
   * which has none). A run whose k is smaller draws its change points before that step, and
   * never gives it at this depth.
   */
  steps: number;
}

/** No depth from 1 to `upTo` gives the interleaving: a greater one would have cost more than the budget (or `maxDepth`). */
export interface NoPctDepth {
  noneUpTo: number;
}

/**
 * The least depth at which a PCT trial can give exactly these picks, with its change points
 * anywhere among them (k = their number), and the least k that depth needs; else how far the
 * search went without one (no depth up to `maxDepth` does, or the next depth would try more than
 * `budget` trials), or undefined when even depth 1 would.
 * A change point after the last pick changes none of them, and one at the first pick drops no
 * task (none ran before it), so a greater k gives nothing that this search misses at a lower
 * depth, and a smaller one draws a subset of its trials: no k gives it below this depth.
 */
export function leastPctDepth(
  picks: readonly WitnessPick[],
  tasks: number,
  maxDepth: number,
  budget = PCT_DEPTH_BUDGET,
): PctDepth | NoPctDepth | undefined {
  const k = Math.max(1, picks.filter((p) => p.ready[p.ready.length - 1] !== OBSERVE).length);
  let spent = 0;
  for (let depth = 1; depth <= maxDepth; depth++) {
    spent += pctTrialCount(tasks, depth, k);
    if (spent > budget) return depth > 1 ? { noneUpTo: depth - 1 } : undefined;
    const trier = new Trier(picks, tasks, depth, k);
    // Every trial of this depth: the least k is that of the giving trial whose last change point comes first.
    let steps = Infinity;
    everyTrial(tasks, depth, k, (values) => {
      if (trier.gives(values)) steps = Math.min(steps, lastChangePoint(values, tasks));
      return steps === 1;
    });
    if (steps !== Infinity) return { depth, steps };
  }
  return { noneUpTo: maxDepth };
}

/** The step of a trial's last change point (the draws after the tasks' shuffle), 1 when it has none. */
function lastChangePoint(values: readonly number[], tasks: number): number {
  let last = 1;
  for (let i = tasks - 1; i < values.length; i++) last = Math.max(last, 1 + (values[i] ?? 0));
  return last;
}

/**
 * Of the n!·k^(d−1) equally likely trials of PCT at this depth and k, how many give exactly
 * these picks: their share is the probability that one trial does. For tests and small cases
 * (it tries every trial).
 */
export function pctTrialsGiving(picks: readonly WitnessPick[], tasks: number, depth: number, k: number): number {
  const trier = new Trier(picks, tasks, depth, k);
  let n = 0;
  everyTrial(tasks, depth, k, (values) => {
    if (trier.gives(values)) n++;
    return false;
  });
  return n;
}
