import { Command, Help, Option } from 'commander';
import { SCHEDULES } from '../core/schedules/table.js';
import { VERSION } from '../version.js';
import { oneLine } from './commander-errors.js';
import { exitCodesHelp } from './exit-codes.js';
import type { Io } from './io.js';
import { BUILTIN_NAMES } from './load-scenario.js';
import { fitLines, terminalWidth, withoutTrailingSpaces } from './text-width.js';
import {
  collectVariants,
  parseDepth,
  parseDuration,
  parseJobs,
  parseMaxInterleavings,
  parseMaxSteps,
  parsePreemptions,
  parseRemoveLock,
  parseSeed,
  parseTasks,
  parseTimeout,
  parseTraceTrial,
  parseTrials,
} from './parse.js';
import type { CheckCommandOptions } from './check-command.js';
import type { ListOptions } from './list-command.js';
import type { RunCommandOptions } from './run-command-options.js';

/** What each command does once its argv is parsed; main wires these to the command modules. */
export interface Actions {
  run(scenario: string, options: RunCommandOptions): Promise<void>;
  list(options: ListOptions): Promise<void>;
  check(targets: string[], options: CheckCommandOptions): Promise<void>;
  init(file: string): Promise<void>;
  /** `lockdemo help [topic]`: a command's or a scenario's help, or the whole help. */
  help(topic: string | undefined): Promise<void>;
}

const EXIT_CODES = exitCodesHelp();
/** check's 1 as the README's table gives it: a variant not deterministic, or stopped, fails too. */
const CHECK_EXIT_CODES = exitCodesHelp({
  failed: 'a forbidden outcome was observed, a variant was not deterministic, or a\ntrial did not come back within --timeout',
});

/**
 * The whole command line in one place. Commander throws instead of exiting (exitOverride), so
 * runCli decides every exit status, and tests can drive this program directly.
 */
export function buildProgram(io: Io, actions: Actions): Command {
  const program = new Command('lockdemo')
    .usage('<scenario> [options]   |   lockdemo <command> [options]')
    .description(
      'Make async race conditions visible, countable and reproducible.\n\n' +
        'Runs every variant of a scenario (unlocked, locked, ...) over many trials and prints the graded ' +
        'histogram of final values, the race frequency with its 95% interval, a verdict, and the ' +
        'command that reproduces the run.\n\n' +
        `<scenario> is a built-in (${BUILTIN_NAMES.join(', ')}) or the path of a .js/.mjs/.ts/.mts scenario module.`,
    )
    .argument('<scenario>', 'built-in scenario name or path of a scenario module')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    // Options after a subcommand's name belong to that subcommand (list, check, ...).
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
      // Commander's own errors (unknown option, invalid value) read like ours: one line.
      outputError: (s, write) => write(oneLine(s)),
      ...helpWidth(io),
    })
    .configureHelp(fittedHelp())
    .showSuggestionAfterError(true)
    .option('-t, --trials <n>', "trials per variant, 1 to 1e9 (default: 1000, or the scenario's own)", parseTrials)
    .option('-s, --seed <n>', 'seed of the random, pct and timers schedules (default: a fresh seed, always printed)', parseSeed)
    .addOption(
      new Option('--schedule <name>', "who decides which task runs at each await (default: random, or the scenario's own)").choices(
        SCHEDULES,
      ),
    )
    .option('--variant <name...>', 'run only these variants (default: all)', collectVariants)
    .option('--tasks <n>', "tasks per trial, 1 to 64 (default: the scenario's own; lockdemo help <scenario> shows it)", parseTasks)
    .option(
      '-j, --jobs <n>',
      'worker threads for the random and pct schedules, or "auto" (one per core); results do not depend on it (default: 1)',
      parseJobs,
    )
    .option('--duration <s>', 'run each variant for this many seconds instead of a number of trials', parseDuration)
    .option(
      '--timeout <ms>',
      "stop a trial that has not finished after this long, whatever its code does, and count it as a hang (default: 5000, or the scenario's own)",
      parseTimeout,
    )
    .option('--depth <d>', 'pct: the bug depth to target (default: 3)', parseDepth)
    .option(
      '--max-interleavings <n>',
      'exhaustive: stop after this many interleavings per variant (default: 1,000,000)',
      parseMaxInterleavings,
    )
    .option('--preemptions <k>', 'exhaustive: at most k switches away from a task that could go on (default: no bound)', parsePreemptions)
    .option(
      '--max-steps <n>',
      'controlled schedules: end a trial after n scheduling steps as a step-limit outcome (default: 10,000)',
      parseMaxSteps,
    )
    .option(
      '--trace',
      'after the summary, show step by step the smallest race of each variant that raced (else its first racing trial, or its first trial if none raced)',
    )
    .option('--trace-trial <k>', 'trace trial k (1-based) of each variant instead', parseTraceTrial)
    .option(
      '--replay <schedule>',
      'run exactly one interleaving of one --variant and trace it; <schedule> is the task picked at each step: "A B A C B C" (and A*12 for A twelve times)',
    )
    .option('--replay-trial <k>', 'with --replay: run it as trial k (1-based; setup sees trial: k - 1)', parseTraceTrial)
    .option('--ablate', 'for each passing variant that forbids races, remove each lock in turn and re-run the proof: which locks matter')
    .option('--remove-lock <name>', 'run with this lock removed: t.lock, or a name given to t.lockNamed', parseRemoveLock)
    .option('--all-outcomes', 'also list declared outcomes that never occurred (default: folded into one line)')
    .option('--json', 'print one JSON document instead of tables')
    .option('--html <file>', 'also write a self-contained HTML report (charts, swimlanes, a step-through player)')
    .option('--no-color', 'no colour (also when NO_COLOR is set or stdout is not a terminal)')
    .option('--debug', 'print the stack trace of an error')
    .addHelpText('after', (context) =>
      fitHelpText(
        context.error ? io.stderr : io.stdout,
        `
Schedules:
  random      one task runs at a time; at every await point a seeded PRNG
              picks the next runnable task uniformly. Same seed, same output.
  pct         Probabilistic Concurrency Testing: random priorities with d-1
              priority change points; prints its guarantee per trial. Seeded.
  exhaustive  every interleaving, each once, by depth-first search: exact
              counts, and a verdict that holds for all of them (unless a
              bound cut the search short).
  asyncio     CPython's event loop, deterministic: FIFO ready queue, tasks
              start in order, sleeps on a virtual clock. What CPython gives.
  event-loop  no control: what Node.js does by itself; every await is a
              microtask hop.
  timers      no control: every await point is a real timer with a 0-2 ms
              random delay.

Help:
  lockdemo help <scenario>    its variants, defaults, schedules and own options
                              (the same as lockdemo <scenario> --help)
  lockdemo help <command>     the options of list, check or init

Examples:
  lockdemo counter --trials 1000
  lockdemo counter --seed 7 --trace
  lockdemo counter --variant unlocked --replay "A B A C B C"
  lockdemo counter --schedule exhaustive --tasks 4
  lockdemo cache --schedule asyncio
  lockdemo deadlock --schedule pct --depth 2
  lockdemo cache --variant split-lock --seed 7
  lockdemo counter --schedule event-loop --json
${EXIT_CODES}
`,
      ),
    )
    .action(async (scenario: string, options: RunCommandOptions) => actions.run(scenario, options));

  const subcommand = (name: string) =>
    program
      .command(name)
      .exitOverride()
      .configureOutput({
        writeOut: (s) => void io.stdout.write(s),
        writeErr: (s) => void io.stderr.write(s),
        outputError: (s, write) => write(oneLine(s)),
        ...helpWidth(io),
      })
      .configureHelp(fittedHelp())
      .helpOption('-h, --help', 'show this help');

  subcommand('list')
    .summary('list the built-in scenarios and their variants')
    .description('list every built-in scenario with its summary and its variants')
    .option('--json', 'print one JSON document')
    .option('--no-color', 'no colour')
    .action(async (options: ListOptions) => actions.list(options));

  subcommand('check')
    .summary('check every variant of every scenario, for CI (exit 1 on a forbidden outcome)')
    .argument('[targets...]', 'built-in scenario names or paths of scenario modules (default: every built-in)')
    .description(
      'the CI sanity check: decide every variant and print PASS or FAIL per variant. A proof where every ' +
        'interleaving fits (at most --max-interleavings), else --trials random trials under a fixed seed: a sample; ' +
        'real threads and processes get real runs under their own schedule, which no seed repeats. ' +
        'A variant that allows races but never showed one is flagged: it demonstrates nothing.',
    )
    .option('--max-interleavings <n>', 'explore every interleaving up to this many per variant (default: 100,000)', parseMaxInterleavings)
    .option('-t, --trials <n>', 'random trials for a variant with more interleavings (default: 10,000)', parseTrials)
    .option('-s, --seed <n>', 'seed of those random trials (default: 1, so they repeat)', parseSeed)
    .option('--tasks <n>', "tasks per trial (default: each scenario's own)", parseTasks)
    .option('--max-steps <n>', 'end a trial after n scheduling steps as a step-limit outcome (default: 10,000)', parseMaxSteps)
    .option(
      '--timeout <ms>',
      "stop a trial that has not finished after this long, whatever its code does: the variant fails, undecided (default: 5000, or the scenario's own if longer)",
      parseTimeout,
    )
    .option('--variant <name...>', 'check only these variants (default: all)', collectVariants)
    .addOption(
      new Option(
        '--schedule <name>',
        "asyncio: decide each variant by CPython's event loop (one deterministic trial) instead of every interleaving",
      ).choices(['asyncio']),
    )
    .option('--json', 'print one JSON document instead of lines')
    .option('--junit <file>', 'also write the results as JUnit XML to <file>')
    .option('--html <file>', 'also write a self-contained HTML report to <file>')
    .option('--ablate', 'remove each lock of every passing variant in turn; fail a scenario whose every lock is unnecessary')
    .option('--no-color', 'no colour')
    .addHelpText('after', (context) =>
      fitHelpText(
        context.error ? io.stderr : io.stdout,
        `\nExamples:\n  lockdemo check\n  lockdemo check counter ./my-scenario.mjs --junit lockdemo.xml\n  lockdemo check ./my-scenario.mjs --size 5   (its own options are flags too)\n${CHECK_EXIT_CODES}\n`,
      ),
    )
    .action(async (targets: string[], options: CheckCommandOptions) => actions.check(targets, options));

  subcommand('init')
    .summary('write a scenario template that runs as it is')
    .argument('<file>', 'the .mjs, .js, .ts or .mts file to create; the scenario is named after it')
    .description('write a commented scenario template that runs as it is (never overwrites a file)')
    .action(async (file: string) => actions.init(file));

  subcommand('help')
    .summary("this help, a command's (help check) or a scenario's (help counter)")
    .argument('[topic]', 'a command (list, check, init) or a scenario (a built-in name or a module path)')
    .description('print the help of lockdemo, of a command, or of a scenario: its variants, defaults, schedules and own options')
    .action(async (topic: string | undefined) => actions.help(topic));

  // Any command can end in an internal error, whose message asks for the output of --debug:
  // every command takes it, last among its options (main() reads it from argv itself).
  for (const command of program.commands) command.option('--debug', 'print the stack trace of an error');
  return program;
}

/** Help is laid out for the terminal's width, 80 when it is unknown or 0. */
function helpWidth(io: Io): { getOutHelpWidth: () => number; getErrHelpWidth: () => number } {
  return { getOutHelpWidth: () => terminalWidth(io.stdout.columns), getErrHelpWidth: () => terminalWidth(io.stderr.columns) };
}

/**
 * Commander wraps option descriptions only when at least 40 columns are left for them, and never
 * wraps the usage line; here descriptions wrap from 20 columns, and any line still too wide is
 * wrapped at its spaces.
 */
function fittedHelp(): Partial<Help> {
  return {
    minWidthToWrap: 20,
    formatHelp(cmd: Command, helper: Help): string {
      const text = Help.prototype.formatHelp.call(helper, cmd, helper);
      // Commander pads an option's term to its column, also where the description then goes
      // below it (a narrow terminal): the padding would end those lines.
      return fitLines(text.split('\n').map(withoutTrailingSpaces), helper.helpWidth ?? 80).join('\n');
    },
  };
}

function fitHelpText(stream: { columns?: number }, text: string): string {
  return fitLines(text.split('\n'), terminalWidth(stream.columns)).join('\n');
}
