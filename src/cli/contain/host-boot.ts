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
 * A cache that does not belong to the file as it is now is ignored: the file is compiled as if
 * there were none, and the same code runs either way. V8 refuses a cache of another Node.js or
 * other V8 flags, but of the file it checks only the length, and it trusts the cache's bytes: a
 * file edited after the build (a patch in node_modules) would run its old code, and a damaged
 * cache crashes the process. So each cache carries the CRC-32 of the file it was taken from and
 * of itself, checked before V8 sees it. Only files of this build are loaded here; packages and
 * Node.js's builtins are `require`d as usual.
 *
 * A user's module is never run here: it may import `lockdemo` as an ES module, whose classes
 * and state would not be these; the ES module host (host.ts, built as host.js) runs it.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { workerData } from 'node:worker_threads';
import * as zlib from 'node:zlib';

/**
 * Set by the build (scripts/build.mjs) for one run of `lockdemo counter`: the worker then writes
 * each file's cache after every answer, so that the last one holds all that the run compiled.
 */
const WRITE_CACHE = process.env.LOCKDEMO_WRITE_CODE_CACHE === '1';

const nodeRequire: (id: string) => unknown = createRequire(import.meta.url);
const modules = new Map<string, { exports: unknown }>();
const scripts = new Map<string, { script: Script; source: Buffer }>();

/** The cache of `file`, written by the build beside it. */
const cacheOf = (file: string): string => `${file}.cache`;

/** Node.js 20.15 and later (zlib.crc32); without it no cache is trusted, nor written. */
const crc32: ((data: Uint8Array) => number) | undefined = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/** A cache file: the CRC-32 of the source it was taken from and of the cache, then V8's cache. */
const HEADER_BYTES = 8;

/** The cache of `source` (the file's bytes), or undefined when it was taken from other bytes or is damaged. */
function readCache(file: string, source: Buffer): Buffer | undefined {
  if (WRITE_CACHE || crc32 === undefined) return undefined;
  let stored: Buffer;
  try {
    stored = readFileSync(cacheOf(file));
  } catch {
    return undefined;
  }
  if (stored.length <= HEADER_BYTES) return undefined;
  const cache = stored.subarray(HEADER_BYTES);
  if (stored.readUInt32LE(0) !== crc32(source) || stored.readUInt32LE(4) !== crc32(cache)) return undefined;
  return cache;
}

/** What readCache accepts for `source`. */
function cacheFile(source: Buffer, cache: Buffer): Buffer {
  if (crc32 === undefined) throw new Error('no zlib.crc32 in this Node.js');
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(crc32(source), 0);
  header.writeUInt32LE(crc32(cache), 4);
  return Buffer.concat([header, cache]);
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
  const source = readFileSync(file);
  const cachedData = readCache(file, source);
  // Strict, as the ES modules it was built from: the bundler's CommonJS does not say so itself.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {'use strict';${source.toString('utf8')}\n})`, {
    // Named by URL, as the ES modules' frames are: wire-error.ts tells lockdemo's frames from a
    // scenario's by comparing URLs (a path with a space or an accent is written otherwise).
    filename: pathToFileURL(file).href,
    ...(cachedData !== undefined ? { cachedData } : {}),
  });
  scripts.set(file, { script, source });
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
  for (const [file, { script, source }] of scripts) {
    const temporary = `${cacheOf(file)}.${process.pid}`;
    try {
      writeFileSync(temporary, cacheFile(source, script.createCachedData()));
      renameSync(temporary, cacheOf(file));
    } catch {
      // Left out, as said above, and nothing left behind.
      rmSync(temporary, { force: true });
    }
  }
}

// host.ts takes this out of workerData before any scenario code runs, as it does its port.
if (WRITE_CACHE) (workerData as { afterAnswer?: () => void }).afterAnswer = writeCaches;

load(resolve(dirname(fileURLToPath(import.meta.url)), 'host.cjs'));
