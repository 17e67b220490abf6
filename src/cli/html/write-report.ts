import type { CheckResult } from '../../core/check.js';
import type { RunReport, TracedTrial, VariantReport } from '../../core/run-scenario.js';
import { HANG, isRunnerOutcome } from '../../core/runner-outcomes.js';
import { unitWord } from '../../core/schedules/table.js';

/**
 * What the report needs of a scenario: its name, and a way to replay one interleaving (in the
 * supervised worker that runs its code; this thread never imports it).
 */
export interface HtmlScenario {
  name: string;
  summary: string;
  tasks: number;
  /** `trial`: the trial (1-based) whose index `setup` sees; default 1. */
  /** `seed`: the run's, for a recorded trial that drew from Math.random (see replaySeed). */
  replay(variant: string, tasks: number, schedule: string, trial?: number, seed?: number): Promise<TracedTrial>;
}
import { createColors } from '../colors.js';
import { replayedTrial, replaySeed, shellQuote } from '../command-line.js';
import { checkWritablePath, writeReportFile } from '../output-paths.js';
import { formatCount } from '../numbers.js';
import { renderHeader } from '../render.js';
import { failWords, passWords } from '../render-verdict.js';
import { smallestSchedule, smallestTitle } from '../run-extras.js';
import {
  checkSection,
  runSection,
  traceOf,
  type ReportData,
  type ReportSection,
  type ReportTrace,
  type RunSectionView,
} from './report-data.js';
import { renderHtml } from './render-html.js';
import { shownGrade, shownValue } from '../shown-value.js';
import { printable } from '../text-width.js';

/** Refuses, before any trial runs, an `--html` path that cannot or must not be written (see checkWritablePath). */
export function checkHtmlPath(file: string): void {
  checkWritablePath('the HTML report', file, '--html', 'report.html');
}

function withHtml(command: string, file: string): string {
  return `${command} --html ${shellQuote(file)}`;
}

async function headerFacts(report: RunReport): Promise<string[]> {
  const plain = await createColors({ isTTY: false, env: {}, flag: false });
  const header = renderHeader(plain, {
    scenario: report.scenario,
    summary: report.summary,
    trials: report.trials,
    schedule: report.schedule,
    seed: report.seed,
    tasks: report.tasks,
    ...(report.preemptions !== undefined ? { preemptions: report.preemptions } : {}),
    ...(report.variants[0]?.pct !== undefined ? { depth: report.variants[0].pct.depth } : {}),
    // Unwrapped: the facts line whole (a wrapped one lost its first fact, the preemption bound).
    width: 100_000,
  });
  return (header.trimEnd().split('\n').at(-1) ?? '').split(' · ');
}

export interface RunHtml {
  scenario: HtmlScenario;
  report: RunReport;
  /** The command that ran (and repeats) the run. */
  command: string;
  /** Where a rerun of it does not repeat the figures (`timers`, real threads, `event-loop`): why. */
  commandNote?: string;
  /** The replay command of one schedule of a variant, recorded in a trial (1-based). */
  replayCommand: (variant: string, drawsRandom?: true) => (schedule: string, trial?: number) => string;
  /** `--trace-trial K`: trace trial K instead of the smallest race and the first that raced. */
  traceTrial?: number;
  /** How the terminal showed each variant, and what it printed under it: the page says the same. */
  shown?: (v: VariantReport) => RunSectionView;
}

/**
 * `--html` on a run: every variant, and its traces. Like the terminal's `--trace`, the smallest
 * race comes first when it is known (the simplest story of the race), then the first forbidden or
 * racing trial when that is a different interleaving.
 */
export async function writeRunHtml(file: string, run: RunHtml): Promise<void> {
  const { report } = run;
  const sections: ReportSection[] = [];
  for (const v of report.variants) {
    const replay = run.replayCommand(v.name, v.drawsRandom);
    const traces: ReportTrace[] = [];
    // A scenario that is not deterministic is not traced: a replay of it need not give (nor end
    // as) what the run recorded, and its section says why (as check's does).
    if (v.nondeterministic !== undefined) {
      sections.push(await runSection(v, replay, traces, run.shown?.(v)));
      continue;
    }
    const smallest = smallestSchedule(v, run.traceTrial, report.schedule);
    // A hang is not replayed: it would hang again.
    if (smallest !== undefined && !(v.minimal?.found === true && v.minimal.value === HANG)) {
      const trial = await run.scenario.replay(v.name, report.tasks, smallest);
      traces.push(traceOf(`trace of ${v.name}: ${smallestTitle(v)}`, trial, report.tasks, replay(trial.schedule)));
    }
    const record = run.traceTrial !== undefined ? v.captured : (v.firstForbidden ?? v.firstRace);
    if (record?.schedule !== undefined && record.value !== HANG) {
      const trial = await run.scenario.replay(
        v.name,
        report.tasks,
        record.schedule,
        replayedTrial(report.schedule, record),
        replaySeed(report, v),
      );
      const unit = v.interleavings !== undefined ? 'interleaving' : 'trial';
      // Named as the terminal names it: a deadlock is a deadlock, not a race.
      const what =
        run.traceTrial !== undefined
          ? ''
          : v.firstForbidden
            ? 'first forbidden '
            : isRunnerOutcome(record.value)
              ? `first ${record.value.kind}, `
              : 'first race, ';
      // The first race may be the smallest itself: the same interleaving is not drawn twice.
      if (traces.every((t) => t.trial.schedule !== trial.schedule))
        traces.push(
          traceOf(
            `trace of ${v.name}: ${what}${unit} ${formatCount(record.trial)}`,
            trial,
            report.tasks,
            replay(trial.schedule, record.trial),
          ),
        );
    }
    sections.push(await runSection(v, replay, traces, run.shown?.(v)));
  }
  const failed = failWords(report);
  const data: ReportData = {
    title: report.scenario,
    summary: report.summary,
    facts: await headerFacts(report),
    command: withHtml(run.command, file),
    ...(run.commandNote !== undefined ? { commandNote: run.commandNote } : {}),
    verdict: report.interrupted
      ? 'interrupted: the figures cover only the trials that completed'
      : failed === undefined
        ? `pass: ${passWords(report)}`
        : `FAIL: ${failed}`,
    tone: failed === undefined && !report.interrupted ? 'pass' : 'fail',
    sections: [
      ...sections,
      ...(report.skipped ?? []).map((s): ReportSection => ({
        heading: s.name,
        outcomes: [],
        unit: 'trials',
        lines: [`skipped: ${s.reason}`],
        passed: true,
        traces: [],
      })),
    ],
  };
  await writeReportFile('the HTML report', file, renderHtml(data));
}

export interface ReplayHtml {
  scenario: HtmlScenario;
  trial: TracedTrial;
  tasks: number;
  /** The replay command. */
  command: string;
}

/** `--html` on a replay: the one interleaving, as swimlanes with its player. */
export async function writeReplayHtml(file: string, r: ReplayHtml): Promise<void> {
  const { trial } = r;
  const data: ReportData = {
    title: r.scenario.name,
    summary: r.scenario.summary,
    facts: ['replay of one interleaving', `${r.tasks} ${r.tasks === 1 ? 'task' : 'tasks'}`, `variant ${trial.variant}`],
    command: withHtml(r.command, file),
    verdict: `result ${shownValue(trial.value)} — ${shownGrade(trial)}: ${printable(trial.description)}`,
    tone: trial.grade === 'correct' ? 'pass' : trial.grade === 'race' ? 'race' : 'fail',
    sections: [
      {
        heading: trial.variant,
        outcomes: [],
        unit: 'trials',
        lines: [],
        passed: trial.grade !== 'forbidden',
        traces: [traceOf(`trace of ${trial.variant}`, trial, r.tasks, r.command)],
      },
    ],
  };
  await writeReportFile('the HTML report', file, renderHtml(data));
}

export interface CheckHtml {
  results: readonly CheckResult[];
  scenarios: ReadonlyMap<string, { arg: string; scenario: HtmlScenario }>;
  tasks?: number;
  command: string;
  /** The replay command of a check result's schedule, recorded in a trial (1-based) if numbered. */
  replayLine: (r: CheckResult, schedule: string, trial?: number) => string;
  interrupted: boolean;
  /** What the terminal printed under a result (the smallest race, coverage, --ablate), in plain colours. */
  extras?: (r: CheckResult) => string | undefined;
}

/** `--html` on `check`: a section per variant, with the trace of its first forbidden or racing trial. */
export async function writeCheckHtml(file: string, c: CheckHtml): Promise<void> {
  const sections: ReportSection[] = [];
  for (const r of c.results) {
    const loaded = c.scenarios.get(r.scenario);
    // Not for a scenario that is not deterministic: a replay of it need not give (nor end as)
    // what the search recorded, and the section says why it has no trace.
    const record = r.nondeterministic === undefined ? (r.firstForbidden ?? r.firstRace) : undefined;
    let trace;
    if (loaded !== undefined && record?.schedule !== undefined && record.value !== HANG) {
      const tasks = c.tasks ?? loaded.scenario.tasks;
      const trial = await loaded.scenario.replay(r.variant, tasks, record.schedule, replayedTrial(r.schedule, record), r.seed);
      const unit = unitWord(r.schedule, false);
      trace = traceOf(
        // Named as the terminal names it: a deadlock is a deadlock, not a race.
        `trace of ${r.variant}: first ${r.firstForbidden ? 'forbidden' : isRunnerOutcome(record.value) ? `${record.value.kind},` : 'race,'} ${unit} ${formatCount(record.trial)}`,
        trial,
        tasks,
        c.replayLine(r, trial.schedule, replayedTrial(r.schedule, record)),
      );
    }
    sections.push(checkSection(r, r.outcomes ?? [], trace, c.extras?.(r)));
  }
  const failed = c.results.filter((r) => r.status === 'fail').length;
  const flagged = c.results.filter((r) => r.status === 'flag').length;
  const skipped = c.results.filter((r) => r.status === 'skip').length;
  const counts = `${c.results.length - failed - flagged - skipped} passed, ${failed} failed, ${flagged} flagged${skipped > 0 ? `, ${skipped} skipped` : ''}`;
  const data: ReportData = {
    title: 'lockdemo check',
    // "each checked" only where none was skipped: a skipped variant never ran.
    summary: `${c.scenarios.size} scenario${c.scenarios.size === 1 ? '' : 's'}, ${c.results.length} variant${c.results.length === 1 ? '' : 's'}, ${skipped === 0 ? 'each checked' : `${skipped} of them skipped`}`,
    facts: [
      'a proof where every interleaving fits in --max-interleavings and ends within --max-steps (each section says how far its search reached)',
      'else seeded random trials (a sample)',
      'real runs for threads and processes',
    ],
    command: withHtml(c.command, file),
    verdict: c.interrupted ? `${counts} · interrupted: the variants shown are all that were checked` : counts,
    tone: failed === 0 && !c.interrupted ? 'pass' : 'fail',
    sections,
  };
  await writeReportFile('the HTML report', file, renderHtml(data));
}

/** The `lockdemo check` command line of these targets and options (what the report repeats). */
export function checkLine(
  targets: readonly string[],
  o: {
    maxInterleavings?: number;
    trials?: number;
    seed?: number;
    tasks?: number;
    maxSteps?: number;
    schedule?: string;
    variant?: readonly string[];
    ablate?: boolean;
    timeout?: number;
  },
): string {
  const parts = ['lockdemo', 'check', ...targets.map(shellQuote)];
  // Every flag that decides what the check runs, so the command repeats it.
  if (o.schedule !== undefined) parts.push('--schedule', o.schedule);
  if (o.variant !== undefined && o.variant.length > 0) parts.push('--variant', shellQuote(o.variant.join(',')));
  if (o.maxSteps !== undefined) parts.push('--max-steps', String(o.maxSteps));
  if (o.ablate === true) parts.push('--ablate');
  if (o.maxInterleavings !== undefined) parts.push('--max-interleavings', String(o.maxInterleavings));
  if (o.trials !== undefined) parts.push('--trials', String(o.trials));
  if (o.seed !== undefined) parts.push('--seed', String(o.seed));
  if (o.tasks !== undefined) parts.push('--tasks', String(o.tasks));
  if (o.timeout !== undefined) parts.push('--timeout', String(o.timeout));
  return parts.join(' ');
}
