import type { PlatformPath } from 'node:path';

/** What resolvesByItself needs of node:path. */
type PathApi = Pick<PlatformPath, 'dirname' | 'join' | 'basename'>;

let allowed = false;
let forced = false;

/** From now on, register the hook for any module (a worker started for a module that needed it). */
export function forceSelfImport(): void {
  forced = true;
}

/** Whether the hook is registered in this thread. */
export function selfImportRegistered(): boolean {
  return allowed;
}

/**
 * Whether an import failed only because a module could not find `lockdemo`, where the hook was
 * not registered: a helper module elsewhere that imports it. Node.js keeps a failed module, so
 * the import cannot be tried again in this thread; a fresh one with the hook can.
 */
export function needsSelfImport(error: unknown): boolean {
  if (allowed || !(error instanceof Error)) return false;
  return (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && error.message.startsWith("Cannot find package 'lockdemo'");
}

/**
 * Lets a user's scenario module `import ... from 'lockdemo'` even where no lockdemo is installed
 * beside it, by registering a resolve hook that falls back to the running lockdemo. Called with
 * the module's URL before it is imported, in the main thread and in each worker.
 *
 * The hook is registered only for a module that could not resolve `lockdemo` by itself. On
 * Node.js 20 a registered hook runs on a thread of its own, which every later import in this
 * thread waits for: it costs a worker's start, and on a loaded machine an import could wait on
 * that thread for seconds, long enough to be taken for a module that never finishes loading.
 */
export async function allowSelfImport(moduleUrl: string): Promise<void> {
  if (allowed) return;
  const hook = new URL('./self-resolve-hook.js', import.meta.url);
  const [{ existsSync, readFileSync, realpathSync }, { register }, { fileURLToPath }, path] = await Promise.all([
    import('node:fs'),
    import('node:module'),
    import('node:url'),
    import('node:path'),
  ]);
  // Only the build has the hook as JavaScript; tests running the sources resolve by name.
  if (!existsSync(fileURLToPath(hook))) return;
  if (
    !forced &&
    moduleUrl.startsWith('file:') &&
    resolvesByItself(fileURLToPath(moduleUrl), { existsSync, readFileSync, realpathSync }, path)
  )
    return;
  allowed = true;
  register(hook, { data: { selfUrl: new URL('../index.js', import.meta.url).href } });
}

/** What resolvesByItself needs of node:fs. */
export interface FsApi {
  existsSync(p: string): boolean;
  readFileSync(p: string, encoding: 'utf8'): string;
  realpathSync(p: string): string;
}

/**
 * Whether an ES module at `file` resolves the bare name `lockdemo` without help, as Node.js's
 * PACKAGE_RESOLVE does: from the file's real path (Node.js resolves from there, not from a
 * symlink to it), by self-reference from inside a package named lockdemo whose `exports` give
 * `.`, or else from the first `node_modules/lockdemo` folder in its directory or above (Node.js
 * stops at that folder, whatever it holds). Yes only when the entry it finds exists: anything
 * it cannot tell (an unreadable package.json, conditions it does not follow) counts as no, and
 * the hook is then registered, which changes nothing for a name that does resolve.
 */
export function resolvesByItself(file: string, fs: FsApi, path: PathApi): boolean {
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch {
    return false;
  }
  // From the symlink too: Node.js resolves from there under --preserve-symlinks.
  return resolvesFrom(real, fs, path) && (real === file || resolvesFrom(file, fs, path));
}

function resolvesFrom(file: string, fs: FsApi, path: PathApi): boolean {
  let dir = path.dirname(file);
  // The package scope (for self-reference) is the nearest package.json, looked for no higher
  // than a node_modules folder.
  let scope = false;
  for (;;) {
    if (path.basename(dir) === 'node_modules') scope = true;
    const manifest = path.join(dir, 'package.json');
    if (!scope && fs.existsSync(manifest)) {
      scope = true;
      const json = readManifest(fs, manifest);
      if (json === undefined) return false;
      if (json.name === 'lockdemo' && json.exports !== undefined && json.exports !== null) return exportsEntry(fs, path, dir, json.exports);
    }
    const installed = path.join(dir, 'node_modules', 'lockdemo');
    if (fs.existsSync(installed)) return packageEntry(fs, path, installed);
    const up = path.dirname(dir);
    if (up === dir) return false;
    dir = up;
  }
}

interface Manifest {
  name?: unknown;
  exports?: unknown;
  main?: unknown;
}

function readManifest(fs: FsApi, manifest: string): Manifest | undefined {
  try {
    const json: unknown = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    return typeof json === 'object' && json !== null ? json : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the package in `dir` (a node_modules/lockdemo folder) has the entry `import` would load. */
function packageEntry(fs: FsApi, path: PathApi, dir: string): boolean {
  const manifest = path.join(dir, 'package.json');
  if (!fs.existsSync(manifest)) return false;
  const json = readManifest(fs, manifest);
  if (json === undefined) return false;
  if (json.exports !== undefined && json.exports !== null) return exportsEntry(fs, path, dir, json.exports);
  // No exports: the main file as given, or index.js (the cases of LEGACY_MAIN_RESOLVE it follows).
  if (typeof json.main === 'string' && fs.existsSync(path.join(dir, json.main))) return true;
  return fs.existsSync(path.join(dir, 'index.js'));
}

/** Whether `exports` give `.` to `import` as a file that exists. */
function exportsEntry(fs: FsApi, path: PathApi, dir: string, exports: unknown): boolean {
  let target = isRecord(exports) && Object.keys(exports).some((k) => k.startsWith('.')) ? exports['.'] : exports;
  // Conditions, in their order: the first that `import` matches on Node.js.
  while (isRecord(target)) {
    const key = Object.keys(target).find((k) => k === 'import' || k === 'node' || k === 'module-sync' || k === 'default');
    if (key === undefined) return false;
    target = target[key];
  }
  return typeof target === 'string' && target.startsWith('./') && fs.existsSync(path.join(dir, target));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
