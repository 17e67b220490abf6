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
  /** A scenario module could not be loaded or is not a valid scenario. */
  Load: 3,
  /** A bug in lockdemo itself (sysexits' EX_SOFTWARE). */
  Internal: 70,
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
