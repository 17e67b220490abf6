/**
 * How an error in the worker becomes plain data for the main thread: the kind of ending it
 * stands for, never an exit code (main.ts alone maps kinds to numbers).
 *
 * Who is at fault is decided where lockdemo calls scenario code, not guessed afterwards: every
 * such call site wraps what the scenario throws (load-scenario.ts for the module's import,
 * contained-scenario.ts for its fields and `open`/`close`, the trial loop for `setup`, grading
 * for `match` and `description`), so a scenario's fault arrives as a ScenarioError or a
 * CliError of kind `scenario`. Lockdemo's own refusals carry their kind (RunOptionError and
 * ReplayError are usage). Anything else thrown in a request is lockdemo's own bug: `internal`.
 *
 * One place has no call site to wrap: an exception nobody catches (a timer, a promise nobody
 * awaited). Its origin is read from its stack, see {@link uncaughtToWire}.
 */
import { describeThrown } from '../../core/describe-thrown.js';
import { isA } from '../../core/is-a.js';
import { RunOptionError } from '../../core/resolve-run.js';
import { ScenarioError } from '../../core/scenario.js';
import { ReplayError } from '../../core/schedules/replay.js';
import { CliError, type GivenChoice } from '../exit-codes.js';
import { withFlag } from '../option-flags.js';
import type { WireError } from './protocol.js';

/**
 * lockdemo's own code in the build: its modules (dist/src/) and the chunks the bundler made of
 * them (dist/chunks/, which hold src/ code only: every scenario is an entry of its own, see
 * scripts/build.mjs). Frames there are lockdemo's code.
 */
const OWN_ROOTS: readonly string[] = [new URL('../../', import.meta.url).href, new URL('../../../chunks/', import.meta.url).href];

/** An error thrown while the worker answered a request. `scenario`: its name, or the module asked for. */
export function toWire(error: unknown, scenario: string): WireError {
  const stack = stackOf(error);
  const withStack = (wire: WireError): WireError => (stack !== undefined ? { ...wire, stack } : wire);
  // (Checked with isA: a hostile Proxy can make instanceof throw.)
  if (isA(error, CliError)) {
    const { kind, message, choice } = error;
    const retry = (error as { needsSelfImport?: unknown }).needsSelfImport === true ? { needsSelfImport: true as const } : {};
    return withStack({ kind, message, ...(choice !== undefined ? { choice } : {}), ...retry });
  }
  if (isA(error, ScenarioError)) {
    const message = describeThrown(error);
    // Messages name the scenario already, or get its name in front.
    const named = message.startsWith('scenario "') || message.startsWith(`${scenario} `) ? message : `scenario "${scenario}": ${message}`;
    return withStack({ kind: 'scenario', message: named });
  }
  if (isA(error, RunOptionError)) {
    const { option, given, accepted } = error.detail;
    const choice = choiceOf(given, accepted);
    return withStack({ kind: 'usage', message: withFlag(describeThrown(error), option), ...(choice ? { choice } : {}) });
  }
  if (isA(error, ReplayError)) return withStack({ kind: 'usage', message: `--replay does not fit ${scenario}: ${describeThrown(error)}` });
  // Anything lockdemo did not make on purpose, thrown in lockdemo's own code: a bug.
  return withStack({ kind: 'internal', message: `internal error in the worker: ${describeThrown(error)}` });
}

/**
 * An exception that no request caught. Those lockdemo made (a ScenarioError thrown by a
 * `match` called from the engine) are classified as in {@link toWire}. For the rest there is no
 * call site that knows whose code it was, so the stack says: a value that is not an Error
 * (lockdemo throws only Errors), or an Error with any frame outside lockdemo's own modules (a
 * scenario's timer, built-in scenarios included), is the scenario's; one whose every frame is
 * lockdemo's (or Node.js's own) is a bug in lockdemo.
 */
export function uncaughtToWire(error: unknown, scenario: string, ownRoots: string | readonly string[] = OWN_ROOTS): WireError {
  if (isA(error, CliError) || isA(error, ScenarioError) || isA(error, RunOptionError) || isA(error, ReplayError)) {
    return toWire(error, scenario);
  }
  if (thrownByLockdemo(stackOf(error), ownRoots)) return toWire(error, scenario);
  const stack = stackOf(error);
  return {
    kind: 'scenario',
    message: `scenario "${scenario}": threw outside any trial (a timer, an unawaited promise): ${describeThrown(error)}`,
    ...(stack !== undefined ? { stack } : {}),
  };
}

/** Whether every frame of a stack with at least one frame of lockdemo's lies in lockdemo or Node.js. */
export function thrownByLockdemo(stack: string | undefined, ownRoots: string | readonly string[]): boolean {
  if (stack === undefined) return false;
  const files = framesOf(stack).filter((file) => !file.startsWith('node:'));
  const roots = (typeof ownRoots === 'string' ? [ownRoots] : ownRoots).map((root) => root.replace(/^file:\/\//, ''));
  const own = (file: string): boolean => {
    const path = file.replace(/^file:\/\//, '');
    return roots.some((root) => path.startsWith(root));
  };
  return files.length > 0 && files.every(own);
}

/** The file (URL or path) of each `at` line of a V8 stack. */
function framesOf(stack: string): string[] {
  const files: string[] = [];
  for (const line of stack.split('\n')) {
    const at = /^\s+at (?:async )?(?:.*\()?((?:file|node):[^\s)]*?|\/[^\s)]*?)(?::\d+)*\)?$/.exec(line);
    if (at?.[1] !== undefined) files.push(at[1]);
  }
  return files;
}

/** A choice among names that the given value is not one of: main() may suggest the closest. */
function choiceOf(given: unknown, accepted: readonly string[] | undefined): GivenChoice | undefined {
  if (typeof given !== 'string' || accepted === undefined || accepted.includes(given)) return undefined;
  return { given, accepted };
}

/** The stack of an Error, read without trusting it. */
function stackOf(error: unknown): string | undefined {
  if (!isA(error, Error)) return undefined;
  try {
    const stack = error.stack;
    return typeof stack === 'string' ? stack : undefined;
  } catch {
    return undefined;
  }
}
