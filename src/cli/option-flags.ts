/**
 * The command-line flag of each run option (core errors name the option, RunOptionError's
 * `detail.option`; the CLI shows the flag a user typed). Most are the option in kebab case.
 */
const FLAGS: Readonly<Record<string, string>> = {
  durationMs: '--duration',
  timeoutMs: '--timeout',
  captureTrial: '--trace',
  variants: '--variant',
};

export function flagOf(option: string): string {
  return FLAGS[option] ?? `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** A core message that starts with an option's name, as the CLI says it: with the flag instead. */
export function withFlag(message: string, option: string | undefined): string {
  return option !== undefined && message.startsWith(`${option} `) ? `${flagOf(option)}${message.slice(option.length)}` : message;
}
