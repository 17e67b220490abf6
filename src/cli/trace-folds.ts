import type { TraceEvent } from '../core/trace-event.js';
import { formatCount } from './numbers.js';

/**
 * A trace's rows with its runs of repeated steps folded: a task that polls until --max-steps
 * ends the trial (`while (!done) await t.yield()`) would otherwise print the same two lines ten
 * thousand times, and two tasks that poll each other, the same four. A step is all the rows of
 * one scheduling step; it repeats another when its rows read exactly alike (same tasks, same
 * words, same marks). Where a step, or a cycle of up to {@link MAX_PERIOD} steps, is repeated
 * more than {@link FOLD_AFTER} times in a row, it is shown once and a single row says which
 * steps repeat it. Nothing else is left out: any step that differs in a word is shown as it is.
 */
export type TraceRow = { event: TraceEvent } | { repeat: Repeat };

/** Steps `first`–`last` repeat steps `from`–`to` (one step when they are equal), `times` times over. */
export interface Repeat {
  /** The column the row goes in: the leftmost task of the repeated steps. */
  task: number;
  from: number;
  to: number;
  first: number;
  last: number;
  times: number;
}

/** Up to this many repeats of a step are shown as they are: a short spin reads best in full. */
export const FOLD_AFTER = 3;

/** The longest cycle of steps looked for (tasks that poll one another in turn). */
export const MAX_PERIOD = 8;

/** `textOf` gives a row's words as shown, marks included: two steps are the same when all of theirs are. */
export function foldRepeatedSteps(events: readonly TraceEvent[], textOf: (e: TraceEvent) => string): TraceRow[] {
  // A step's rows are those of one scheduling step, whichever task wrote them; the scheduler's
  // own rows (a deadlock, a step limit) are each a group of their own, which nothing repeats.
  const groups: TraceEvent[][] = [];
  for (const e of events) {
    const group = groups.at(-1);
    const head = group?.[0];
    if (group !== undefined && head !== undefined && e.task >= 0 && head.task >= 0 && head.step === e.step) group.push(e);
    else groups.push([e]);
  }
  const keys = groups.map((g) => (g.every((e) => e.task >= 0) ? g.map((e) => `${e.task}\u0000${textOf(e)}`).join('\u0001') : undefined));
  const stepOf = (k: number): number => groups[k]?.[0]?.step ?? -1;
  // Group k repeats group k - p, one step after the group before it.
  const repeats = (k: number, p: number): boolean => keys[k] !== undefined && keys[k] === keys[k - p] && stepOf(k) === stepOf(k - 1) + 1;
  const rows: TraceRow[] = [];
  for (let i = 0; i < groups.length;) {
    let fold: { p: number; times: number } | undefined;
    for (let p = 1; p <= MAX_PERIOD && fold === undefined; p++) {
      let run = 0;
      while (i + p + run < groups.length && repeats(i + p + run, p)) run++;
      const times = Math.floor(run / p);
      if (times > FOLD_AFTER) fold = { p, times };
    }
    if (fold === undefined) {
      for (const event of groups[i] ?? []) rows.push({ event });
      i++;
      continue;
    }
    const shown = groups.slice(i, i + fold.p).flat();
    for (const event of shown) rows.push({ event });
    rows.push({
      repeat: {
        task: Math.min(...shown.map((e) => e.task)),
        from: stepOf(i),
        to: stepOf(i + fold.p - 1),
        first: stepOf(i + fold.p),
        last: stepOf(i + fold.p + fold.times * fold.p - 1),
        times: fold.times,
      },
    });
    i += fold.p + fold.times * fold.p;
  }
  return rows;
}

/** The words of a fold's row: `⋮ steps 3–10000 each repeat step 2 (9,998 times)`. */
export function repeatText(r: Repeat): string {
  if (r.from === r.to) return `⋮ steps ${r.first}–${r.last} each repeat step ${r.from} (${formatCount(r.times)} times)`;
  return `⋮ steps ${r.first}–${r.last} repeat steps ${r.from}–${r.to}, ${formatCount(r.times)} times over`;
}
