import { taskLabel } from './scenario.js';
import type { TraceEvent } from './trace-event.js';

/** The story under a trace: the steps in words, or why the trial shows no steps. */
export function storyOf(trial: { events: readonly TraceEvent[]; waitCycle?: string | undefined; untraced?: string | undefined }): string {
  return trial.untraced ?? tellStory(trial.events, trial.waitCycle);
}

/**
 * A one-line account of a traced trial in words, derived only from the recorded reads, writes and
 * marks (never written per scenario): "task_A and task_C both read 0 before either wrote;
 * task_A's write of 1 overwrote task_C's 1: one update lost".
 */
export function tellStory(events: readonly TraceEvent[], waitCycle?: string): string {
  if (waitCycle !== undefined) {
    // One clause per blocked task: a lone waiter (its lock's holder has ended) is not "neither".
    const blocked = waitCycle.split('; ').length;
    return `deadlock: ${waitCycle}; ${blocked === 1 ? 'it cannot go on' : blocked === 2 ? 'neither can go on' : 'none can go on'}`;
  }
  const writes = events.filter((e) => e.kind === 'write');
  const paths = new Set(writes.map((e) => e.path));
  const named = paths.size > 1;
  const marked = events.map((e, i) => ({ e, i })).filter(({ e }) => e.lostCount !== undefined && e.lostCount > 0);
  if (marked.length > 0) {
    const total = marked.reduce((n, { e }) => n + (e.lostCount ?? 0), 0);
    return `${lostClauses(events, marked, named)}: ${total === 1 ? 'one update' : `${total} updates`} lost`;
  }
  const stale = events.map((e, i) => ({ e, i })).find(({ e }) => e.stale);
  if (stale !== undefined) return staleClause(events, stale.e, stale.i);
  // Only what the trace saw: writes made inside a class's own methods, or to anything outside
  // the state setup returned, are not recorded, so "nothing was lost" would be a guess.
  if (writes.length === 0)
    return 'the trace saw no write to the shared state (writes inside class methods, or outside the state, are not traced)';
  return 'every write was based on the latest value: no read went stale, no update was lost';
}

function lostClauses(events: readonly TraceEvent[], marked: Array<{ e: TraceEvent; i: number }>, named: boolean): string {
  const involved = marked.flatMap(({ e }) => [e, events[e.replaced ?? -1]]).filter((e): e is TraceEvent => e !== undefined);
  const bases = involved.map((w) => (w.basedOn !== undefined ? events[w.basedOn] : undefined));
  const clauses = marked.map(({ e }) => {
    const victim = events[e.replaced ?? -1];
    const whose = victim ? `${taskLabel(victim.task)}'s ${victim.value}` : 'the initial value';
    const extra = (e.lostCount ?? 1) > 1 ? ` (${e.lostCount} updates)` : '';
    return { e, overwrite: `${taskLabel(e.task)}'s write of ${e.value}${named ? ` to ${e.path}` : ''} overwrote ${whose}${extra}` };
  });
  const overwrites = clauses.map((c) => c.overwrite);
  // The classic shape: every task involved read the same value before any of them wrote.
  const first = bases[0];
  if (first !== undefined && bases.every((b) => b !== undefined && b.saw === first.saw && b.path === first.path)) {
    // In the order they read, as the trace shows them (A's read first in "A B C A B C").
    const readAt = (task: number): number =>
      Math.min(...involved.filter((w) => w.task === task).map((w) => w.basedOn ?? Number.MAX_SAFE_INTEGER));
    const tasks = [...new Set(involved.map((w) => w.task))].sort((x, y) => readAt(x) - readAt(y));
    const what = `${named ? `${first.path} → ` : ''}${first.value}`;
    const [a, b] = tasks;
    const who =
      tasks.length === 2 && a !== undefined && b !== undefined
        ? `${taskLabel(a)} and ${taskLabel(b)} both`
        : `${list(tasks.map(taskLabel))} all`;
    const before = tasks.length === 2 ? 'either' : 'any of them';
    return `${who} read ${what} before ${before} wrote; ${overwrites.join(', ')}`;
  }
  return clauses
    .map(({ e, overwrite }) => {
      const base = e.basedOn !== undefined ? events[e.basedOn] : undefined;
      const victim = events[e.replaced ?? -1];
      if (base === undefined || victim === undefined) return overwrite;
      return `${taskLabel(e.task)} read ${named ? `${base.path} → ` : ''}${base.value} before ${taskLabel(victim.task)} wrote ${victim.value}; ${overwrite}`;
    })
    .join('; ');
}

/** A check that went stale without destroying anything (a second push, a duplicate fetch). */
function staleClause(events: readonly TraceEvent[], read: TraceEvent, index: number): string {
  const later = events.slice(index + 1);
  const act = later.find((e) => e.kind === 'write' && e.task === read.task && e.path === read.path);
  const other = later.find(
    (e) =>
      e.kind === 'write' && e.task !== read.task && e.path === read.path && (act === undefined || events.indexOf(e) < events.indexOf(act)),
  );
  const what = read.text.replace(/^(read|check) /, '');
  const changed = other ? `${taskLabel(other.task)} changed ${other.path}` : `${read.path} changed`;
  const stale = events.filter((e) => e.stale).length;
  const more = stale > 1 ? ` (${stale} reads went stale)` : '';
  return `${taskLabel(read.task)} read ${what}, then ${changed}; ${taskLabel(read.task)} acted on the stale value${more}`;
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
