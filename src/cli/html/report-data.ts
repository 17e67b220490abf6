import type { CheckResult } from '../../core/check.js';
import type { GradedOutcome } from '../../core/grading.js';
import type { TracedTrial, VariantReport } from '../../core/run-scenario.js';
import type { Grade } from '../../core/scenario.js';
import { storyOf } from '../../core/trace-story.js';
import { createColors } from '../colors.js';
import { formatCount } from '../numbers.js';
import { renderVariant } from '../render.js';
import { unitWord } from '../../core/schedules/table.js';
import { noReplayReason, scopeNotes, stoppedText } from '../check-result.js';
import { shortShownValue, shownGrade, shownRowValue, shownValue } from '../shown-value.js';
import { printable } from '../text-width.js';

/** Everything the HTML report shows, as plain data: what the page is rendered from. */
export interface ReportData {
  /** The page's title and first heading: a scenario name, or "lockdemo check". */
  title: string;
  summary: string;
  /** Schedule, seed, trials, tasks: the header's facts, in the terminal's words. */
  facts: string[];
  /** The exact command that produced (and repeats) what the page shows. */
  command: string;
  /** Where running the command again does not give the same figures: the terminal's words for why. */
  commandNote?: string;
  /** The closing verdict, in the terminal's words ("pass: every variant met its declaration"). */
  verdict: string;
  /** How the verdict is coloured: met its declaration, a race seen (allowed), or failed. */
  tone: 'pass' | 'race' | 'fail';
  sections: ReportSection[];
}

export interface ReportSection {
  /** `counter › unlocked` in a check; the variant's name in a run. */
  heading: string;
  races?: string;
  summary?: string;
  /** `value` as the terminal shows it; `label`, the same cut to a bar's label; `gradeText`, the grade as the terminal writes it. */
  outcomes: Array<{ value: string; label: string; count: number; grade: Grade; gradeText: string; description: string }>;
  /** The unit of the counts: trials or interleavings. */
  unit: string;
  /** The lines under the terminal's table, word for word: frequency and verdict, then notes. */
  lines: string[];
  passed: boolean;
  /** The traces shown under the section, in order: the smallest race first when it is known. */
  traces: ReportTrace[];
}

export interface ReportTrace {
  title: string;
  tasks: number;
  trial: TracedTrial;
  /** The race in words (storyOf). */
  story: string;
  /** The command that replays it. */
  replay: string;
}

/** The terminal's lines for a variant below its table, with colour off. */
async function verdictLines(v: VariantReport, replayCommand: (schedule: string, trial?: number) => string): Promise<string[]> {
  const plain = await createColors({ isTTY: false, env: {}, flag: false });
  const lines = renderVariant(plain, v, { width: 10_000, replayCommand }).split('\n');
  const header = lines.findIndex((l) => /^\s+RESULT\s/.test(l));
  // The table draws only the outcomes that occurred (the unseen ones fold into one line).
  const drawn = v.outcomes.filter((o) => o.count > 0).length;
  return lines
    .slice(header + 1 + drawn)
    .filter((l) => l.trim() !== '')
    .map((l) => l.trim());
}

/** The columns of a bar's label in the histogram (svg-histogram.ts). */
const LABEL_COLUMNS = 16;

function rows(outcomes: readonly GradedOutcome[]): ReportSection['outcomes'] {
  return outcomes.map((o) => ({
    value: shownRowValue(o),
    label: o.other === true ? shownRowValue(o) : shortShownValue(o.value, LABEL_COLUMNS, false),
    count: o.count,
    grade: o.grade,
    gradeText: shownGrade(o),
    description: printable(o.description),
  }));
}

export function traceOf(title: string, trial: TracedTrial, tasks: number, replay: string): ReportTrace {
  return { title, tasks, trial, story: storyOf(trial), replay };
}

/** A variant of a run, with its traces: the smallest race, the first racing (or chosen) trial. */
export async function runSection(
  v: VariantReport,
  replayCommand: (schedule: string, trial?: number) => string,
  traces: ReportTrace[] = [],
): Promise<ReportSection> {
  return {
    heading: v.name,
    races: `races ${v.races}`,
    ...(v.summary ? { summary: v.summary } : {}),
    outcomes: rows(v.outcomes),
    unit: v.interleavings !== undefined ? 'interleavings' : 'trials',
    lines: await verdictLines(v, replayCommand),
    passed: v.verdict === 'pass',
    traces,
  };
}

/** A variant of `lockdemo check`, in the words of its terminal line. */
export function checkSection(r: CheckResult, outcomes: readonly GradedOutcome[], trace?: ReportTrace): ReportSection {
  const unit = unitWord(r.schedule);
  const status = r.status === 'pass' ? 'PASS' : r.status === 'fail' ? 'FAIL' : r.status === 'flag' ? 'FLAG' : 'SKIP';
  const lines =
    r.status === 'skip'
      ? [`${status}: ${r.reason ?? ''}`]
      : [`${status} · ${r.schedule} · races ${formatCount(r.raceCount)}/${formatCount(r.explored)} ${unit}`];
  // How far the search reached, as the terminal's line says it (check-result.ts).
  lines.push(...scopeNotes(r).map((n) => n.text));
  if (r.status === 'fail' && r.firstForbidden) {
    lines.push(`first forbidden: ${shownValue(r.firstForbidden.value)} (${printable(r.firstForbidden.description)})`);
    const none = noReplayReason(r);
    if (none !== undefined) lines.push(none);
  }
  if (r.stopped !== undefined) lines.push(`stopped: ${stoppedText(r, r.stopped)}`);
  if (r.status === 'flag') lines.push('allows races but showed none: as a demonstration it demonstrates nothing');
  return {
    heading: `${r.scenario} › ${r.variant}`,
    races: `races ${r.races}`,
    outcomes: rows(outcomes),
    unit,
    lines,
    passed: r.status !== 'fail',
    traces: trace ? [trace] : [],
  };
}
