/**
 * How a scenario's own options are shown in every output, the library's report included:
 * secret values masked, a URL's password only.
 */
import type { ScenarioOption } from './scenario-option.js';

/** A URL's password never reaches the output: `redis://:***@host:port`. */
export function redactUrl(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^/@\s:]*):([^/@\s]*)@/gi, (_, scheme: string, user: string) => `${scheme}${user}:***@`);
}

/** A value as lockdemo shows it: a secret one masked (a URL keeps all but its password). */
export function shownValue(option: ScenarioOption | undefined, value: string): string {
  if (option?.secret !== true) return value;
  const masked = redactUrl(value);
  return masked !== value || /^[a-z][a-z0-9+.-]*:\/\/[^@]*$/i.test(value) ? masked : '***';
}

/** The options in effect (given, from a variable, or defaults), shown: `{ origin: 'http' }`. */
export function shownOptions(
  declared: Readonly<Record<string, ScenarioOption>>,
  effective: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const [name, value] of Object.entries(effective)) if (value !== undefined) shown[name] = shownValue(declared[name], value);
  return shown;
}
