import type { Ending } from './exit-codes.js';
import type { Io } from './io.js';
import { BUILTIN_NAMES, loadScenario } from './load-scenario.js';
import { terminalWidth, visibleWidth } from './text-width.js';

/** The commands a learner tries first, each with what it shows. */
const FIRST_COMMANDS: ReadonlyArray<readonly [string, string]> = [
  ['lockdemo counter', 'three tasks lose updates; a lock fixes it'],
  ['lockdemo counter --trace', 'one race, step by step'],
  ['lockdemo check', 'check every scenario, as CI does'],
];

/**
 * A bare `lockdemo`: where to start, on stderr, with exit 2. Nothing ran, so it is not a
 * success: a script whose scenario argument went missing (`lockdemo $UNSET`) must fail, not
 * pass. `lockdemo help` prints the whole help on stdout with exit 0.
 */
export async function printStart(io: Io): Promise<Ending> {
  // The built-ins are lockdemo's own modules: loading them here runs no user code.
  const scenarios = await Promise.all(BUILTIN_NAMES.map((name) => loadScenario(name)));
  const width = terminalWidth(io.stderr.columns);
  const nameWidth = Math.max(...scenarios.map((s) => s.name.length));
  const lines = [
    'lockdemo makes async race conditions visible, countable and reproducible.',
    '',
    'Scenarios (lockdemo <scenario> runs one):',
    ...scenarios.map((s) => cut(`  ${s.name.padEnd(nameWidth)}  ${firstClause(s.summary)}`, width)),
    '',
    'Try:',
    ...FIRST_COMMANDS.map(([command, what]) => cut(`  ${command.padEnd(26)}  ${what}`, width)),
    '',
    'More: lockdemo help (every option) · lockdemo help <scenario> · lockdemo list',
    'No scenario was given, so nothing ran (exit 2).',
  ];
  io.stderr.write(`${lines.map((line) => cut(line, width)).join('\n')}\n`);
  return 'usage';
}

/** A summary's first clause (`tasks increment a shared counter`): what it is, in a glance. */
function firstClause(summary: string): string {
  return summary.split(/[;:]/)[0]?.trim() ?? summary;
}

/** One line each: a line wider than the terminal is cut at a space and ends in an ellipsis. */
function cut(line: string, width: number): string {
  if (visibleWidth(line) <= width) return line;
  const chars = [...line].slice(0, Math.max(1, width - 1)).join('');
  const space = chars.lastIndexOf(' ');
  return `${(space > width / 2 ? chars.slice(0, space) : chars).trimEnd()}…`;
}
