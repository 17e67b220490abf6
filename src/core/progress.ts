/** Where a run stands, as its progress callback sees it after every batch of trials. */
export interface Progress {
  variant: string;
  /** Trials done in this variant. */
  done: number;
  /** Trials done over all variants so far. */
  doneAll: number;
  /** A run of a number of trials: those planned in this variant (for `exhaustive`: the bound), and in all. */
  total?: number;
  totalAll?: number;
  /** A timed run: how long this variant has run and is to run, and how many variants come after it. */
  timed?: { elapsedMs: number; durationMs: number; variantsAfter: number };
}

/** What a run's progress depends on: its plan, and the variant under way. */
interface Plan {
  trials: number;
  durationMs?: number | undefined;
  names: readonly string[];
}

/**
 * The progress of variant `index` after `done` of its trials, begun at `startedMs`
 * (performance.now()): a timed run reports time, a counted one its totals, never a fake total.
 */
export function progressOf(r: Plan, index: number, done: number, doneBefore: number, startedMs: number): Progress {
  const variant = r.names[index] ?? '';
  const doneAll = doneBefore + done;
  if (r.durationMs !== undefined) {
    const elapsedMs = performance.now() - startedMs;
    return { variant, done, doneAll, timed: { elapsedMs, durationMs: r.durationMs, variantsAfter: r.names.length - index - 1 } };
  }
  return { variant, done, doneAll, total: r.trials, totalAll: r.names.length * r.trials };
}
