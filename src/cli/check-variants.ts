import { CliError } from './exit-codes.js';
import { BUILTIN_NAMES, looksLikePath } from './load-scenario.js';
import { shellQuote } from './command-line.js';

/**
 * `check --variant`: every name must be a variant of at least one target, or the check would
 * silently check nothing for it. The error names what the targets offer.
 */
export function checkVariantNames(
  wanted: readonly string[],
  variantNames: readonly string[],
  /** The targets the command line named itself (none: every built-in), kept in the command the error gives. */
  targets: readonly string[] = [],
): void {
  const offered = [...new Set(variantNames)];
  const unknown = wanted.filter((name) => !offered.includes(name));
  if (unknown.length === 0) return;
  const [first] = unknown;
  // `check --variant locked counter`: --variant took every word after it, the scenarios too.
  const scenarios = unknown.filter((name) => BUILTIN_NAMES.includes(name) || looksLikePath(name));
  if (scenarios.length > 0) {
    const variants = wanted
      .filter((name) => !scenarios.includes(name))
      .map(shellQuote)
      .join(' ');
    const named = scenarios.map((name) => `"${name}"`).join(', ');
    const command = `lockdemo check ${[...targets, ...scenarios].map(shellQuote).join(' ')}${variants === '' ? '' : ` --variant ${variants}`}`;
    throw new CliError(
      'usage',
      `${named} ${scenarios.length === 1 ? 'is a scenario, not a variant' : 'are scenarios, not variants'}: --variant takes every word after it, so name the scenarios first (${command})`,
    );
  }
  throw new CliError(
    'usage',
    `no target has a variant ${unknown.map((n) => `"${n}"`).join(', ')} (the targets' variants: ${offered.join(', ')})`,
    // One unknown name may be a typo: main() suggests the closest.
    unknown.length === 1 && first !== undefined ? { given: first, accepted: offered } : undefined,
  );
}
