import { InvalidArgumentError, Option, type Command } from 'commander';
import type { ScenarioOption } from '../core/scenario.js';
import { CliError } from './exit-codes.js';
import { oneLine } from './commander-errors.js';

export { shownOptions, shownValue };
import { shownOptions, shownValue } from '../core/shown-options.js';

/**
 * A scenario's declared options as real flags of its runs: added to the command line once the
 * scenario is loaded (its module declares them, in the worker), read back by name, and shown
 * (a secret one masked) in the header, the reproduce and replay lines, and the JSON.
 */
export type Declared = Readonly<Record<string, ScenarioOption>>;

/**
 * The scenario's own options, as flags of `program`; one that clashes with lockdemo's is a contract error.
 * For `check`, `scenario` names every target and `runFlags` are the flags of a run, which
 * check does not take: an unknown option that is one of them is said to be so.
 */
export function addScenarioFlags(
  program: Command,
  scenario: string,
  declared: Declared,
  check?: { targets: number; runFlags: readonly string[] },
): void {
  const taken = new Set(['help', 'h', ...program.options.flatMap((o) => [o.long?.slice(2), o.attributeName()])]);
  for (const [name, option] of Object.entries(declared)) {
    const flag = new Option(`--${name} <${option.placeholder ?? 'value'}>`, describeFlag(option));
    if (taken.has(name) || taken.has(flag.attributeName())) {
      throw new CliError('scenario', `scenario "${scenario}": its option --${name} is one of lockdemo's own: give it another name`);
    }
    if (option.choices !== undefined) flag.choices(option.choices);
    // `--size --json`: the value is missing, and commander would take the next flag for it.
    else flag.argParser((value: string) => notAFlag(name, value));
    program.addOption(flag);
  }
  // An option neither lockdemo nor the scenario knows: say what the scenario accepts.
  const names = Object.keys(declared).map((name) => `--${name}`);
  const several = check !== undefined && check.targets > 1;
  const own =
    names.length > 0
      ? `${several ? "the targets'" : `${scenario}'s`} own options: ${names.join(', ')}`
      : several
        ? 'none of the targets has options of its own'
        : `${scenario} has no options of its own`;
  const hint = (message: string): string => {
    if (!/unknown option/.test(message)) return message;
    // `--trace-trial=3` is the flag --trace-trial with its value.
    const written = /unknown option '([^'=]*)/.exec(message)?.[1];
    // `-j2` is the short flag -j with its value.
    const flag = written?.startsWith('--') === false ? written.slice(0, 2) : written;
    const runOnly = flag !== undefined && check?.runFlags.includes(flag) === true;
    // A run's flag given to check is no typo of another flag (--trace is not --trials).
    if (message.includes('Did you mean') && !runOnly) return message;
    const bare = message.replace(/\s*\(?Did you mean [^\n]*/, '').trimEnd();
    return `${bare} (${runOnly ? `${flag} applies to lockdemo <scenario>, not to check; ` : ''}${own})\n`;
  };
  program.configureOutput({ outputError: (message, write) => write(oneLine(hint(message))) });
}

/** The description of a flag in the help: commander adds the choices; the default and variable are ours. */
function describeFlag(option: ScenarioOption): string {
  const facts = [
    ...(option.default !== undefined ? [`default: ${option.default}`] : []),
    ...(option.env !== undefined ? [`also from ${option.env}`] : []),
  ];
  return facts.length > 0 ? `${option.description} (${facts.join(', ')})` : option.description;
}

/**
 * The scenario's options given on the command line, by name (commander keeps them camelCased).
 * Defaults and variables are not filled in here: the core applies them (resolveRun), for the
 * CLI and the library alike, so that a run says the same whichever way it was started.
 */
export function takeScenarioFlags(program: Command, declared: Declared): Record<string, string> {
  const given: Record<string, string> = {};
  const parsed: Record<string, unknown> = program.opts();
  for (const name of Object.keys(declared)) {
    const key = new Option(`--${name} <value>`).attributeName();
    const value = parsed[key];
    if (typeof value === 'string' && program.getOptionValueSource(key) === 'cli') given[name] = value;
  }
  return given;
}

/** `text` with every secret value in effect masked: a scenario's `setting` may quote one. */
export function maskSecrets(text: string, declared: Declared, effective: Readonly<Record<string, string | undefined>>): string {
  let masked = text;
  for (const [name, value] of Object.entries(effective)) {
    if (value !== undefined && value !== '' && declared[name]?.secret === true)
      // From a function: a replacement string reads `$&` in the shown value as the whole match, password and all.
      masked = masked.replaceAll(value, () => shownValue(declared[name], value));
  }
  return masked;
}

/** The header's word on what the run uses: the scenario's `setting` and its options in effect. */
export function settingOf(
  declared: Declared,
  setting: string | undefined,
  effective: Readonly<Record<string, string | undefined>>,
): string[] {
  return [
    ...(setting !== undefined ? [maskSecrets(setting, declared, effective)] : []),
    ...Object.entries(shownOptions(declared, effective)).map(([name, value]) => `--${name} ${value}`),
  ];
}

/** A scenario option's value as given, unless it is another option (the value was left out). */
function notAFlag(name: string, value: string): string {
  if (!value.startsWith('--')) return value;
  throw new InvalidArgumentError(`Expected a value for --${name}, not the option ${value}.`);
}
