/**
 * The worker's entry for a built-in scenario (see host-worker.ts): host.ts and everything it
 * runs, the scenarios included, as CommonJS (`npm run build` writes that build beside the ES
 * modules: host.cjs, chunks/*.cjs, scenarios/*.cjs), each file compiled with the V8 code cache
 * the build left beside it.
 *
 * Why: before its first trial the worker spends most of its time loading (Node.js 20's ES module
 * loader, then compiling lockdemo's engine), and the first trials run in functions compiled one by
 * one as they are first called. CommonJS needs no ES module loader, and a cache taken after a
 * run holds the bytecode of every function that run compiled. Node.js 20 has no compile cache
 * of its own (module.enableCompileCache came in 22.1), so this file is that cache's loader.
 *
 * A cache V8 does not accept (another Node.js, other V8 flags, a file changed after the build)
 * is ignored: the file is compiled as if there were none. The same code runs either way. Only
 * files of this build are loaded here; packages and Node.js's builtins are `require`d as usual.
 *
 * A user's module is never run here: it may import `lockdemo` as an ES module, whose classes
 * and state would not be these; the ES module host (host.ts, built as host.js) runs it.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { workerData } from 'node:worker_threads';

/**
 * Set by the build (scripts/build.mjs) for one run of `lockdemo counter`: the worker then writes
 * each file's cache after every answer, so that the last one holds all that the run compiled.
 */
const WRITE_CACHE = process.env.LOCKDEMO_WRITE_CODE_CACHE === '1';

const nodeRequire: (id: string) => unknown = createRequire(import.meta.url);
const modules = new Map<string, { exports: unknown }>();
const scripts = new Map<string, Script>();

/** The cache of `file`, written by the build beside it. */
const cacheOf = (file: string): string => `${file}.cache`;

function readCache(file: string): Buffer | undefined {
  if (WRITE_CACHE) return undefined;
  try {
    return readFileSync(cacheOf(file));
  } catch {
    return undefined;
  }
}

type Wrapper = (
  exports: unknown,
  require: (id: string) => unknown,
  module: { exports: unknown },
  filename: string,
  dirname: string,
) => void;

/** `require` for the files of this build: a relative path is one of them, anything else is Node.js's. */
function load(file: string): unknown {
  const known = modules.get(file);
  if (known !== undefined) return known.exports;
  const module = { exports: {} };
  modules.set(file, module);
  const cachedData = readCache(file);
  // Strict, as the ES modules it was built from: the bundler's CommonJS does not say so itself.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {'use strict';${readFileSync(file, 'utf8')}\n})`, {
    filename: file,
    ...(cachedData !== undefined ? { cachedData } : {}),
  });
  scripts.set(file, script);
  const here = dirname(file);
  const wrapper = script.runInThisContext() as Wrapper;
  wrapper.call(
    module.exports,
    module.exports,
    (id) => (id.startsWith('.') ? load(resolve(here, id)) : nodeRequire(id)),
    module,
    file,
    here,
  );
  return module.exports;
}

/**
 * Writes every loaded file's cache, as it is now (the build's run; see WRITE_CACHE). A cache that
 * cannot be written is left out (the build says so): the run's own answers are not its concern.
 */
function writeCaches(): void {
  for (const [file, script] of scripts) {
    const temporary = `${cacheOf(file)}.${process.pid}`;
    try {
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cacheOf(file));
    } catch {
      // Left out, as said above.
    }
  }
}

// host.ts takes this out of workerData before any scenario code runs, as it does its port.
if (WRITE_CACHE) (workerData as { afterAnswer?: () => void }).afterAnswer = writeCaches;

load(resolve(dirname(fileURLToPath(import.meta.url)), 'host.cjs'));
