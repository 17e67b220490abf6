import type { TraceEvent } from '../core/trace-event.js';
import { formatCount } from './numbers.js';

/**
 * A trace's rows with its runs of identical steps folded: a task that polls until --max-steps
 * ends the trial (`while (!done) await t.yield()`) would otherwise print the same two lines ten
 * thousand times. A step whose rows read exactly as the step before it (same task, same words,
 * same marks) repeats it; where more than {@link FOLD_AFTER} steps repeat one step, that step is
 * shown once and a single row says which steps repeat it. Nothing else is left out: any step
 * that differs in a word is shown as it is.
 */
export type TraceRow = { event: TraceEvent } | { repeat: { task: number; sameAs: number; first: number; last: number } };

/** Up to this many repeats of a step are shown as they are: a short spin reads best in full. */
export const FOLD_AFTER = 3;

/** `textOf` gives a row's words as shown, marks included: two steps are the same when all of theirs are. */
export function foldRepeatedSteps(events: readonly TraceEvent[], textOf: (e: TraceEvent) => string): TraceRow[] {
  // A step's rows are those of one task in a row with the same step; the scheduler's own rows
  // (a deadlock, a step limit) are each a group of their own, which nothing repeats.
  const groups: TraceEvent[][] = [];
  for (const e of events) {
    const group = groups.at(-1);
    const head = group?.[0];
    if (group !== undefined && head !== undefined && e.task >= 0 && head.task === e.task && head.step === e.step) group.push(e);
    else groups.push([e]);
  }
  const keys = groups.map((g) => (g[0] !== undefined && g[0].task >= 0 ? `${g[0].task}\n${g.map(textOf).join('\n')}` : undefined));
  const rows: TraceRow[] = [];
  for (let i = 0; i < groups.length;) {
    const group = groups[i] ?? [];
    let j = i;
    while (keys[i] !== undefined && keys[j + 1] === keys[i] && (groups[j + 1]?.[0]?.step ?? 0) === (groups[j]?.[0]?.step ?? 0) + 1) j++;
    for (const event of group) rows.push({ event });
    const head = group[0];
    const after = groups[i + 1]?.[0];
    const last = groups[j]?.[0];
    if (j - i > FOLD_AFTER && head !== undefined && after !== undefined && last !== undefined) {
      rows.push({ repeat: { task: head.task, sameAs: head.step, first: after.step, last: last.step } });
      i = j + 1;
    } else i++;
  }
  return rows;
}

/** The words of a fold's row: `steps 3–10000 repeat step 2 (9,998 times)`. */
export function repeatText(r: { sameAs: number; first: number; last: number }): string {
  return `⋮ steps ${r.first}–${r.last} each repeat step ${r.sameAs} (${formatCount(r.last - r.first + 1)} times)`;
}
