/**
 * A scenario's own options: their declaration and its check. The CLI turns each into a real
 * flag of the scenario's runs; the core applies their defaults and variables (resolveRun).
 */

/**
 * A scenario's own command-line option, such as the cache's `--origin`: a flag of its runs
 * (`lockdemo cache --origin http`), listed by `lockdemo cache --help`, and a key of
 * `RunParams.options`. Its name (the key in `options`) is a lowercase word with dashes, and
 * must not be one of lockdemo's own options.
 */
export interface ScenarioOption {
  /** One line, shown in the scenario's help, in errors and by `lockdemo list`. */
  description: string;
  /** The accepted values; any value when absent. */
  choices?: readonly string[];
  /** The value when the option is not given (one of `choices`, when there are choices). */
  default?: string;
  /** An environment variable that supplies the value when the option is not given. */
  env?: string;
  /** The word for the value in help: `url` shows `--redis <url>`. Default `value`. */
  placeholder?: string;
  /**
   * The value holds a credential (a URL with a password): lockdemo never prints it as given.
   * A URL is shown with its password masked (`redis://:***@host:6379`), any other value as
   * `***`, in the header, the reproduce line, errors and the JSON. Default false.
   */
  secret?: boolean;
}

/** What a scenario option's name must look like: `--origin`, `--max-size`. */
export const OPTION_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Checks one declared option; `fail` names the field and what was expected. */
export function validateOption(name: string, option: unknown, fail: (field: string, expected: string, got: unknown) => never): void {
  const field = `options.${name}`;
  if (!OPTION_NAME.test(name)) fail(field, 'named by a lowercase word with dashes (max-size)', name);
  if (typeof option !== 'object' || option === null) fail(field, 'an object', option);
  const o = option as Record<string, unknown>;
  if (typeof o.description !== 'string' || o.description.length === 0) fail(`${field}.description`, 'a non-empty string', o.description);
  const choices = o.choices;
  if (choices !== undefined && (!Array.isArray(choices) || choices.length === 0 || !choices.every((c) => typeof c === 'string'))) {
    fail(`${field}.choices`, 'a non-empty array of strings', choices);
  }
  for (const key of ['default', 'env', 'placeholder'] as const) {
    if (o[key] !== undefined && typeof o[key] !== 'string') fail(`${field}.${key}`, 'a string', o[key]);
  }
  if (Array.isArray(choices) && typeof o.default === 'string' && !(choices as unknown[]).includes(o.default)) {
    fail(`${field}.default`, `one of its choices (${choices.join(', ')})`, o.default);
  }
  if (o.secret !== undefined && typeof o.secret !== 'boolean') fail(`${field}.secret`, 'true or false', o.secret);
}
