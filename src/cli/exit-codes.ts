/**
 * How a lockdemo command can end, and the one table from that to the exit status. Commands
 * return an {@link Ending} or throw a {@link CliError} carrying one; main.ts is the only module
 * that turns one into a number (and the help prints the table): nothing else picks a number.
 */
export const EXIT_STATUS = {
  /** Every variant met its declaration. */
  ok: 0,
  /**
   * The verdict failed: a forbidden outcome was observed (or, under `check --ablate`, no lock is
   * needed), or a variant could not finish for a reason of its own (stopped after ten hangs; a
   * check whose trial never came back), or an exhaustive search found the scenario not
   * deterministic (an interleaving run again gave another outcome: its counts decide nothing).
   */
  failed: 1,
  /** Bad usage or input: an unknown option, scenario or variant, a malformed number, a Redis that cannot be reached. */
  usage: 2,
  /**
   * The scenario's fault: its module could not be loaded, it broke its contract (a field of the
   * wrong kind, a `match` that throws), its own code threw where no trial could count it (setup,
   * open, close, a timer), it did not come back (a loop at import, in setup or observe), or it
   * called process.exit.
   */
  scenario: 3,
  /** A bug in lockdemo itself, in the main thread or in the worker (sysexits' EX_SOFTWARE). */
  internal: 70,
  /**
   * The output could not be written (a closed pipe, a full disk) in a run that would
   * otherwise have ended `ok` (sysexits' EX_IOERR). A failing verdict keeps its own code.
   */
  output: 74,
  /** Stopped by Ctrl-C or SIGTERM (128 + SIGINT). */
  interrupted: 130,
} as const;

/** What each ending means, as `lockdemo --help` says it (one line, or a few). */
const MEANING: Readonly<Record<Ending, string>> = {
  ok: 'every variant met its declaration',
  failed:
    'a forbidden outcome was observed, a variant could not finish (stopped\n' +
    'after ten hangs), or a search found the scenario not deterministic',
  usage:
    'bad usage or input; also a bare `lockdemo`, which prints where to start:\n' +
    'nothing ran, so a script whose scenario argument went missing fails',
  scenario: 'a scenario module could not be loaded or broke its contract',
  internal: 'a bug in lockdemo (--debug shows the stack trace)',
  output: 'the output or a report file could not be written (closed pipe, full disk)',
  interrupted: 'interrupted (Ctrl-C); the partial summary is printed',
};

/** The help's list of exit codes, made from the table, so that the two cannot disagree. */
export function exitCodesHelp(
  /** A command's own words for some endings (check's 1 has causes a run's has not). */
  own: Partial<Record<Ending, string>> = {},
): string {
  const rows = (Object.keys(EXIT_STATUS) as Ending[]).map((ending) =>
    (own[ending] ?? MEANING[ending])
      .split('\n')
      .map((line, i) => `  ${(i === 0 ? String(EXIT_STATUS[ending]) : '').padEnd(5)}${line}`)
      .join('\n'),
  );
  return `\nExit codes:\n${rows.join('\n')}`;
}

/** How a command ended: a key of the one table {@link EXIT_STATUS}. */
export type Ending = keyof typeof EXIT_STATUS;

/** The endings an error can carry: `ok` and `failed` are verdicts, never errors. */
export type ErrorKind = Exclude<Ending, 'ok' | 'failed'>;

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

/** What was given and what would have been accepted, for a "did you mean" after any message. */
export interface GivenChoice {
  given: string;
  accepted: readonly string[];
}

/** An error meant for the user: one line, and the kind of ending it stands for. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /**
     * For an unknown name: what was given and accepted. main() adds the suggestion: inside the
     * sentence for an {@link UnknownChoice}, after it for a {@link GivenChoice}.
     */
    readonly choice?: UnknownChoice | GivenChoice,
  ) {
    super(message);
  }

  /** `unknown variant "lockd" for scenario "counter". Available: unlocked, locked`, a usage error. */
  static unknown(choice: UnknownChoice): CliError {
    return new CliError('usage', describeUnknown(choice), choice);
  }
}

/** The one wording of an unknown name, with main()'s suggestion when it has one. */
export function describeUnknown(choice: UnknownChoice, suggestion?: string): string {
  const within = choice.within !== undefined ? ` for ${choice.within}` : '';
  const guess = suggestion !== undefined ? `. Did you mean "${suggestion}"?` : '';
  const otherwise = choice.otherwise !== undefined ? ` (${choice.otherwise})` : '';
  return `unknown ${choice.what} "${choice.given}"${within}. Available: ${choice.accepted.join(', ')}${guess}${otherwise}`;
}

/** An error's message with main()'s suggestion, worded for either kind of choice. */
export function withSuggestion(message: string, choice: UnknownChoice | GivenChoice, suggestion: string | undefined): string {
  if ('what' in choice) return describeUnknown(choice, suggestion);
  return suggestion !== undefined && suggestion !== choice.given ? `${message}. Did you mean "${suggestion}"?` : message;
}
