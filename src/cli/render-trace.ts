import type { TracedTrial } from '../core/run-scenario.js';
import { taskLabel } from '../core/scenario.js';
import { paintGrade, type Colors } from './colors.js';

/** Widest a task's column gets; longer cells are cut with an ellipsis. */
const MAX_CELL = 46;

/**
 * A trace as a table: one column per task, one row per event, in the order they happened;
 * the step column is the position in the replay string. A write that destroyed another task's
 * update is marked in red with what it overwrote.
 */
export function renderTrace(c: Colors, title: string, trial: TracedTrial, tasks: number): string {
  const cells = trial.events
    .filter((e) => e.task >= 0)
    .map((e) => ({ ...e, cell: e.lost ? `${e.text} ✗ ${e.lost}` : e.text }));
  const width = Array.from({ length: tasks }, (_, task) =>
    Math.min(MAX_CELL, Math.max(taskLabel(task).length, ...cells.filter((e) => e.task === task).map((e) => e.cell.length))),
  );
  const stepWidth = Math.max(4, String(trial.events.at(-1)?.step ?? 0).length);
  const lines = ['', c.bold(title), c.dim(`  replay: "${trial.schedule}"`), ''];
  lines.push(c.dim(`  ${'STEP'.padStart(stepWidth)}  ${width.map((w, task) => taskLabel(task).padEnd(w)).join('  ')}`.trimEnd()));
  let lastStep = -1;
  for (const event of trial.events) {
    if (event.task < 0) {
      lines.push(`  ${''.padStart(stepWidth)}  ${c.red.bold(event.text)}`);
      continue;
    }
    const step = event.step !== lastStep ? String(event.step) : '';
    lastStep = event.step;
    const cell = fit(event.lost ? `${event.text} ✗ ${event.lost}` : event.text, width[event.task]!);
    const painted = event.lost ? c.red.bold(cell) : cell;
    const before = width.slice(0, event.task).map((w) => ' '.repeat(w + 2)).join('');
    lines.push(`  ${step.padStart(stepWidth)}  ${before}${painted}`.trimEnd());
  }
  lines.push('');
  // A declared deadlock reads as a deadlock, not as a race.
  const grade = trial.runner !== undefined && trial.grade === 'race' ? 'allowed' : trial.grade;
  lines.push(`  result ${c.bold(String(trial.value))} — ${paintGrade(c, trial.grade, grade)}: ${trial.description}`);
  return `${lines.join('\n')}\n`;
}

function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
