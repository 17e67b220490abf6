import { markLoading, markReady, Phase, setPhase } from '../core/heartbeat.js';
import { describeThrown } from '../core/describe-thrown.js';
import { isA } from '../core/is-a.js';
import { isScenario, type Scenario } from '../core/scenario.js';
import { CliError } from './exit-codes.js';
import { heldNamed } from './contain/intrinsics-guard.js';
import { BUILTIN_SCENARIOS } from './contain/builtin-scenarios.js';

export { BUILTIN_SCENARIOS };

export const BUILTIN_NAMES = Object.keys(BUILTIN_SCENARIOS).sort();

/** A scenario argument names a file when it has a path separator or a JavaScript extension. */
export function looksLikePath(arg: string): boolean {
  return arg.includes('/') || arg.includes('\\') || /\.(?:m?js|cjs|m?ts)$/i.test(arg);
}

/** Where a scenario module lives, for worker threads to import it again. */
const moduleUrls = new WeakMap<object, string>();

/** The file: URL a loaded scenario came from. */
export function moduleUrlOf<S, R>(scenario: Scenario<S, R>): string | undefined {
  return moduleUrls.get(scenario);
}

/** An argument that is neither a built-in's name nor a path: checked before any worker starts. */
export function unknownScenario(arg: string): CliError | undefined {
  if (looksLikePath(arg) || BUILTIN_SCENARIOS[arg] !== undefined) return undefined;
  return CliError.unknown({
    what: 'scenario',
    given: arg,
    accepted: BUILTIN_NAMES,
    otherwise: 'or give the path of a .js/.mjs/.ts/.mts scenario module',
  });
}

/** Loads a built-in scenario by name or a user's module by path; every failure is a CliError. */
export async function loadScenario(arg: string): Promise<Scenario<unknown, unknown>> {
  if (looksLikePath(arg)) return loadScenarioFile(arg);
  const load = BUILTIN_SCENARIOS[arg];
  if (load === undefined) throw unknownScenario(arg) ?? new Error(`no built-in scenario "${arg}"`);
  const scenario = checkScenario((await load()).default, `built-in scenario "${arg}"`);
  moduleUrls.set(scenario, new URL(`../../scenarios/${arg}.js`, import.meta.url).href);
  return scenario;
}

// Node's builtins are loaded here, not at the top: only a user's file needs them, and every
// builtin an ES module imports costs start-up time.
async function loadScenarioFile(arg: string): Promise<Scenario<unknown, unknown>> {
  const [{ existsSync, statSync }, path, { pathToFileURL }] = await Promise.all([
    import('node:fs'),
    import('node:path'),
    import('node:url'),
  ]);
  const file = path.resolve(arg);
  if (!existsSync(file)) throw new CliError('scenario', `cannot load ${arg}: file not found`);
  if (!statSync(file).isFile()) throw new CliError('scenario', `cannot load ${arg}: not a file`);
  // Node.js loads only these (and says "Unknown file extension" for any other).
  if (!/\.(?:m?js|cjs|m?ts)$/i.test(file)) {
    throw new CliError('scenario', `cannot load ${arg}: a scenario module ends in .js, .mjs, .cjs, .ts or .mts`);
  }
  await (await import('../core/self-import.js')).allowSelfImport(pathToFileURL(file).href);
  if (/\.m?ts$/i.test(file)) {
    // The compiler is lockdemo's to load, not the scenario's: its time is not the import's.
    markLoading();
    try {
      await (await import('./typescript-scenario.js')).prepareTypeScript(arg, file);
    } finally {
      markReady();
    }
  }
  // The time bound of the import starts now, not while lockdemo set up its resolve hook.
  setPhase(Phase.Import);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const message = `cannot load ${arg}: ${await describeImportError(error, file)}`;
    if ((await import('../core/self-import.js')).needsSelfImport(error)) throw new NeedsSelfImport(message);
    throw new CliError('scenario', message);
  }
  if (!('default' in module) || module.default === undefined) {
    throw new CliError('scenario', `cannot load ${arg}: it has no default export (export default defineScenario({...}))`);
  }
  const scenario = checkScenario(module.default, arg);
  moduleUrls.set(scenario, pathToFileURL(file).href);
  return scenario;
}

/**
 * A module of the scenario could not find `lockdemo`, and this thread has no resolve hook for
 * it (see core/self-import.ts): the supervisor loads the scenario again in a worker that has
 * one. Where nobody does, it is the plain loading error it says.
 */
export class NeedsSelfImport extends CliError {
  readonly needsSelfImport = true;
  constructor(message: string) {
    super('scenario', message);
  }
}

function checkScenario(value: unknown, where: string): Scenario<unknown, unknown> {
  if (!isScenario(value)) {
    throw new CliError(
      'scenario',
      `cannot load ${where}: its default export is not a scenario (wrap it in defineScenario from 'lockdemo')`,
    );
  }
  return value;
}

/**
 * The line of a module's syntax error. Node 20 leaves it out of the error an import() throws,
 * but `node --check` prints it as "<path>:<line>" first; this runs only on that error path.
 */
async function syntaxErrorLine(file: string): Promise<string | undefined> {
  const { spawnSync } = await import('node:child_process');
  const check = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 10_000 });
  const first = check.stderr?.split('\n').find((line) => line.trim().length > 0) ?? '';
  return first.match(/:(\d+)\s*$/)?.[1];
}

/** One line: the error's message, and for a syntax error the file and line it points at. */
async function describeImportError(error: unknown, file: string): Promise<string> {
  // One line, cut to what a line holds (a module may throw a 50 MB message), whatever was thrown.
  if (!isA(error, Error)) return describeThrown(error);
  const firstLine = describeThrown(error);
  // The worker's built-ins cannot be replaced (intrinsics-guard.ts): name the one, and whose rule it is.
  const assigned = /^Cannot assign to read only property '(.+)' of (?:object '(?:#<(\w+)>|\[object (\w+)\])')?/.exec(firstLine);
  const all = assigned?.[1] === undefined ? [] : heldNamed(assigned[1]);
  // V8 names the object's kind (`#<Map>` for Map.prototype): the ones of that kind, if any.
  const kind = assigned?.[2] ?? assigned?.[3];
  const ofKind = all.filter((name) => kind !== undefined && name.startsWith(`${kind}.`));
  const held = ofKind.length > 0 ? ofKind : all;
  if (held.length > 0) {
    return `it replaces ${held.join(' or ')}, a JavaScript built-in that lockdemo's worker counts, grades and loads its code with: a scenario may add to the built-ins, not replace them`;
  }
  // The worker takes no additions to Object.prototype (intrinsics-guard.ts): say whose rule it is.
  const added = /^Cannot add property (.+), object is not extensible$/.exec(firstLine)?.[1];
  if (added !== undefined && !Object.isExtensible(Object.prototype) && !Object.hasOwn(Object.prototype, added)) {
    return `it adds ${added} to Object.prototype, which lockdemo's worker does not allow: lockdemo's own objects inherit from it, so such a key would change its options`;
  }
  // A missing named export is a SyntaxError of linking, not of parsing: the file parses, and
  // `node --check` has nothing to say about it (on a .ts file it points at a line of its own).
  const missing = /does not provide an export named/.test(firstLine) ? await linkErrorPlace(error, file, firstLine) : undefined;
  if (missing !== undefined) return missing;
  if (error instanceof SyntaxError) {
    const line = await syntaxErrorLine(file);
    return `syntax error${line ? ` at line ${line}` : ''}: ${firstLine}`;
  }
  return firstLine;
}

/**
 * Where a module imports a name its dependency does not export: the importing module (named
 * when it is not the scenario's own file) and the line of the import, then Node.js's words.
 */
async function linkErrorPlace(error: Error, file: string, message: string): Promise<string> {
  const [{ readFileSync }, path, { fileURLToPath }] = await Promise.all([import('node:fs'), import('node:path'), import('node:url')]);
  // Node.js's stack of this error starts with "<url of the importing module>:<line>".
  const url = /^(file:\/\/.+?):\d+\s*$/m.exec(error.stack ?? '')?.[1];
  let importer = file;
  try {
    if (url !== undefined) importer = fileURLToPath(url);
  } catch {
    // Not a file URL: the scenario's own file is the best guess.
  }
  const specifier = /The requested module '([^']*)'/.exec(message)?.[1];
  let line: number | undefined;
  try {
    const source = readFileSync(importer, 'utf8');
    const found = specifier === undefined ? [] : [`'${specifier}'`, `"${specifier}"`].map((q) => source.indexOf(q)).filter((i) => i >= 0);
    if (found.length > 0) line = source.slice(0, Math.min(...found)).split('\n').length;
  } catch {
    // Unreadable: the message alone still says what is missing.
  }
  const where = importer === file ? '' : `${path.relative(process.cwd(), importer)} `;
  return `${where}${line !== undefined ? `line ${line}: ` : where === '' ? '' : ': '}${message}`;
}
