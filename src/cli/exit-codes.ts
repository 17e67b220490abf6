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

/**
 * What an "unknown name" error knows, as data: what was given and what is accepted. main()
 * words the suggestion ("did you mean"), in one place, for every such error.
 */
export interface UnknownChoice {
  /** What kind of name: `scenario`, `variant`. */
  what: string;
  given: string;
  accepted: readonly string[];
  /** Where the name was looked for (`scenario "counter"`), when that matters. */
  within?: string;
  /** What else would have done, after the list (`or give the path of a scenario module`). */
  otherwise?: string;
}

/** An error meant for the user: one line, and the exit status it ends the process with. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    /** For an unknown name: what was given and accepted (main adds a suggestion). */
    readonly choice?: UnknownChoice,
  ) {
    super(message);
  }

  /** `unknown variant "lockd" for scenario "counter". Available: unlocked, locked`, exit 2. */
  static unknown(choice: UnknownChoice): CliError {
    return new CliError(ExitCode.Usage, describeUnknown(choice), choice);
  }
}

/** The one wording of an unknown name, with main()'s suggestion when it has one. */
export function describeUnknown(choice: UnknownChoice, suggestion?: string): string {
  const within = choice.within !== undefined ? ` for ${choice.within}` : '';
  const guess = suggestion !== undefined ? `. Did you mean "${suggestion}"?` : '';
  const otherwise = choice.otherwise !== undefined ? ` (${choice.otherwise})` : '';
  return `unknown ${choice.what} "${choice.given}"${within}. Available: ${choice.accepted.join(', ')}${guess}${otherwise}`;
}
