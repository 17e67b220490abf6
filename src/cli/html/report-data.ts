import type { CheckResult } from '../../core/check.js';
import type { GradedOutcome } from '../../core/grading.js';
import type { TracedTrial, VariantReport } from '../../core/run-scenario.js';
import type { Grade } from '../../core/scenario.js';
import { storyOf } from '../../core/trace-story.js';
import { createColors, type Colors } from '../colors.js';
import { renderVariant, type VariantView } from '../render.js';
import { visibleOutcomes } from '../variant-notes.js';
import { unitWord } from '../../core/schedules/table.js';
import { countLines, figuresText, FLAG_WORDS, noReplayReason, scopeNotes, stoppedText } from '../check-result.js';
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

/**
 * How the terminal shows a run's variant, beyond its figures: the notes of a deterministic
 * schedule (no interval where nothing was sampled), --all-outcomes, the replay legend, the
 * step bound; and the lines under it (the smallest race, coverage, --ablate), in plain colours.
 */
export interface RunSectionView {
  view?: Pick<VariantView, 'notes' | 'legend' | 'maxSteps'>;
  extras?: (c: Colors, v: VariantReport) => string;
}

/** The terminal's lines for a variant below its table, and those under it, with colour off. */
async function verdictLines(
  v: VariantReport,
  replayCommand: (schedule: string, trial?: number) => string,
  shown: RunSectionView,
): Promise<string[]> {
  const plain = await createColors({ isTTY: false, env: {}, flag: false });
  const lines = renderVariant(plain, v, { width: 10_000, replayCommand, ...shown.view }).split('\n');
  const header = lines.findIndex((l) => /^\s+RESULT\s/.test(l));
  // The table draws only the outcomes it shows (the unseen ones fold into one line).
  const drawn = visibleOutcomes(v.outcomes, shown.view?.notes ?? {}).length;
  return [...lines.slice(header + 1 + drawn), ...(shown.extras?.(plain, v).split('\n') ?? [])]
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
  shown: RunSectionView = {},
): Promise<ReportSection> {
  return {
    heading: v.name,
    races: `races ${v.races}`,
    ...(v.summary ? { summary: v.summary } : {}),
    // The rows the terminal draws: those that occurred, and the others only with --all-outcomes.
    outcomes: rows(visibleOutcomes(v.outcomes, shown.view?.notes ?? {})),
    unit: v.interleavings !== undefined ? 'interleavings' : 'trials',
    lines: await verdictLines(v, replayCommand, shown),
    passed: v.verdict === 'pass',
    traces,
  };
}

/** A variant of `lockdemo check`, in the words of its terminal line. */
export function checkSection(r: CheckResult, outcomes: readonly GradedOutcome[], trace?: ReportTrace, extras?: string): ReportSection {
  const unit = unitWord(r.schedule);
  const status = r.status === 'pass' ? 'PASS' : r.status === 'fail' ? 'FAIL' : r.status === 'flag' ? 'FLAG' : 'SKIP';
  const lines = r.status === 'skip' ? [`${status}: ${r.reason ?? ''}`] : [`${status} · ${r.schedule} · ${figuresText(r)}`];
  // How far the search reached, as the terminal's line says it (check-result.ts).
  lines.push(...scopeNotes(r).map((n) => n.text));
  // And its counts that are no races, as the terminal's line gives them: "races 0/90" alone read as clean.
  lines.push(...countLines(r).map((l) => l.text));
  if (r.status === 'fail' && r.firstForbidden) {
    lines.push(`first forbidden: ${shownValue(r.firstForbidden.value)} (${printable(r.firstForbidden.description)})`);
    const none = noReplayReason(r);
    if (none !== undefined) lines.push(none);
  }
  if (r.stopped !== undefined) lines.push(`stopped: ${stoppedText(r, r.stopped)}`);
  if (r.status === 'flag') lines.push(FLAG_WORDS);
  // And what the terminal prints under the line: the smallest race, coverage, --ablate.
  lines.push(
    ...(extras ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== ''),
  );
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
