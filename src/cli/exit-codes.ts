/**
 * Every exit status lockdemo can end with. Commands throw a {@link CliError} carrying one;
 * `runCli` is the one place that turns errors into an exit.
 */
export const ExitCode = {
  /** Every variant met its declaration. */
  Ok: 0,
  /** A forbidden outcome was observed. */
  Forbidden: 1,
  /** Bad usage or input: an unknown option, scenario or variant, a malformed number. */
  Usage: 2,
  /**
   * A scenario module could not be loaded, broke its contract (a field of the wrong kind, a
   * `match` that throws, a loop in `setup`), or called process.exit.
   */
  Load: 3,
  /** A bug in lockdemo itself (sysexits' EX_SOFTWARE). */
  Internal: 70,
  /**
   * The output could not be written (a closed pipe, a full disk) in a run that would
   * otherwise have exited 0 (sysexits' EX_IOERR). A failing verdict keeps its own code.
   */
  OutputFailed: 74,
  /** Stopped by Ctrl-C (128 + SIGINT). */
  Interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error meant for the user: one line, and the exit status it ends the process with. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
  }
}
