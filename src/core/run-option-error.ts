/**
 * Thrown for options that do not fit the scenario or the schedule. `option` names the run
 * option at fault (the CLI shows it as its flag), `given` what was given and `accepted` what
 * would have been.
 */
export class RunOptionError extends Error {
  override name = 'RunOptionError';
  constructor(
    message: string,
    readonly detail: { option?: string; given?: unknown; accepted?: readonly string[] } = {},
  ) {
    super(message);
  }
}
