/**
 * The run's closing lines: an interruption, the verdict, and how to run it again (or why it
 * does not repeat). Printed once the scenario's `close` has run (see run-command.ts).
 */
import type { RunReport } from '../core/run-scenario.js';
import type { Colors } from './colors.js';
import { failWords, passWords } from './render-verdict.js';
import type { Rerun } from './reproduce.js';
import { DEFAULT_WIDTH, fitLines } from './text-width.js';

export function renderFooter(c: Colors, report: RunReport, rerun: Rerun, width = DEFAULT_WIDTH): string {
  const lines = [''];
  if (report.interrupted) {
    // A search counts interleavings, not trials.
    const unit = report.schedule === 'exhaustive' ? 'interleavings' : 'trials';
    lines.push(c.yellow(`interrupted: the figures above cover only the ${unit} that completed`));
  }
  const failed = failWords(report);
  if (failed !== undefined) {
    lines.push(`${c.red.bold('FAIL')}: ${failed}`);
  } else if (report.verdict === 'incomplete' || report.verdict === 'fail') {
    // Never a pass for a run that did not finish: an unfinished variant proves nothing.
    lines.push(`${c.yellow.bold('incomplete')}: stopped before every variant ran to the end; no verdict`);
  } else if (report.variants.length === 0) {
    lines.push(`${c.yellow.bold('incomplete')}: no variant could run with these options; no verdict`);
  } else {
    lines.push(`${c.green.bold('pass')}: ${passWords(report)}`);
  }
  if (rerun.label === 'none') {
    lines.push(c.dim(rerun.reason));
  } else {
    for (const command of rerun.commands) lines.push(`${c.dim(`${rerun.label}:`)} ${command}`);
    // The notes are on those commands: with none (stopped before any trial came back), neither.
    if (rerun.commands.length > 0) for (const note of rerun.notes) lines.push(c.dim(`  ${note}`));
  }
  return `${fitLines(lines, width).join('\n')}\n`;
}
