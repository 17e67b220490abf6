import { displayValue, quoteValue, type TrialValue } from '../core/runner-outcomes.js';
import type { VariantReport } from '../core/run-scenario.js';
import type { Colors } from './colors.js';

/**
 * The lines under a variant's histogram that keep a learner from misreading it: an exhaustive
 * count is not a probability, a deterministic schedule samples nothing, declared outcomes that
 * never happened are folded into one line, and a replay string is explained once. The numbers
 * are formatted by the caller's formatters (render.ts), so this module imports no renderer.
 */
export interface Formatters {
  count(n: number): string;
  percent(p: number): string;
}

/** What the caller knows about the run beyond the variant's report. */
export interface NotesView {
  /**
   * The schedule is deterministic for this scenario (`asyncio`): every trial runs the same way,
   * so there is nothing to estimate. `onlyPureCode`: it is so only for code without real timers
   * or I/O (`event-loop`, whose `t.sleep(ms)` is a real timer), which lockdemo cannot see.
   */
  deterministic?: { schedule: string; onlyPureCode?: boolean };
  /** Show declared outcomes that never occurred as rows (`--all-outcomes`). */
  allOutcomes?: boolean;
}

/** Under the first replay string of a run: what the letters are. */
export const REPLAY_LEGEND = 'the replay string is the task picked at each scheduling step';

/**
 * The race line of an exhaustive or deterministic run, and the lines that go after the
 * variant's other notes; undefined for a sampled run, whose line has a confidence interval.
 */
export function frequencyNotes(c: Colors, v: VariantReport, f: Formatters, view: NotesView): { line: string; after: string[] } | undefined {
  if (v.interleavings !== undefined) {
    const count = `${f.count(v.raceCount)} of ${f.count(v.trials)} ${v.trials === 1 ? 'interleaving' : 'interleavings'}`;
    // The share of interleavings is not the chance that a run races: say so, with the chance.
    const odds =
      v.randomOdds !== undefined
        ? `interleavings are not equally likely: a random trial races with probability ${f.percent(v.randomOdds.race)}`
        : 'interleavings are not equally likely: this count is not the chance that a run races';
    // With no race or only races, every interleaving tells the same story: no caveat needed.
    const mixed = v.raceCount > 0 && v.raceCount < v.trials;
    return { line: `  races in ${count}`, after: mixed ? [c.dim(`  ${odds}`)] : [] };
  }
  if (view.deterministic !== undefined && v.trials > 0 && seenValues(v) === 1) {
    const what = v.raceCount > 0 ? 'race in every trial' : 'no race';
    const trials = v.trials === 1 ? 'the 1 trial' : `all ${f.count(v.trials)} trials`;
    const { schedule, onlyPureCode } = view.deterministic;
    if (onlyPureCode === true) {
      // One result in every trial is a fact; that the trials ran the same way is not, with real timers.
      const gave = v.trials === 1 ? 'the 1 trial' : `all ${f.count(v.trials)} trials gave one result`;
      return { line: `  ${what}: ${gave}`, after: [c.dim(`  ${schedule} runs code without real timers or I/O the same way every trial`)] };
    }
    return { line: `  ${what}: ${schedule} is deterministic, so ${trials} ran the same way`, after: [] };
  }
  return undefined;
}

/** The rows to draw: every outcome that occurred, and the unseen ones only when asked. */
export function visibleOutcomes<T extends { count: number }>(rows: readonly T[], view: NotesView): T[] {
  return view.allOutcomes === true ? [...rows] : rows.filter((row) => row.count > 0);
}

/**
 * One line for the declared outcomes that never occurred (hidden by default): their values,
 * so a reader still sees what else the scenario declares. Under `exhaustive`, a value that no
 * interleaving produced cannot happen at all with these tasks.
 */
export function alsoDeclaredLine(c: Colors, v: VariantReport, view: NotesView, width: number): string | undefined {
  if (view.allOutcomes === true) return undefined;
  const unseen = v.outcomes.filter((o) => o.count === 0).map((o) => showValue(o.value));
  if (unseen.length === 0) return undefined;
  const complete = v.interleavings !== undefined && v.complete === true;
  const head = complete ? '  also declared, in no interleaving: ' : '  also declared, not seen: ';
  const text = head + unseen.join(', ');
  const line = text.length <= width ? text : `${text.slice(0, Math.max(head.length + 1, width - 1))}…`;
  return c.dim(`${line}  (--all-outcomes lists them)`.length <= width ? `${line}  (--all-outcomes lists them)` : line);
}

/** PCT's guarantee is about finding races; it means nothing where the variant forbids them. */
export function showsPctGuarantee(v: VariantReport): boolean {
  return v.pct !== undefined && v.races === 'allowed';
}

function seenValues(v: VariantReport): number {
  return v.outcomes.filter((o) => o.count > 0).length;
}

/** In a sentence: a string quoted unless it is plain words that read as nothing else. */
function showValue(value: TrialValue): string {
  if (typeof value !== 'string') return String(value);
  return /^[\w -]+$/.test(value) && displayValue(value) === value ? value : quoteValue(value);
}

/** What a run knows before its variants render: its schedule and its scenario's choices. */
export interface RunFacts {
  schedule: string;
  /** The schedules the scenario supports with these options; `random` among them means its tasks await only `t`. */
  schedules: readonly string[];
  unit?: string | undefined;
  allOutcomes?: boolean | undefined;
}

/** Schedules that, over code awaiting only `t`, run every trial the same way. */
const DETERMINISTIC_SCHEDULES: readonly string[] = ['event-loop', 'asyncio'];
/** Of these, the ones where `t.sleep(ms)` and `t.io` are real: the same way only for code without them. */
const REAL_TIME_SCHEDULES: readonly string[] = ['event-loop'];

/**
 * The per-variant view of a run: the unit, the notes, and the legend under the first replay
 * string only (a closure remembers whether it was printed).
 */
export function teachingView(run: RunFacts): (v: VariantReport) => { unit?: string; notes: NotesView; legend: boolean } {
  const deterministic = DETERMINISTIC_SCHEDULES.includes(run.schedule) && run.schedules.includes('random');
  const notes: NotesView = {
    ...(deterministic
      ? { deterministic: { schedule: run.schedule, ...(REAL_TIME_SCHEDULES.includes(run.schedule) ? { onlyPureCode: true } : {}) } }
      : {}),
    ...(run.allOutcomes === true ? { allOutcomes: true } : {}),
  };
  let legendShown = false;
  return (v) => {
    const replayed = (v.firstForbidden ?? v.firstRace)?.schedule !== undefined;
    const legend = replayed && !legendShown;
    if (replayed) legendShown = true;
    return { ...(run.unit !== undefined ? { unit: run.unit } : {}), notes, legend };
  };
}
