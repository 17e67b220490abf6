import type { Picker } from './schedules/strategy.js';
import { AsyncioPicker } from './schedules/asyncio.js';
import type { Explorer } from './schedules/exhaustive.js';
import { PctPicker } from './schedules/pct.js';
import { RandomPicker } from './schedules/random.js';
import { streamFor } from './prng.js';
import { CHUNK_TRIALS } from './limits.js';
import type { PctInfo } from './run-report.js';

/**
 * Where a controlled schedule's trials get their picker, one source per schedule: seeded in
 * chunks of CHUNK_TRIALS (see limits.ts), so that any chunk can run anywhere and draw the same.
 */

/** Where a controlled schedule's trials get their picker; undefined means no trial is left. */
export interface TrialSource {
  next(index: number): Picker | undefined;
  ended(): void;
  /**
   * The `trial` index `setup` sees for the trial at `index`. Exhaustive search explores the
   * interleavings of one program, so every interleaving is trial 0 (a setup that varies with
   * its index would otherwise make each interleaving a different program); sampled schedules
   * pass the trial's own index.
   */
  trialIndex?: (index: number) => number;
  /** Called when `setup` reads the index it was given (exhaustive's 0, or asyncio's own). */
  trialIndexRead?: () => void;
  /**
   * random and pct: whether a task had strands ready at once in a trial of this source (their
   * other orders were never picked: see VariantReport.strandOrdersUnexplored).
   */
  strandOrdersUnexplored?: () => boolean;
}

/** `asyncio`: the same deterministic loop for every trial; a setup that reads its index is noticed. */
export function asyncioSource(picker = new AsyncioPicker()): TrialSource {
  return {
    next: () => picker,
    ended() {},
    trialIndexRead: () => {
      picker.setupReadsTrial = true;
    },
  };
}

/** The picker source of a seeded controlled schedule. */
export function sourceFor(schedule: 'random' | 'pct', seed: number, variant: string, tasks: number, pct: PctInfo | undefined): TrialSource {
  if (schedule === 'random') return randomSource(seed, variant);
  if (pct === undefined) throw new Error('the pct schedule needs its depth and steps (PctInfo)');
  return pctSource(seed, variant, tasks, pct.depth, pct.steps);
}

export function randomSource(seed: number, variant: string): TrialSource {
  const picker = new RandomPicker(streamFor(seed, variant, 0));
  return {
    next(index) {
      if (index % CHUNK_TRIALS === 0) picker.rng = streamFor(seed, variant, index / CHUNK_TRIALS);
      return picker;
    },
    ended() {},
    strandOrdersUnexplored: () => picker.strandOrdersUnexplored,
  };
}

export function pctSource(seed: number, variant: string, tasks: number, depth: number, steps: number): TrialSource {
  const picker = new PctPicker(streamFor(seed, `pct ${variant}`, 0), tasks, depth, steps);
  return {
    next(index) {
      if (index % CHUNK_TRIALS === 0) picker.rng = streamFor(seed, `pct ${variant}`, index / CHUNK_TRIALS);
      picker.startTrial();
      return picker;
    },
    ended() {},
    strandOrdersUnexplored: () => picker.strandOrdersUnexplored,
  };
}

export function exhaustiveSource(explorer: Explorer): TrialSource {
  return {
    trialIndex: () => 0,
    trialIndexRead: () => {
      explorer.setupReadsTrial = true;
    },
    next() {
      if (explorer.exhausted) return undefined;
      explorer.startTrial();
      return explorer;
    },
    ended() {
      explorer.endTrial();
    },
  };
}
