import type { PlatformPath } from 'node:path';

/** What resolvesByItself needs of node:path. */
type PathApi = Pick<PlatformPath, 'dirname' | 'join' | 'basename'>;

let allowed = false;

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
  const [{ existsSync, readFileSync }, { register }, { fileURLToPath }, path] = await Promise.all([
    import('node:fs'),
    import('node:module'),
    import('node:url'),
    import('node:path'),
  ]);
  // Only the build has the hook as JavaScript; tests running the sources resolve by name.
  if (!existsSync(fileURLToPath(hook))) return;
  if (moduleUrl.startsWith('file:') && resolvesByItself(fileURLToPath(moduleUrl), { existsSync, readFileSync }, path)) return;
  allowed = true;
  register(hook, { data: { selfUrl: new URL('../index.js', import.meta.url).href } });
}

/**
 * Whether an ES module at `file` resolves the bare name `lockdemo` without help, as Node.js's
 * PACKAGE_RESOLVE does: by self-reference from inside a package named lockdemo that has
 * `exports`, or from a `node_modules/lockdemo` in its directory or any above it. Anything it
 * cannot tell (an unreadable package.json) counts as no: the hook is then registered, and it
 * changes nothing for a name that does resolve.
 */
export function resolvesByItself(
  file: string,
  fs: { existsSync(p: string): boolean; readFileSync(p: string, encoding: 'utf8'): string },
  path: PathApi,
): boolean {
  let dir = path.dirname(file);
  let scope = false;
  for (;;) {
    // Self-reference goes by the nearest package.json only.
    const manifest = path.join(dir, 'package.json');
    if (!scope && fs.existsSync(manifest)) {
      scope = true;
      try {
        const json = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown; exports?: unknown };
        if (json.name === 'lockdemo' && json.exports !== undefined) return true;
      } catch {
        return false;
      }
    }
    if (path.basename(dir) !== 'node_modules' && fs.existsSync(path.join(dir, 'node_modules', 'lockdemo', 'package.json'))) return true;
    const up = path.dirname(dir);
    if (up === dir) return false;
    dir = up;
  }
}
