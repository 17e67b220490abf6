/**
 * A module load hook, registered only when lockdemo loads a TypeScript scenario on a Node.js
 * that cannot strip types itself. It turns `.ts`/`.mts` files into JavaScript with the
 * `typescript` package's transpileModule (types removed, nothing checked), and lets a
 * TypeScript module import its TypeScript neighbours as `./helper.js`, as tsc expects.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

interface Resolved {
  url: string;
  shortCircuit?: boolean;
  format?: string | null;
}
interface Loaded {
  format: string;
  source?: string | ArrayBuffer | Uint8Array;
  shortCircuit?: boolean;
}
interface ResolveContext {
  parentURL?: string;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<Resolved>;
type NextLoad = (url: string, context: unknown) => Promise<Loaded>;

/** The parts of the typescript package this hook uses. */
interface TypeScriptApi {
  transpileModule(
    source: string,
    options: { fileName: string; reportDiagnostics: boolean; compilerOptions: Record<string, unknown> },
  ): {
    outputText: string;
    diagnostics?: Array<{ start?: number; messageText: string | { messageText: string } }>;
  };
  ModuleKind: { ESNext: number };
  ScriptTarget: { ES2022: number };
}

let typescriptUrl = '';
let typescript: TypeScriptApi | undefined;

/**
 * Loads the compiler here, before the scenario's import starts: register() waits for this, so
 * loading the compiler (seconds on a loaded machine) is lockdemo's own loading, which the
 * supervisor does not time as the scenario's import (see load-scenario.ts).
 */
export async function initialize(data: { typescript: string }): Promise<void> {
  typescriptUrl = data.typescript;
  try {
    typescript = ((await import(typescriptUrl)) as { default: TypeScriptApi }).default;
  } catch {
    // Left to the first load, which reports it as the scenario's import failing.
  }
}

const TS = /\.m?ts$/i;

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<Resolved> {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const fromTs = context.parentURL !== undefined && TS.test(new URL(context.parentURL).pathname);
    if (fromTs && /^\.\.?\//.test(specifier) && /\.m?js$/.test(specifier)) {
      return nextResolve(specifier.replace(/\.(m?)js$/, '.$1ts'), context);
    }
    throw error;
  }
}

export async function load(url: string, context: unknown, nextLoad: NextLoad): Promise<Loaded> {
  if (!url.startsWith('file:') || !TS.test(new URL(url).pathname)) return nextLoad(url, context);
  typescript ??= ((await import(typescriptUrl)) as { default: TypeScriptApi }).default;
  const ts = typescript;
  const fileName = fileURLToPath(url);
  const text = await readFile(fileName, 'utf8');
  const output = ts.transpileModule(text, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false, inlineSourceMap: true },
  });
  const problem = output.diagnostics?.[0];
  if (problem !== undefined) {
    const line = problem.start === undefined ? undefined : text.slice(0, problem.start).split('\n').length;
    const message = typeof problem.messageText === 'string' ? problem.messageText : problem.messageText.messageText;
    // A plain Error whose first line says it all: the loader reports it as one line.
    throw new Error(`syntax error${line === undefined ? '' : ` at line ${line}`}: ${message}`);
  }
  return { format: 'module', source: output.outputText, shortCircuit: true };
}
