import { CommanderError } from 'commander';
import { CliError, ExitCode } from './exit-codes.js';
import type { Io } from './io.js';
import { buildProgram } from './program.js';
import { runCommand } from './run-command.js';

/**
 * Runs lockdemo with `argv` (without the node and script paths) and resolves with the exit
 * status. It never exits the process itself, so tests call it directly; this is the one place
 * where errors become exit statuses and a one-line message.
 */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  const debug = argv.includes('--debug');
  let status: number = ExitCode.Ok;
  try {
    const program = buildProgram(io, {
      run: async (scenario, options) => {
        status = await runCommand(scenario, options, io);
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
    });
    await program.parseAsync([...argv], { from: 'user' });
    return status;
  } catch (error) {
    return reportError(error, io, debug);
  }
}

function reportError(error: unknown, io: Io, debug: boolean): number {
  if (error instanceof CommanderError) {
    // Help and version end with a zero exit code; commander has already printed its one line
    // for everything else (unknown option, invalid argument, missing scenario).
    return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
  }
  if (error instanceof CliError) {
    io.stderr.write(`lockdemo: ${error.message}\n`);
    if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`lockdemo: internal error: ${message}${debug ? '' : ' (run with --debug for the stack trace)'}\n`);
  if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return ExitCode.Internal;
}

/**
 * The entry point of the `lockdemo` binary: wires the real process to runCli. A closed pipe
 * (`lockdemo ... | head -1`) ends the process quietly; the first Ctrl-C stops the run after
 * the trials in flight and prints what completed, a second one exits at once.
 */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const quietOnClosedPipe = (error: NodeJS.ErrnoException): void => {
    if (error.code === 'EPIPE') process.exit(ExitCode.Ok);
    throw error;
  };
  process.stdout.on('error', quietOnClosedPipe);
  process.stderr.on('error', quietOnClosedPipe);

  const interrupt = new AbortController();
  process.on('SIGINT', () => {
    if (interrupt.signal.aborted) process.exit(ExitCode.Interrupted);
    process.stderr.write('lockdemo: stopping after the trials in flight… (Ctrl-C again to stop at once)\n');
    interrupt.abort();
  });
  // Nobody reads stdout any more (`| head -1`): stop the work now, not at the next write.
  // Only a run that lasts pays for the watch (see reader-watch.ts); a short one loads nothing.
  let reader: { stop(): void } | undefined;
  const watch = setTimeout(() => void import('./reader-watch.js').then((m) => (reader = m.watchReader(() => interrupt.abort()))), 300);
  watch.unref();

  // If the event loop empties while the command still awaits something, Node.js would exit
  // with 0 and print nothing: a bug must never look like success.
  const unfinished = (): void => {
    process.stderr.write('lockdemo: internal error: the command stopped before it finished\n');
    process.exit(ExitCode.Internal);
  };
  process.once('beforeExit', unfinished);
  const status = await runCli(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    signal: interrupt.signal,
  });
  process.off('beforeExit', unfinished);
  clearTimeout(watch);
  reader?.stop();
  // Exit now rather than when the event loop empties: a trial abandoned as stalled or timed
  // out may still hold a timer. stdout and stderr are synchronous for files, pipes and
  // terminals on POSIX, so nothing written is lost.
  process.exit(status);
}
