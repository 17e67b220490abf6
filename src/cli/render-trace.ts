import type { TracedTrial } from '../core/run-scenario.js';
import { taskLabel } from '../core/scenario.js';
import { storyOf } from '../core/trace-story.js';
import type { TraceEvent } from '../core/trace-event.js';
import { paintGrade, type Colors } from './colors.js';
import { DEFAULT_WIDTH, fitLines, printable, visibleWidth, wrapHanging, wrapText, wrapWords } from './text-width.js';
import { shownGrade, shownQuoted, shownValue, wrapShownValue } from './shown-value.js';
import { foldRepeatedSteps, repeatText } from './trace-folds.js';

/** Widest a task's column gets; longer cells wrap within it. */
const MAX_CELL = 46;
/** Narrower than this, columns side by side stop being readable: one row per event instead. */
const MIN_CELL = 14;

/**
 * The text of a cell: what the task did, and the ✗ or stale mark. It names the scenario's
 * properties and quotes its values: their control characters are shown escaped.
 */
export function cellText(e: TraceEvent): string {
  if (e.lost) return printable(`${e.text} ✗ ${e.lost}`);
  if (e.stale) return `${printable(e.text)} (stale)`;
  return printable(e.text);
}

/** Marks that belong to what follows them: `→ 0` and `= 1` are never split from their value. */
const GLUE = new Set(['→', '=', '✗']);

/** A cell's words, each mark glued to the word after it. */
export function cellWords(e: TraceEvent): string[] {
  const words: string[] = [];
  let pending = '';
  for (const word of cellText(e).split(' ')) {
    if (GLUE.has(word)) pending = pending ? `${pending} ${word}` : word;
    else {
      words.push(pending ? `${pending} ${word}` : word);
      pending = '';
    }
  }
  if (pending) words.push(pending);
  return words;
}

/**
 * A trace as a table: one column per task, one row per event, in the order they happened;
 * the step column is the position in the replay string. A write that destroyed another task's
 * update is marked in red with what it overwrote, the read it acted on in yellow as stale. Cells
 * wrap within their column, so the table fits `width`; under it, the race in words.
 */
export function renderTrace(c: Colors, title: string, trial: TracedTrial, tasks: number, width = DEFAULT_WIDTH): string {
  const stepWidth = Math.max(4, String(trial.events.at(-1)?.step ?? 0).length);
  const inner = width - 2;
  // A long title (variant name, which interleaving) wraps at its spaces, its rest indented; a
  // word wider than a line (a long variant name) is cut there, and its pieces stay as cut.
  const titleLines = wrapHanging(title, width)
    .filter((l) => l.trim() !== '')
    .map((l) => c.bold(l));
  const lines = ['', ...titleLines, ...wrapText(`replay: "${trial.schedule}"`, inner).map((l) => c.dim(`  ${l}`)), ''];
  const paint = (e: TraceEvent, text: string) => (e.lost ? c.red.bold(text) : e.stale ? c.yellow(text) : text);
  const columns = columnWidths(trial.events, tasks, width - 2 - stepWidth - 2);
  // A step that repeats the one before many times over (a poll loop) is shown once (trace-folds.ts).
  const rows = foldRepeatedSteps(trial.events, cellText);
  let lastStep = -1;
  const stepCell = (e: TraceEvent) => {
    const step = e.step !== lastStep ? String(e.step) : '';
    lastStep = e.step;
    return step.padStart(stepWidth);
  };
  if (trial.untraced !== undefined) {
    // No steps to show (see replayTrial): the result and the reason follow.
  } else if (columns === undefined) {
    // Too many tasks for the width: one row per event, the task named in each.
    const label = Math.max(...Array.from({ length: tasks }, (_, t) => taskLabel(t).length));
    lines.push(c.dim(`  ${'STEP'.padStart(stepWidth)}  ${'TASK'.padEnd(label)}  EVENT`));
    const cellWidth = width - 2 - stepWidth - 2 - label - 2;
    for (const row of rows) {
      if ('repeat' in row) {
        for (const part of wrapText(repeatText(row.repeat), cellWidth))
          lines.push(`  ${' '.repeat(stepWidth + 2 + label + 2)}${c.dim(part)}`);
        continue;
      }
      const e = row.event;
      const who = e.task >= 0 ? taskLabel(e.task) : '';
      const step = e.task >= 0 ? stepCell(e) : ''.padStart(stepWidth);
      wrapWords(cellWords(e), cellWidth).forEach((part, k) => {
        const head = k === 0 ? `  ${step}  ${who.padEnd(label)}  ` : ' '.repeat(2 + stepWidth + 2 + label + 2);
        lines.push(`${head}${e.task < 0 ? c.red.bold(part) : paint(e, part)}`.trimEnd());
      });
    }
  } else {
    lines.push(c.dim(`  ${'STEP'.padStart(stepWidth)}  ${columns.map((w, task) => taskLabel(task).padEnd(w)).join('  ')}`.trimEnd()));
    for (const row of rows) {
      if ('repeat' in row) {
        const { task } = row.repeat;
        const indent = columns.slice(0, task).reduce((sum, w) => sum + w + 2, 0);
        // The row is the task's alone: its words may run on across the empty columns to its right.
        for (const part of wrapText(repeatText(row.repeat), width - 2 - stepWidth - 2 - indent)) {
          lines.push(`  ${''.padStart(stepWidth)}  ${' '.repeat(indent)}${c.dim(part)}`);
        }
        continue;
      }
      const e = row.event;
      if (e.task < 0) {
        for (const part of wrapText(e.text, width - 2 - stepWidth - 2)) lines.push(`  ${''.padStart(stepWidth)}  ${c.red.bold(part)}`);
        continue;
      }
      const step = stepCell(e);
      const before = columns
        .slice(0, e.task)
        .map((w) => ' '.repeat(w + 2))
        .join('');
      const cellWidth = columns[e.task];
      if (cellWidth === undefined) throw new Error(`a trace event of task ${e.task}, of ${tasks} tasks`);
      wrapWords(cellWords(e), cellWidth).forEach((part, k) => {
        lines.push(`  ${k === 0 ? step : ''.padStart(stepWidth)}  ${before}${paint(e, part)}`.trimEnd());
      });
    }
  }
  if (trial.untraced === undefined) lines.push('');
  // A declared deadlock reads as a deadlock, not as a race.
  const grade = shownGrade(trial);
  const value = shownValue(trial.value);
  const result = `result ${value} — ${grade}: ${printable(trial.description)}`;
  if (shownQuoted(trial.value) && visibleWidth(`result ${value}`) > inner) {
    // A quoted value too long for a line is cut anywhere, not at its spaces (which its quotes are
    // there to show), and the grade follows on a line of its own.
    wrapShownValue(trial.value, `result ${value}`, inner).forEach((part, k) => {
      lines.push(k === 0 ? `  result ${c.bold(part.slice('result '.length))}` : `  ${c.bold(part)}`);
    });
    wrapText(`— ${grade}: ${printable(trial.description)}`, inner).forEach((part, k) => {
      lines.push(k === 0 ? `  ${part.replace(`— ${grade}`, () => `— ${paintGrade(c, trial.grade, grade)}`)}` : `  ${part}`);
    });
  } else {
    // The painted words come from a function: in a replacement string, a value's `$'` or `$&` is a pattern.
    wrapText(result, inner).forEach((part, k) => {
      lines.push(
        k === 0
          ? `  ${part.replace(`result ${value} — ${grade}`, () => `result ${c.bold(value)} — ${paintGrade(c, trial.grade, grade)}`)}`
          : `  ${part}`,
      );
    });
  }
  for (const part of wrapText(printable(storyOf(trial)), inner)) lines.push(`  ${c.dim(part)}`);
  return `${lines.join('\n')}\n`;
}

/** Each task's column: as wide as its widest cell (up to MAX_CELL), shrunk to fit `room`. */
function columnWidths(events: readonly TraceEvent[], tasks: number, room: number): number[] | undefined {
  const mine = (task: number) => events.filter((e) => e.task === task);
  const natural = Array.from({ length: tasks }, (_, task) =>
    Math.min(MAX_CELL, Math.max(taskLabel(task).length, ...mine(task).map((e) => visibleWidth(cellText(e))))),
  );
  // A column is never narrower than its longest word: nothing is broken mid-word.
  const least = natural.map((width, task) =>
    Math.min(width, Math.max(Math.min(MIN_CELL, width), ...mine(task).flatMap((e) => cellWords(e).map(visibleWidth)))),
  );
  const available = room - 2 * (tasks - 1);
  if (least.reduce((a, b) => a + b, 0) > available) return undefined;
  const widths = [...natural];
  // Take from the widest column that can still give, until they fit.
  while (widths.reduce((a, b) => a + b, 0) > available) {
    let widest = -1;
    let widestWidth = -1;
    widths.forEach((w, i) => {
      if (w > (least[i] ?? w) && w > widestWidth) [widest, widestWidth] = [i, w];
    });
    widths[widest] = widestWidth - 1;
  }
  return widths;
}

/** `name — summary` and a dim line of facts, both fitted to the width (the replay's header). */
export function renderHeadline(c: Colors, name: string, summary: string, facts: string, width = DEFAULT_WIDTH): string {
  return `${[...fitLines([`${c.bold(name)} — ${printable(summary)}`], width), ...fitLines([facts], width).map((l) => c.dim(l))].join('\n')}\n`;
}
