/**
 * The shapes that the smallest-race search, coverage and lock ablation add to a variant's
 * report. Kept apart from run-scenario.ts so that the report can name them without importing
 * the modules that compute them (those modules call runScenario themselves).
 */
import type { Nondeterminism } from './replay-sample.js';
import type { RunnerKind, TrialValue } from './runner-outcomes.js';

/**
 * The interleaving with the fewest preemptions that reaches a variant's race (or forbidden
 * outcome), found by exhaustive search with the preemption bound raised 0, 1, 2, ...
 */
export type MinimalRace = (
  | {
      found: true;
      /** The fewest preemptions any interleaving needs to reach it. */
      preemptions: number;
      /** Its replay string. */
      schedule: string;
      value: TrialValue;
      /** When `value` is one of the runner's own outcomes: its kind (set in reports, see tagRunnerValues). */
      runner?: RunnerKind;
      /** What was looked for: a race (any race or forbidden outcome) or a forbidden outcome. */
      target: 'race' | 'forbidden';
      /** Interleavings explored over all bounds. */
      interleavings: number;
      /**
       * The least PCT depth whose trials can give exactly this interleaving, at its task count
       * (pct-depth.ts, an exact search); absent where the search did not fit its budget, or
       * `setup` reads its trial index. Not the preemptions plus one: a wake-up can force a
       * switch PCT needs a change point for, and preempt without one.
       */
      pctDepth?: number;
      /**
       * With pctDepth 2 or more: the least k (PCT's step count, which a run measures with its
       * pilot trials) with which that depth gives the interleaving, the step of its last change
       * point. A pct run whose pilot measured a smaller k never gives it at that depth.
       */
      pctSteps?: number;
      /**
       * No PCT depth from 1 to this gives the interleaving (the search tried every trial of each;
       * a greater depth would have cost more than its budget): PCT's priorities cannot make that
       * order at those depths, whatever the seed.
       */
      pctDepthNone?: number;
    }
  | {
      found: false;
      target: 'race' | 'forbidden';
      /** Every interleaving with at most this many preemptions was explored (-1: not even 0). */
      provenUpTo: number;
      interleavings: number;
      /**
       * Why the search stopped: its budget ran out, the run was interrupted, or every
       * interleaving was explored without reaching it (the scenario is not deterministic).
       */
      reason: 'budget' | 'interrupted' | 'not-reproduced';
    }
) & {
  /** `setup` read its trial index: the search covered trial 1's program only. */
  setupReadsTrial?: true;
  /** The program drew from Math.random: the search covered trial 1's numbers only (VariantReport.drewRandom). */
  drewRandom?: true;
  /** A task had several strands ready at once: the search did not explore their orders. */
  strandOrdersUnexplored?: true;
  /** Some interleavings were cut at `--max-steps`: "none with fewer" holds up to that bound only. */
  maxStepsCut?: true;
  /**
   * The search found the scenario not deterministic (see VariantReport.nondeterministic): no
   * figure, and the variant fails with this finding, as it does when its own search finds one.
   */
  nondeterministic?: Nondeterminism;
};

/** How many distinct interleavings random or pct trials reached. */
export interface Coverage {
  trials: number;
  /** Distinct interleavings (pick sequences) seen; an estimate when `sampled` is true. */
  distinct: number;
  /** Interleavings seen exactly once (f1), the basis of the Good–Turing estimate. */
  singletons: number;
  /**
   * Good–Turing's estimate of the probability that the next trial takes an interleaving not
   * seen yet: f1 / trials. An estimate, not a bound.
   */
  unseenMass: number;
  /**
   * True when more distinct interleavings were seen than the memory cap: the figures then come
   * from a hash-based sample of 1 in `sampleRate` interleavings, scaled up (an estimate).
   */
  sampled: boolean;
  sampleRate: number;
  /** The number of interleavings there are, when exhaustive search could count them. */
  total?: number;
  /** distinct / total, when the total is known. */
  share?: number;
}

/** One lock of a passing variant, removed and the proof re-run. */
export interface LockAblation {
  /** `t.lock`, or the name given to `t.lockNamed(name)`. */
  lock: string;
  necessary: boolean;
  /** Without the lock: the forbidden outcome that appears, with its smallest replay. */
  without?: { value: TrialValue; description: string; schedule: string; preemptions: number };
  /** The search that decided it: every interleaving, or every one up to a preemption bound. */
  complete: boolean;
  /** When not complete: every interleaving with at most this many preemptions was explored. */
  provenUpTo?: number;
  /** `setup` read its trial index: the search covered trial 1's program only. */
  setupReadsTrial?: true;
  /** The program drew from Math.random: the search covered trial 1's numbers only (VariantReport.drewRandom). */
  drewRandom?: true;
  /** A task had several strands ready at once: the search did not explore their orders. */
  strandOrdersUnexplored?: true;
  /** Some interleavings were cut at `--max-steps`: "all pass" holds up to that bound only. */
  maxStepsCut?: true;
  /** The search without it found the scenario not deterministic: it decides nothing. */
  nondeterministic?: true;
  /** Interleavings explored, counting each preemption bound's re-run of the smaller ones. */
  interleavings: number;
  /** When complete: how many interleavings the variant has without the lock. */
  total?: number;
}

/** The ablation of one variant: each lock it uses, removed in turn. */
export interface VariantAblation {
  variant: string;
  locks: LockAblation[];
  /**
   * With two locks or more, none necessary alone: all of them removed at once (its `lock` names
   * them all). Locks that guard the same steps are each unneeded beside the others, and yet
   * some lock is needed: then this one is necessary.
   */
  together?: LockAblation;
}

/** What the optional analyses add to a variant's report (see RunOptions.extendVariant). */
export interface VariantExtras {
  minimal?: MinimalRace;
  coverage?: Coverage;
  ablation?: VariantAblation;
  /** A stop (Ctrl-C) came before or during them: they are left out (see VariantReport.extrasStopped). */
  extrasStopped?: true;
  /**
   * One of their re-runs did not come back within --timeout (a lock removed by --ablate, and a
   * task then loops): they are left out, and the report says so.
   */
  extrasHung?: true;
}
