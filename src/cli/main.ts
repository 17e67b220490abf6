// Only what the first microseconds need is imported statically: `main()` starts the worker that
// will run the scenario before the rest of the CLI (commander, chalk, the commands) is loaded,
// so the two threads load their modules at the same time.
import { fstatSync } from 'node:fs';
import type * as Commander from 'commander';
import { CliError, EXIT_STATUS, withSuggestion, type Ending, type ErrorKind } from './exit-codes.js';
import { READER_GONE, type Io } from './io.js';
import { prespawn, Session } from './contain/session.js';
import { quitAll, settleStoppedOnce, settleStoppedWorkers, stoppedWithin } from './contain/host-worker.js';
import { killChildProcesses } from './contain/child-processes.js';
import { embeddedRun, endRunChildren, removeRunTemp } from './contain/run-temp.js';
import { isBuiltinName } from './contain/builtin-names.js';
import type { Actions } from './program.js';
import type { RunCommandOptions } from './run-command-options.js';
import { describeThrown } from '../core/describe-thrown.js';
import { redactUrl } from './redact.js';
import { printable } from './text-width.js';
import { flushed } from './flush-output.js';
import { DEFAULT_TIMEOUT_MS } from '../core/limits.js';

/**
 * Runs lockdemo with `argv` (without the node and script paths) and resolves with the exit
 * status. It never exits the process itself, so tests call it directly.
 */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  return EXIT_STATUS[await embeddedRun(() => runToEnd(argv, io), endEmbeddedRun)];
}

/**
 * Before the last embedded run's directory goes: workers stopped while busy (a trial stuck in
 * execSync) end, as do the processes its scenario code left running, which would make the
 * directory again. Not the exit path's kill of every descendant: the process is another program's.
 */
async function endEmbeddedRun(made: string): Promise<void> {
  // The workers wait for the processes that hold them (execSync's command): both waits are short.
  const workersLeft = settleStoppedOnce(1000);
  await endRunChildren(500, made);
  await workersLeft;
}

/**
 * How the command ended. This is the one place where errors become an ending and a one-line
 * message; the ending becomes a number only through EXIT_STATUS, in runCli and main.
 */
async function runToEnd(given: readonly string[], io: Io): Promise<Ending> {
  let argv = given;
  const debug = argv.includes('--debug');
  let status: Ending = 'ok';
  try {
    // A bare `lockdemo`: where to start (exit 2, see help-start.ts).
    if (argv.length === 0) return await (await import('./help-start.js')).printStart(io);
    // After `--` every word is an argument: `lockdemo -- counter --trials 3` gives a run three.
    const dashes = argv.indexOf('--');
    if (dashes >= 0 && argv[0] !== 'check' && argv.length - dashes - 1 > 1) {
      throw new CliError(
        'usage',
        `too many arguments after --: every word after it is a scenario, and a run takes one (put options before --)`,
      );
    }
    // `lockdemo --version extra`: the version is all it prints, so a word after it was meant for something else.
    if ((argv[0] === '-V' || argv[0] === '--version') && argv.length > 1) {
      throw new CliError('usage', `${argv[0]} takes no argument, got ${JSON.stringify(argv[1])}: lockdemo --version prints the version`);
    }
    const { buildProgram, runCommand, checkCombinations, scanArgv, unknownScenario, looksLikePath } = await import('./command-parts.js');
    // A run is parsed first and run after: its scenario's own options may need a second parse.
    let run: { scenario: string; options: RunCommandOptions } | undefined;
    const actions: Actions = {
      run: async (scenario, options) => {
        run = { scenario, options };
      },
      list: async (options) => {
        status = await (await import('./list-command.js')).listCommand(options, io);
      },
      check: async (targets, options) => {
        status = await (await import('./check-command.js')).checkCommand(targets, options, io);
      },
      init: async (file) => {
        status = (await import('./init-command.js')).initCommand(file, io);
      },
      help: async (topic) => {
        status = await (await import('./help-command.js')).helpCommand(topic, program, io);
      },
    };
    const program = buildProgram(io, actions);
    // After `--` the word is a scenario, never a command or an option, whatever it spells (a
    // script's `lockdemo -- "$name"`): `-- check` is an unknown scenario, not the whole check,
    // and `-- -x.mjs` is the file ./-x.mjs, which the reproduce line then names so.
    // (A command's own `--`, `lockdemo help -- check`, is the command's to read.)
    const isCommand = (word: string | undefined): boolean => program.commands.some((command) => command.name() === word);
    const operand = dashes >= 0 && !isCommand(argv[0]) ? argv[dashes + 1] : undefined;
    if (operand !== undefined && (operand.startsWith('-') || isCommand(operand))) {
      if (!looksLikePath(operand)) throw unknownScenario(operand) ?? new CliError('usage', `no scenario named ${JSON.stringify(operand)}`);
      argv = [...argv.slice(0, dashes + 1), `./${operand}`];
    }
    if (argv[0] === 'check') {
      const { checkWithScenarioFlags } = await import('./check-flags.js');
      const check = program.commands.find((command) => command.name() === 'check');
      const scan = check === undefined ? undefined : scanArgv(argv.slice(1), check, program);
      // Options neither lockdemo nor check knows may be options of the targets: see check-flags.ts.
      if (scan !== undefined && scan.unknown.length > 0)
        return await checkWithScenarioFlags(scan, io, (actions2) => buildProgram(io, { ...actions, ...actions2 }));
    }
    if (isCommand(argv[0])) {
      await program.parseAsync([...argv], { from: 'user' });
      return status;
    }
    // A run: find the scenario wherever it was written, and answer its own --help.
    const scan = scanArgv(argv, program);
    if (scan.help && scan.scenario !== undefined) return await (await import('./help-command.js')).scenarioHelp(scan.scenario, io, argv);
    if (scan.scenario === undefined && !scan.help && !argv.some((a) => a === '-V' || a === '--version')) {
      throw new CliError('usage', 'no scenario given: lockdemo <scenario> [options] (lockdemo list shows them)');
    }
    // Options lockdemo does not know may be the scenario's own, which only its module
    // declares: lockdemo's own are checked first, then the scenario is loaded (in its worker)
    // and, when it declares options or some were left over, the command line is parsed again
    // with the scenario's options as flags.
    await program.parseAsync(scan.known, { from: 'user' });
    const first: { scenario: string; options: RunCommandOptions } | undefined = run;
    if (first === undefined) return status;
    const unknown = unknownScenario(first.scenario);
    if (unknown !== undefined) throw unknown;
    // Usage mistakes that need no scenario cost no load.
    checkCombinations(first.options);
    const session = await Session.start(first.scenario, first.options.timeout ?? DEFAULT_TIMEOUT_MS, io.signal);
    let parsed = first;
    try {
      if (scan.unknown.length > 0 || Object.keys(session.info.options).length > 0) {
        parsed = await parseWithScenarioFlags(scan.argv, session, (capture) => buildProgram(io, { ...actions, run: capture }));
      }
    } catch (error) {
      await session.abandon();
      throw error;
    }
    return await runCommand(parsed.scenario, parsed.options, io, session);
  } catch (error) {
    // An unknown name gets its "did you mean" here, the one place that words it.
    const choice = error instanceof CliError ? error.choice : undefined;
    const suggestion = choice === undefined ? undefined : (await import('./suggest.js')).closest(choice.given, choice.accepted);
    return reportError(error, io, debug, (await import('commander')).CommanderError, suggestion);
  }
}

/** The second parse of a run: lockdemo's options and the loaded scenario's own, as flags. */
async function parseWithScenarioFlags(
  argv: readonly string[],
  session: Session,
  build: (capture: Actions['run']) => Commander.Command,
): Promise<{ scenario: string; options: RunCommandOptions }> {
  const { addScenarioFlags, takeScenarioFlags } = await import('./scenario-flags.js');
  let parsed: { scenario: string; options: RunCommandOptions } | undefined;
  const program = build(async (scenario, options) => void (parsed = { scenario, options }));
  addScenarioFlags(program, session.info.name, session.info.options);
  await program.parseAsync([...argv], { from: 'user' });
  if (parsed === undefined) throw new Error('the second parse of a run did not reach the run');
  return { scenario: parsed.scenario, options: { ...parsed.options, scenarioOptions: takeScenarioFlags(program, session.info.options) } };
}

function reportError(
  error: unknown,
  io: Io,
  debug: boolean,
  CommanderError: typeof Commander.CommanderError,
  suggestion: string | undefined,
): Ending {
  if (error instanceof CommanderError) {
    // Help and version end with a zero exit code; commander has already printed its one line
    // for everything else (unknown option, invalid argument, missing scenario).
    return error.exitCode === 0 ? 'ok' : 'usage';
  }
  const kind: ErrorKind = error instanceof CliError ? error.kind : 'internal';
  // A run stopped because nobody reads stdout (`| head -3`) ends quietly: "interrupted (Ctrl-C)"
  // would be untrue, and the exit status (74) already says that not all output was read.
  if (kind === 'interrupted' && io.signal?.reason === READER_GONE) return kind;
  const message =
    error instanceof CliError
      ? error.choice !== undefined
        ? withSuggestion(error.message, error.choice, suggestion)
        : error.message
      : `internal error: ${describeThrown(error)}`;
  // A bug in lockdemo, wherever it happened (this thread or the worker), asks to be reported.
  const report =
    kind === 'internal' ? ` (a bug in lockdemo: please report it with ${debug ? 'the stack below' : 'the output of --debug'})` : '';
  // One line, whatever the message holds: a name given with a newline in it shows it escaped.
  io.stderr.write(`lockdemo: ${printable(redactUrl(message))}${report}\n`);
  if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return kind;
}

/** COLUMNS as a width: a whole number of at least 1, or nothing. */
function columnsFromEnvironment(value: string | undefined): number | undefined {
  const n = value !== undefined && /^\d+$/.test(value.trim()) ? Number(value.trim()) : 0;
  return n >= 1 ? n : undefined;
}

/** Whether stdout is a pipe, the only kind of output whose reader can go away. */
function stdoutIsPipe(): boolean {
  try {
    return process.platform !== 'win32' && fstatSync(1).isFIFO();
  } catch {
    return false;
  }
}

/** Signals this close to the first are the same stop (see main's `stop`). */
const SAME_STOP_MS = 250;

/** Commands that never run scenario code: no worker is started ahead for them. */
const NO_SCENARIO = new Set(['list', 'init', 'help', '-h', '--help', '-V', '--version']);

/**
 * The entry point of the `lockdemo` binary: wires the real process to runCli. The first Ctrl-C
 * stops the run (within a second, whatever the scenario's code is doing) and prints what
 * completed; a second one exits at once. Output that cannot be written (a closed pipe, a full
 * disk) is never a success: a closed pipe ends quietly, and the exit code keeps the verdict.
 */
export async function main(
  argv: readonly string[] = process.argv.slice(2),
  /** Signals that came before this module had loaded (bin/lockdemo.js held them): answered now. */
  earlySignals: readonly string[] = [],
): Promise<void> {
  // The worker that will run the scenario starts loading now, while commander parses argv. The
  // first built-in name on the command line is most likely the scenario's, wherever the options
  // put it (see HostWorker for what it changes; a guess that proves wrong costs a worker, not a result).
  const command = argv[0];
  if (command !== undefined && !NO_SCENARIO.has(command)) prespawn(argv.find(isBuiltinName));

  let outputFailure: NodeJS.ErrnoException | undefined;
  const onOutputError = (error: NodeJS.ErrnoException): void => {
    outputFailure ??= error;
  };
  process.stdout.on('error', onOutputError);
  // Node.js writes to a pipe synchronously: with a reader that has stopped reading, the main
  // thread would wait in a write, deaf to Ctrl-C (a second one could not quit). Written
  // asynchronously, what the reader has not taken waits in memory, and every exit waits for it
  // to be written (exitFlushed), except the one a second Ctrl-C asks for.
  setStdoutBlocking(false);
  process.stderr.on('error', () => {});

  const interrupt = new AbortController();
  // Once the command has ended, only the output is left to flush (to a slow reader, say): the
  // first signal then lets it finish, with the verdict the run had; a second one quits at once.
  let ended = false;
  let flushingStopped = false;
  // The first Ctrl-C or SIGTERM stops the run and says so; a second one quits at once.
  // One stop often arrives twice: GNU timeout signals the command and then its process group,
  // and a CI runner may do the same. A second signal within this long is the same stop, not a
  // person pressing Ctrl-C again, which takes longer.
  let firstStopAt = -Infinity;
  const stop = (): void => {
    if (performance.now() - firstStopAt < SAME_STOP_MS) return;
    if (interrupt.signal.aborted || flushingStopped) {
      // At once: what a reader has not taken is dropped (Node.js would write it out before
      // exiting), and the pipe, which other processes may share, is blocking again.
      setStdoutBlocking(true);
      process.stdout.destroy();
      // A trial stuck in execSync would hold the exit (Node.js joins every thread): what it
      // waits for is asked to end (SIGTERM: a child that handles it cleans up by itself).
      killChildProcesses('SIGTERM');
      quitAtOnce();
      return;
    }
    firstStopAt = performance.now();
    if (ended) {
      flushingStopped = true;
      process.stderr.write('lockdemo: the run is over; writing the rest of its output (Ctrl-C again to quit at once)\n');
      return;
    }
    // A replay is one trial: there is no summary of others to follow.
    const replay = argv.some((word) => word === '--replay' || word.startsWith('--replay='));
    process.stderr.write(
      replay
        ? 'lockdemo: stopping the replay (Ctrl-C again to quit at once)\n'
        : 'lockdemo: stopping: the summary of the trials that came back follows (Ctrl-C again to quit at once)\n',
    );
    interrupt.abort();
  };
  process.on('SIGINT', stop);
  // Nobody reads stdout any more (`| head -1`): stop the work now, not at the next write.
  // Only a run that lasts, with stdout on a pipe, pays for the watch (see reader-watch.ts): a
  // short one, or one that writes to a file or a terminal, loads nothing.
  let reader: { stop(): void } | undefined;
  // The reader that went away is an output failure (exit 74), not a Ctrl-C (130).
  let readerGone = false;
  const watch = setTimeout(() => {
    if (!stdoutIsPipe()) return;
    void import('./reader-watch.js').then((m) => {
      reader = m.watchReader(() => {
        readerGone = true;
        interrupt.abort(READER_GONE);
      });
      // The watcher shares stdout, and starting a process makes its stdout blocking again (the
      // flag belongs to the pipe, not to one process): asynchronous once more.
      setStdoutBlocking(false);
    });
  }, 300);
  watch.unref();
  // SIGTERM ends the run as Ctrl-C does, so that what the scenario started is cleaned up; so
  // does SIGHUP, which a terminal that closes (a dropped ssh session) sends. SIGQUIT (Ctrl-\\)
  // quits at once, as a second Ctrl-C does, and still removes what the run made.
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
  const quit = (): void => {
    setStdoutBlocking(true);
    process.stdout.destroy();
    killChildProcesses('SIGTERM');
    quitAtOnce();
  };
  process.on('SIGQUIT', quit);
  // SIGUSR1 would start Node.js's debugger server in this thread, through which scenario code
  // could run code here (see contain/inspector-guard.ts); with a listener, Node.js does not.
  process.on('SIGUSR1', () => {});
  // A signal that came while lockdemo loaded is answered as if it came now (two quit at once).
  // A command that runs no scenario has nothing to summarize: it stops before it acts.
  if (earlySignals.length > 0 && command !== undefined && NO_SCENARIO.has(command)) {
    process.stderr.write('lockdemo: interrupted before it started\n');
    process.exit(EXIT_STATUS.interrupted);
  }
  for (const signal of earlySignals) {
    if (signal === 'SIGQUIT') quit();
    else stop();
  }

  // If the event loop empties while the command still awaits something, Node.js would exit
  // with 0 and print nothing: a bug must never look like success.
  const unfinished = (): void => {
    process.stderr.write('lockdemo: internal error: the command stopped before it finished\n');
    void exitFlushed(EXIT_STATUS.internal);
  };
  process.once('beforeExit', unfinished);
  const stdout = {
    write: (chunk: string): boolean => (outputFailure === undefined ? process.stdout.write(chunk) : false),
    get isTTY() {
      return process.stdout.isTTY;
    },
    // A terminal's own width; into a pipe or a file, the width the user set in COLUMNS.
    get columns() {
      return process.stdout.columns ?? columnsFromEnvironment(process.env['COLUMNS']);
    },
  };
  const stderr = {
    write: (chunk: string): boolean => process.stderr.write(chunk),
    get isTTY() {
      return process.stderr.isTTY;
    },
    // As stdout's: what is written to stderr (the start page, help's errors) wraps at the same width.
    get columns() {
      return process.stderr.columns ?? columnsFromEnvironment(process.env['COLUMNS']);
    },
  };
  let ending = await runToEnd(argv, { stdout, stderr, env: process.env, signal: interrupt.signal });
  ended = true;
  process.off('beforeExit', unfinished);
  clearTimeout(watch);
  reader?.stop();
  // Everything written must have left, or failed to, before the status can be known: a write to
  // a full pipe is still queued here, and its failure (EPIPE, ENOSPC) comes only when it is done.
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  // A write error is reported asynchronously: give it the turn it needs to arrive.
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (readerGone && outputFailure === undefined) outputFailure = Object.assign(new Error('nobody reads stdout'), { code: 'EPIPE' });
  if (outputFailure !== undefined) {
    // Said whatever the verdict (a full disk under a failing run too), but a failing verdict
    // keeps its own code: only a run that would have ended `ok` ends as an output failure.
    if (outputFailure.code !== 'EPIPE') process.stderr.write(`lockdemo: cannot write the output: ${outputFailure.message}\n`);
    if (ending === 'ok' || (readerGone && ending === 'interrupted')) ending = 'output';
  }
  // Exit now rather than when the event loop empties: a trial abandoned as stalled or timed
  // out may still hold a timer.
  await exitFlushed(EXIT_STATUS[ending]);
}

/** Exits with `status` once stderr has let go of what was written to it (see flush-output.ts). */
async function exitFlushed(status: number): Promise<never> {
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  if (!(await settleStoppedWorkers())) await killStuck();
  // What scenario code left running ends before its temporary directory goes (see run-temp.ts).
  await endRunChildren();
  process.exit(status);
}

let quitting = false;

/**
 * Exits with 130 now (a second Ctrl-C): not with process.exit alone, which would wait for ever
 * for a thread stuck in a system call (a trial opening a FIFO nobody writes), deaf to any
 * signal but SIGKILL. Such a thread is given a moment to end, and then killStuck ends the process.
 */
function quitAtOnce(): void {
  if (quitting) return;
  quitting = true;
  // A worker still running (the first stop not yet past its grace) is ended now, and waited for.
  quitAll();
  void (async () => {
    // A thread in execSync waits for its command, which got SIGTERM: one that ignores it gets
    // SIGKILL, and the thread a moment more (a loaded machine takes it).
    let all = await stoppedWithin(300);
    if (!all) {
      killChildProcesses('SIGKILL');
      all = await stoppedWithin(1500);
    }
    if (!all) await killStuck();
    await endRunChildren(100);
    process.exit(EXIT_STATUS.interrupted);
  })();
}

/**
 * Node.js would wait at exit for a thread that never comes back: the one way out left, once the
 * run's temporary directory is gone (no exit handler runs after SIGKILL) and a line says why.
 */
async function killStuck(): Promise<never> {
  process.stderr.write('lockdemo: scenario code is stuck in a system call that cannot be interrupted: ending the process (SIGKILL)\n');
  await endRunChildren(100);
  removeRunTemp();
  await flushed(process.stderr);
  // The pipe outlives this process, shared with the rest of a pipeline: blocking again, as it was.
  setStdoutBlocking(true);
  process.kill(process.pid, 'SIGKILL');
  // SIGKILL is not delivered synchronously on every platform: wait for it.
  return new Promise<never>(() => {});
}

/**
 * Makes writes to stdout asynchronous (`blocking` false) when it is a pipe (see main), or
 * synchronous again, as Node.js has it, before the process ends in a way that does not restore it.
 */
function setStdoutBlocking(blocking: boolean): void {
  const handle = (process.stdout as unknown as { _handle?: { setBlocking?: (blocking: boolean) => number } })._handle;
  if (stdoutIsPipe()) handle?.setBlocking?.(blocking);
}
