/**
 * TypeScript scenario modules (`.ts`, `.mts`) on Node.js 20, which cannot load them itself.
 * Where Node.js strips types on its own (22.6+ with --experimental-strip-types, 23.6+ by
 * default), nothing is needed. Otherwise the types are stripped by a module load hook with
 * the `typescript` package: the user's own (resolved from the scenario's folder, so it is the
 * project's version) or else the one beside lockdemo. No type checking happens here, exactly
 * as with Node's own type stripping: `tsc` remains the type checker.
 */

/** True for a path or URL of a TypeScript module lockdemo can load. */
export function isTypeScriptModule(pathOrUrl: string): boolean {
  return /\.m?ts$/i.test(pathOrUrl);
}

let registered = false;

/**
 * Makes `import()` of TypeScript modules work in this thread. `from` is the scenario's path or
 * file: URL, where the user's `typescript` is looked for first. Resolves with true, or with one
 * line saying what to install.
 */
export async function allowTypeScript(from: string): Promise<true | string> {
  if (registered || nodeStripsTypes()) return true;
  const [{ createRequire, register }, { existsSync, readFileSync }, { fileURLToPath, pathToFileURL }] = await Promise.all([
    import('node:module'),
    import('node:fs'),
    import('node:url'),
  ]);
  const hook = new URL('./typescript-hook.js', import.meta.url);
  // Only the build has the hook as JavaScript; tests running the sources import .ts natively.
  if (!existsSync(fileURLToPath(hook))) return true;
  const file = from.startsWith('file:') ? fileURLToPath(from) : from;
  let typescript: string | undefined;
  // A typescript package without the JavaScript API that strips types (7 and later, the native
  // compiler) is passed over, and named if no other is found.
  let withoutApi: string | undefined;
  for (const base of [file, fileURLToPath(import.meta.url)]) {
    try {
      const require = createRequire(base);
      const version = installedVersion(require.resolve.paths('typescript') ?? [], existsSync, readFileSync);
      if (version !== undefined && Number(version.split('.')[0]) >= 7) {
        withoutApi ??= version;
        continue;
      }
      typescript = pathToFileURL(require.resolve('typescript')).href;
      break;
    } catch {
      // not installed there; try the next place
    }
  }
  if (typescript === undefined && withoutApi !== undefined) {
    return `typescript ${withoutApi} has no JavaScript API to strip types with: run "npm install --save-dev typescript@5" in its project (or use Node.js 23.6 or later)`;
  }
  if (typescript === undefined) {
    return 'a TypeScript scenario needs the typescript package: run "npm install --save-dev typescript" in its project (or use Node.js 23.6 or later)';
  }
  register(hook, { data: { typescript } });
  registered = true;
  return true;
}

/**
 * The version of the typescript package that resolving `typescript` from these node_modules
 * folders finds first, read from its package.json file (whose `exports` may not list it).
 */
function installedVersion(
  folders: readonly string[],
  exists: (path: string) => boolean,
  read: (path: string, encoding: 'utf8') => string,
): string | undefined {
  for (const folder of folders) {
    const manifest = `${folder}/typescript/package.json`;
    if (!exists(manifest)) continue;
    try {
      const version = (JSON.parse(read(manifest, 'utf8')) as { version?: unknown }).version;
      return typeof version === 'string' ? version : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Node.js 22.6+ reports its own type stripping in process.features.typescript when it is on. */
function nodeStripsTypes(): boolean {
  const features = process.features as { typescript?: unknown };
  return features.typescript === 'strip' || features.typescript === 'transform';
}
