/**
 * The one place that reads lockdemo's `--json` document, so a change of its shape (the engine
 * is being rewritten) is adapted here only. Outcomes become the same keys as the reference's
 * (enumerator.ts `outcomeKey`): a scenario's value as JSON, a runner outcome as `<kind>`.
 */
import type { Io } from '../../src/cli/io.js';
import { ROOT } from '../e2e/run-built.js';

/** The built CLI's entry (`npm test` builds first), as bin/lockdemo.js imports it. */
const BUILT_MAIN = new URL('dist/src/cli/main.js', `file://${ROOT}/`).href;

export interface EngineVariant {
  name: string;
  trials: number;
  /** Trials (or interleavings) per outcome key; outcomes listed with 0 are left out. */
  counts: Map<string, number>;
  /** exhaustive only. */
  interleavings: number | undefined;
  complete: boolean | undefined;
}

export interface EngineRun {
  code: number;
  stderr: string;
  /** Undefined when stdout was not a JSON document (an error exit). */
  variants: Map<string, EngineVariant> | undefined;
}

/**
 * Runs the built CLI with `--json` added and reads its variants. A run that takes longer than
 * `timeoutMs` is killed and reported as such (a hang must fail a test, not stall the suite).
 */
export async function runEngineJson(args: string[], timeoutMs = 30_000): Promise<EngineRun> {
  const result = await run([...args, '--json'], timeoutMs);
  let document: unknown;
  try {
    document = JSON.parse(result.stdout);
  } catch {
    return { code: result.code, stderr: result.stderr, variants: undefined };
  }
  return { code: result.code, stderr: result.stderr, variants: readVariants(document) };
}

/**
 * Runs `--replay` of one interleaving with `--json` and reads the outcome key of its value, or
 * undefined with the CLI's words on stderr when the replay was refused.
 */
export async function runEngineReplay(args: string[], timeoutMs = 30_000): Promise<{ key: string | undefined; stderr: string }> {
  const result = await run([...args, '--json'], timeoutMs);
  try {
    const document: unknown = JSON.parse(result.stdout);
    return { key: engineKey(document), stderr: result.stderr };
  } catch {
    return { key: undefined, stderr: result.stderr.trim() };
  }
}

/** Throws with the CLI's own words when the run did not give a document. */
export function variantsOf(run: EngineRun, what: string): Map<string, EngineVariant> {
  if (run.variants === undefined) throw new Error(`${what}: exit ${run.code}, no JSON document: ${run.stderr.trim()}`);
  return run.variants;
}

/**
 * Runs the built CLI's `runCli` in this process (what `bin/lockdemo.js` calls, minus the
 * process): these suites compare the engine's results with references, and a spawned node
 * per run would add its start-up to each of their many runs without testing anything more.
 * Scenario code still runs in the CLI's supervised worker, as from the command line.
 */
async function run(args: string[], timeoutMs: number): Promise<{ code: number; stdout: string; stderr: string }> {
  const { runCli } = (await import(BUILT_MAIN)) as { runCli: (argv: readonly string[], io: Io) => Promise<number> };
  let stdout = '';
  let stderr = '';
  const stop = new AbortController();
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    stop.abort();
  }, timeoutMs);
  const env = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  const io: Io = {
    stdout: { write: (chunk: string) => (stdout += chunk), isTTY: false },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: false },
    env,
    signal: stop.signal,
  };
  try {
    const code = await runCli(args, io);
    if (killed) return { code: -1, stdout: '', stderr: `stopped after ${timeoutMs} ms: lockdemo ${args.join(' ')}` };
    return { code, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}

function readVariants(document: unknown): Map<string, EngineVariant> {
  const variants = new Map<string, EngineVariant>();
  for (const v of arrayAt(document, 'variants')) {
    const name = String(field(v, 'name'));
    const counts = new Map<string, number>();
    for (const o of arrayAt(v, 'outcomes')) {
      const count = Number(field(o, 'count'));
      if (count > 0) counts.set(engineKey(o), (counts.get(engineKey(o)) ?? 0) + count);
    }
    const interleavings = field(v, 'interleavings');
    const complete = field(v, 'complete');
    variants.set(name, {
      name,
      trials: Number(field(v, 'trials')),
      counts,
      interleavings: typeof interleavings === 'number' ? interleavings : undefined,
      complete: typeof complete === 'boolean' ? complete : undefined,
    });
  }
  return variants;
}

/**
 * Today the runner's outcomes are display strings in the value space ("deadlock",
 * "error: <message>", "stalled: ..."); the rewrite makes them a tagged kind, which may reach the
 * JSON as a `kind` field. Both are read here.
 */
function engineKey(outcome: unknown): string {
  const kind = field(outcome, 'kind');
  const value = field(outcome, 'value');
  if (typeof kind === 'string' && kind !== 'value') return `<${kind.replace(/-/g, ' ')}>`;
  if (value === 'deadlock') return '<deadlock>';
  if (typeof value === 'string' && value.startsWith('error: ')) return '<error>';
  if (typeof value === 'string' && value.startsWith('stalled')) return '<stalled>';
  if (typeof value === 'string' && /^step.limit/.test(value)) return '<step limit>';
  return JSON.stringify(value);
}

function field(object: unknown, name: string): unknown {
  return typeof object === 'object' && object !== null ? (object as Record<string, unknown>)[name] : undefined;
}

function arrayAt(object: unknown, name: string): unknown[] {
  const value = field(object, name);
  return Array.isArray(value) ? value : [];
}
