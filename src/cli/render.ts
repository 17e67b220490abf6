import type { VariantReport } from '../core/run-scenario.js';
import { SCHEDULE_TABLE, type ScheduleName } from '../core/schedules/table.js';
import { isRunnerOutcome } from '../core/runner-outcomes.js';
import { searchRanToEnd } from '../core/run-report.js';
import { MAX_HANGS } from '../core/limits.js';
import type { Colors } from './colors.js';
import { asyncioClaim, searchLine } from './render-scope.js';
import { renderTable } from './render-table.js';
import { verdictLabel } from './render-verdict.js';
import { formatCount, formatPercent } from './numbers.js';
import { DEFAULT_WIDTH, fitLines, printable, visibleWidth, wrapHanging, wrapText } from './text-width.js';
import { alsoDeclaredLine, frequencyNotes, REPLAY_LEGEND, showsPctGuarantee, type NotesView } from './variant-notes.js';

export interface Header {
  scenario: string;
  summary: string;
  trials: number;
  schedule: string;
  seed: number;
  tasks: number;
  /** pct only. */
  depth?: number;
  /** exhaustive only. */
  preemptions?: number;
  /** A timed run: seconds per variant instead of a number of trials. */
  durationSeconds?: number;
  /** Worker threads, when more than one. */
  jobs?: number;
  /** Terminal width to fit (default 80). */
  width?: number;
  /** What this run uses: the scenario's `setting` (`counter in a file`) and its options, one fact each. */
  setting?: string | readonly string[];
}

export function renderHeader(c: Colors, h: Header): string {
  const facts =
    SCHEDULE_TABLE[h.schedule as ScheduleName]?.unit === 'interleavings'
      ? [
          // A bounded search names its bound in the same sentence (DESIGN: honest words).
          `every interleaving${h.preemptions === undefined ? '' : ` with at most ${h.preemptions} ${h.preemptions === 1 ? 'preemption' : 'preemptions'}`}, up to ${formatCount(h.trials)} per variant`,
          `schedule ${h.schedule}`,
        ]
      : [
          h.durationSeconds !== undefined
            ? `${h.durationSeconds} s per variant`
            : `${formatCount(h.trials)} ${h.trials === 1 ? 'trial' : 'trials'} per variant`,
          h.depth !== undefined ? `schedule ${h.schedule}, depth ${h.depth}` : `schedule ${h.schedule}`,
        ];
  if (SCHEDULE_TABLE[h.schedule as ScheduleName]?.seeded ?? true) facts.push(`seed ${h.seed}`);
  facts.push(h.tasks === 1 ? '1 task' : `${h.tasks} tasks`);
  if (h.jobs !== undefined) facts.push(`${h.jobs} jobs`);
  // The setting is the scenario's words, and option values are the user's: control characters escaped.
  if (h.setting !== undefined) facts.push(...(typeof h.setting === 'string' ? [h.setting] : h.setting).map(printable));
  const width = h.width ?? DEFAULT_WIDTH;
  // The facts wrap between facts; a fact wider than the terminal wraps at its spaces.
  const factLines: string[] = [];
  for (const fact of facts) {
    const last = factLines.at(-1);
    if (last !== undefined && last.length + 3 + fact.length <= width) factLines[factLines.length - 1] = `${last} · ${fact}`;
    else if (fact.length > width) factLines.push(...wrapHanging(fact, width));
    else factLines.push(fact);
  }
  // The summary is the scenario's text: its control characters are shown escaped, as a value's are.
  // A word of it wider than a line (a long identifier) is cut there rather than run past the edge.
  return `${fitLines([`${c.bold(h.scenario)} — ${printable(h.summary)}`], width, undefined, true).join('\n')}\n${factLines.map((l) => c.dim(l)).join('\n')}\n`;
}

export interface VariantView {
  /** Terminal width, for wrapping the variant's summary. */
  width?: number;
  /** The command that replays one recorded schedule of this variant, recorded in `trial` (1-based). */
  replayCommand?: (schedule: string, trial?: number) => string;
  /** What the scenario's values count (`fetches`): the RESULT column's title. */
  unit?: string;
  /** Deterministic schedule, `--all-outcomes` (see variant-notes.ts). */
  notes?: NotesView;
  /** Print the replay legend under this variant's replay line (the first of the run). */
  legend?: boolean;
  /** The run's step bound (--max-steps), named where it cut interleavings of a search. */
  maxSteps?: number;
}

/** One variant: its declaration, the graded histogram, the race frequency and the verdict. */
export function renderVariant(c: Colors, v: VariantReport, view: VariantView = {}): string {
  const width = view.width ?? DEFAULT_WIDTH;
  const lines: string[] = [''];
  lines.push(`${c.bold(v.name)} ${c.dim(`(races ${v.races})`)}`);
  // By columns (a character of CJK takes two) and at spaces, cutting a word only wider than the line.
  if (v.summary) lines.push(...wrapText(printable(v.summary).split(/\s+/).join(' '), width - 2).map((line) => `  ${c.dim(line)}`));

  const table = lines.length;
  lines.push(
    ...renderTable(c, v, { width, ...(view.unit !== undefined ? { unit: view.unit } : {}), ...(view.notes ? { notes: view.notes } : {}) }),
  );
  const tableEnd = lines.length;
  const unseen = alsoDeclaredLine(c, v, view.notes ?? {}, width);
  if (unseen !== undefined) lines.push(unseen);
  const [lo, hi] = v.interval95;
  const exhaustive = v.interleavings !== undefined;
  const notes = frequencyNotes(c, v, { count: formatCount, percent: formatPercent }, view.notes ?? {});
  const unit = exhaustive ? 'interleaving' : 'trial';
  const bound = v.preemptions === undefined ? '' : ` with at most ${v.preemptions} ${v.preemptions === 1 ? 'preemption' : 'preemptions'}`;
  // "exact" only for a complete, unbounded search; a bounded one names its bound right there.
  // Interleavings are counted, not sampled, and are not equally likely: no percentage here (the
  // notes add the random schedule's exact odds where they are known). "every interleaving" only
  // for a complete, unbounded search; a bounded one names its bound right there.
  const interleavings = `${formatCount(v.trials)} ${v.trials === 1 ? 'interleaving' : 'interleavings'}`;
  // Under --max-steps the search may have run to its end with some interleavings cut at the bound.
  const ended = searchRanToEnd(v);
  // Stopped before any trial came back: no figure at all (0/0 is not a frequency of 0%).
  const frequency =
    v.trials === 0
      ? `  no ${unit} finished`
      : v.deterministic
        ? asyncioClaim(v)
        : !exhaustive
          ? (notes?.line ??
            `  race frequency ${formatPercent(v.raceFrequency)} ` +
              `(${formatCount(v.raceCount)}/${formatCount(v.trials)}, 95% CI ${formatPercent(lo, false)}–${formatPercent(hi)})`)
          : ended && bound === ''
            ? `  races in ${formatCount(v.raceCount)} of ${interleavings}`
            : ended
              ? `  races in ${formatCount(v.raceCount)} of the ${interleavings}${bound}`
              : `  races in ${formatCount(v.raceCount)} of the first ${interleavings}${bound}`;
  // Fit 80 columns: a long (bounded) frequency sentence puts the verdict on its own line.
  const label = verdictLabel(c, v, unit);
  if (frequency.length + 2 + visibleWidth(label) <= width) lines.push(`${frequency}  ${label}`);
  else lines.push(frequency, `  ${label}`);
  // Its records have no replay string (see VariantReport.strandsAtOnce): say why there is no replay line.
  if (v.unawaitedWork === true && v.strandsAtOnce !== true && v.raceCount + v.forbiddenCount + v.deadlockCount > 0) {
    lines.push(
      c.dim(
        '  no replay line: work a task left running went on after every task had returned (as CPython ' +
          'runs it until its loop stops), which a replay (the model) does not run',
      ),
    );
  }
  if (v.strandsAtOnce === true && v.raceCount + v.forbiddenCount + v.deadlockCount > 0) {
    lines.push(
      c.dim(
        '  no replay line: a task ran several of its own strands at once, which a replay (the model, ' +
          'with no clock) may resume in another order than the loop did',
      ),
    );
  }
  if (v.cut === 'hangs') {
    const hangs = v.outcomes.reduce((n, o) => n + (isRunnerOutcome(o.value) && o.value.kind === 'hang' ? o.count : 0), 0);
    // With --jobs, some of the hangs may fall in trials past the counted ones (see supervised-run.ts).
    lines.push(
      c.yellow(
        hangs >= MAX_HANGS
          ? `  stopped after ${formatCount(hangs)} hangs (each costs a whole --timeout): the ${unit}s after them never ran`
          : `  stopped after ${MAX_HANGS} hangs (each costs a whole --timeout), ${formatCount(hangs)} of them in the ${unit}s ` +
              'counted here: what ran past those is not counted',
      ),
    );
  }
  if (v.deadlockCount > 0) {
    lines.push(
      `  deadlocks in ${formatCount(v.deadlockCount)} of ${formatCount(v.trials)} ${unit}s (${formatPercent(v.deadlockCount / v.trials)}), not counted as races`,
    );
    // As for races: the share of interleavings is not the chance, which has its own odds.
    if (v.randomOdds?.deadlock !== undefined && v.deadlockCount < v.trials) {
      // Where the chance comes out as the share, "not equally likely" beside two equal figures reads as a contradiction.
      const odds = formatPercent(v.randomOdds.deadlock);
      const why =
        Math.abs(v.randomOdds.deadlock - v.deadlockCount / v.trials) < 1e-12 ? ', as the share' : ' (interleavings are not equally likely)';
      lines.push(c.dim(`  a random trial deadlocks with probability ${odds}${why}`));
    }
  }
  if (exhaustive) {
    lines.push(searchLine(c, v, bound, view.maxSteps));
    // Every interleaving runs as trial 1: a setup that reads its index may build other trials another
    // program, and other numbers of Math.random may take another path.
    if (v.setupReadsTrial === true) {
      lines.push(c.yellow('  (setup reads its trial index, so other trials may set up a program this search never ran)'));
    } else if (v.drewRandom === true) {
      lines.push(c.yellow('  (it draws from Math.random, so other numbers may take a path this search never ran)'));
    }
    // The interleaving that changed, to run on its own: a fresh run of it may give either value.
    if (v.nondeterministic !== undefined && view.replayCommand) {
      lines.push(`  ${c.dim('that interleaving, replay:')} ${view.replayCommand(v.nondeterministic.schedule)}`);
    }
  }
  // A sample's figures are of the orders it could pick: a task's own strands ready at once
  // resume oldest first under every schedule (exhaustive says it in its own line above).
  if (!exhaustive && !v.deterministic && v.strandOrdersUnexplored === true) {
    lines.push(
      c.yellow(
        "  a task's own strands (its async functions) were ready at once and always resumed oldest first: " +
          `their other orders, which the model allows, were never run, so these ${unit}s say nothing of them`,
      ),
    );
  }
  if (notes) lines.push(...notes.after);
  if (v.pct && showsPctGuarantee(v)) {
    lines.push(
      c.dim(
        // PCT's own definition of a depth-d bug: not every race of the program is one.
        `  pct: k = ${v.pct.steps} steps, so each trial finds a given depth-${v.pct.depth} bug (one that some ` +
          `${v.pct.depth === 1 ? 'ordering of two steps, X before Y, always produces' : `${v.pct.depth} orderings of steps, X before Y, always produce`}) ` +
          `with probability ≥ ` +
          `${formatPercent(v.pct.guarantee)}; ${formatCount(v.pct.trialsFor99)} trials find it with 99% confidence` +
          // The pilot's k fell short: change points never fall past it.
          (v.pct.pilotHung === true ? ` (k is --max-steps: a pilot trial that measures k did not come back within --timeout)` : '') +
          (v.pct.longest !== undefined
            ? ` (only for bugs within the first ${v.pct.steps} steps: some trials took up to ${formatCount(v.pct.longest)})`
            : ''),
      ),
    );
  }
  const shown = v.firstForbidden ?? v.firstRace;
  if (shown?.schedule !== undefined && view.replayCommand) {
    const what = v.firstForbidden ? 'first forbidden' : isRunnerOutcome(shown.value) ? `first ${shown.value.kind}` : 'first race';
    lines.push(`  ${c.dim(`${what}: ${unit} ${formatCount(shown.trial)}, replay:`)} ${view.replayCommand(shown.schedule, shown.trial)}`);
    if (view.legend) lines.push(c.dim(`  (${REPLAY_LEGEND})`));
  }
  // The table's rows are fitted above; every other line wraps at its spaces.
  return `${[...fitLines(lines.slice(0, table), width), ...lines.slice(table, tableEnd), ...fitLines(lines.slice(tableEnd), width)].join('\n')}\n`;
}
