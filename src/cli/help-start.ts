import type { Ending } from './exit-codes.js';
import type { Io } from './io.js';
import { BUILTIN_NAMES, loadScenario } from './load-scenario.js';
import { terminalWidth, wrapHanging, wrapText } from './text-width.js';

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
  // Prose wraps at its spaces, its rest indented (not as a command: no word here is one to paste).
  const prose = (text: string): string[] => wrapHanging(text, width);
  const lines = [
    ...prose('lockdemo makes async race conditions visible, countable and reproducible.'),
    '',
    ...prose('Scenarios (lockdemo <scenario> runs one):'),
    ...scenarios.flatMap((s) => row(`  ${s.name.padEnd(nameWidth)}  `, firstClause(s.summary), width)),
    '',
    'Try:',
    ...FIRST_COMMANDS.flatMap(([command, what]) => row(`  ${command.padEnd(26)}  `, what, width)),
    '',
    ...prose('More: lockdemo help (every option) · lockdemo help <scenario> · lockdemo list'),
    ...prose('No scenario was given, so nothing ran (exit 2).'),
  ];
  io.stderr.write(`${lines.join('\n')}\n`);
  return 'usage';
}

/**
 * A name and what it is: the words wrap under the text's column, or, where the name leaves it
 * too little room, on lines of their own under the name. Nothing is cut off.
 */
function row(name: string, text: string, width: number): string[] {
  const room = width - name.length;
  if (room >= 20) return wrapText(text, room).map((line, k) => (k === 0 ? name : ' '.repeat(name.length)) + line);
  return [name.trimEnd(), ...wrapText(text, width - 4).map((line) => `    ${line}`)];
}

/** A summary's first clause (`tasks increment a shared counter`): what it is, in a glance. */
function firstClause(summary: string): string {
  return summary.split(/[;:]/)[0]?.trim() ?? summary;
}
