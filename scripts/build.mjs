#!/usr/bin/env node
/**
 * `npm run build`: tsc type-checks and emits into .build/ (`--no-check`: emits only), then the JavaScript is bundled into
 * dist/ and the declarations are copied beside it. The bundle is for start-up time: Node.js 20
 * loads each ES module on its own (resolve, read, compile, link), and `lockdemo counter` would
 * load about eighty of lockdemo's own modules in its two threads before the first trial; bundled,
 * it loads about a dozen files (see the bench's start-up row).
 *
 * Every file that something loads by its path stays a file of its own at the same place: the
 * package's entry points, the modules started by URL (a Worker, module.register, fork) and every
 * scenario. What they share goes into chunks, each source module into exactly one of them, so a
 * module's state (a class, a symbol, a registry) exists once however many entries import it.
 * What only some commands load (the HTML report, `check`, the help, Redis) stays a dynamic import
 * of a chunk of its own. Nothing is tree-shaken, renamed away or reordered within a module.
 *
 * `import.meta.url` keeps meaning the module's own place in the unbundled layout, wherever its
 * code lands, so that `new URL('./host.js', import.meta.url)` and the like still find their files.
 *
 * The worker that runs a built-in scenario gets a second build, CommonJS, and a V8 code cache for
 * each of its files, taken after one run of `lockdemo counter` (see src/cli/contain/host-boot.ts).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
const from = join(root, '.build');
const to = join(root, 'dist');

// Nothing of an earlier build stays: a deleted module must not live on in the package.
rmSync(from, { recursive: true, force: true });
rmSync(to, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
// `--no-check` (npm test) emits without type-checking: the same files, byte for byte, in half the
// time; `npm run typecheck` checks the types, and CI runs it.
const noCheck = process.argv.includes('--no-check') ? ['--noCheck'] : [];
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), ...noCheck], { stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);
cpSync(from, to, { recursive: true, filter: (file) => !file.endsWith('.js') });

/** Modules loaded by path (the bin, the package's exports, a Worker, module.register, fork). */
const ENTRIES = [
  'src/index.js',
  'src/vitest.js',
  'src/cli/main.js',
  'src/cli/contain/host.js',
  'src/core/trial-worker.js',
  'src/core/self-resolve-hook.js',
  'src/core/typescript-hook.js',
  // Loaded first by every worker that scenario code starts (`--require`, in its CommonJS build).
  'src/cli/contain/inspector-guard.js',
];

/** Every scenario module is an entry: built-ins are imported by name, and tests load them by path. */
const scenarios = readdirSync(join(from, 'scenarios'))
  .filter((f) => f.endsWith('.js'))
  .map((f) => `scenarios/${f}`);

const input = Object.fromEntries([...ENTRIES, ...scenarios].map((file) => [file.replace(/\.js$/, ''), join(from, file)]));
const entries = new Set(Object.values(input));

/** The modules `file` imports statically (tsc's output: one `import`/`export … from` per line). */
function staticImports(file) {
  const code = readFileSync(file, 'utf8');
  return [...code.matchAll(/^(?:import|export)\s(?:[^'";]*?\sfrom\s)?['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) =>
    resolve(dirname(file), m[1]),
  );
}

/** `entries` and every module they import statically, however deep. */
function closure(...entries) {
  const seen = new Set();
  const stack = entries.map((e) => join(from, e));
  while (stack.length > 0) {
    const file = stack.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    stack.push(...staticImports(file));
  }
  return seen;
}

/**
 * What loads together goes in one chunk, in this order of priority (a module goes to the first
 * group that has it). Everything else (what only some commands load) is split automatically.
 *   - worker: what the worker loads before anything else, as little as possible;
 *   - start: what the main thread loads before it starts the worker, as little as possible;
 *   - shared: what the main thread's run needs of the engine and the host (the tally, the
 *     report's shape, the schedules' table, the built-in names), so that it loads neither;
 *   - engine: the library, which every scenario module imports, so every worker loads it;
 *   - host: the rest of what the worker loads before the first trial;
 *   - cli: the rest of what the main thread loads for a run.
 */
const cliModules = closure('src/cli/command-parts.js');
const workerModules = new Set([...closure('src/index.js'), ...closure('src/cli/contain/host-requests.js')]);
const GROUPS = [
  ['worker', closure('src/cli/contain/host.js')],
  ['start', closure('src/cli/main.js')],
  ['shared', new Set([...cliModules].filter((id) => workerModules.has(id)))],
  ['engine', closure('src/index.js')],
  ['host', closure('src/cli/contain/host-requests.js')],
  ['cli', cliModules],
];

const META = '__lockdemo_import_meta_url__';

/**
 * `import.meta.url` of each module as in the unbundled layout: the module's path is written in
 * when it is loaded, and made a URL relative to the chunk its code ends up in once that is known.
 * `base`: the URL of the chunk itself, in the output's format.
 */
const importMetaUrl = (base = 'import.meta.url') => ({
  name: 'lockdemo-import-meta-url',
  transform(code, id) {
    if (!code.includes('import.meta.url')) return null;
    const file = relative(from, id).split(sep).join('/');
    return { code: code.replaceAll('import.meta.url', `${META}(${JSON.stringify(file)})`), map: null };
  },
  renderChunk(code, chunk) {
    if (!code.includes(META)) return null;
    const here = dirname(chunk.fileName);
    const url = (_, file) => {
      const path = relative(here, file).split(sep).join('/');
      return `new URL(${JSON.stringify(path.startsWith('.') ? path : `./${path}`)}, ${base}).href`;
    };
    return { code: code.replace(new RegExp(`${META}\\("([^"]+)"\\)`, 'g'), url), map: null };
  },
});

const bundle = await rolldown({
  input,
  platform: 'node',
  // Packages (commander, chalk, redis, typescript, vitest) and Node.js's builtins stay imports.
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
  plugins: [importMetaUrl()],
  // Every module's code and side effects exactly as unbundled: nothing is dropped.
  treeshake: false,
  // The package's entries export exactly what tsc emitted.
  preserveEntrySignatures: 'strict',
});
await bundle.write({
  dir: to,
  format: 'esm',
  entryFileNames: '[name].js',
  chunkFileNames: 'chunks/[name]-[hash].js',
  codeSplitting: {
    // An entry's own code stays in its own file: a group that took it would run it wherever the
    // group's chunk is imported (host.js's code in the main thread, say).
    groups: GROUPS.map(([name, modules], i) => ({ name, test: (id) => modules.has(id) && !entries.has(id), priority: GROUPS.length - i })),
  },
  minify: false,
  // The JSDoc comments stay in the sources and in the .d.ts files: in the JavaScript that Node.js
  // reads at every start (the engine's chunk is a quarter comments), they only cost time to scan,
  // in both threads (about 1.3 ms of the worker's 9 ms of loading). Legal comments stay.
  comments: { jsdoc: false, legal: true, annotation: true },
  sourcemap: false,
});
await bundle.close();

/**
 * The worker's build for built-in scenarios (src/cli/contain/host-boot.ts): host.ts and all it may
 * run, as CommonJS, each file beside its ES module's twin (host.cjs, chunks/*.cjs,
 * scenarios/<name>.cjs), so that an error's frames still tell lockdemo's code (dist/src,
 * dist/chunks) from a scenario's (see wire-error.ts).
 */
const builtinScenarios = [
  ...readFileSync(join(from, 'src/cli/contain/builtin-scenarios.js'), 'utf8').matchAll(
    /import\('\.\.\/\.\.\/\.\.\/(scenarios\/[^']+)\.js'\)/g,
  ),
].map((m) => m[1]);
const cjsInput = Object.fromEntries(
  ['src/cli/contain/host-boot', 'src/cli/contain/host', 'src/cli/contain/inspector-guard', ...builtinScenarios].map((name) => [
    name,
    join(from, `${name}.js`),
  ]),
);
const cjsEntries = new Set(Object.values(cjsInput));
/** What the worker loads before its first trial (the host, the engine the scenarios import) goes in one chunk. */
const hostModules = closure('src/cli/contain/host.js', 'src/cli/contain/host-requests.js', 'src/index.js');
const cjs = await rolldown({
  input: cjsInput,
  platform: 'node',
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
  plugins: [importMetaUrl('require("node:url").pathToFileURL(__filename).href')],
  // check.ts is imported on demand by the host and statically by the engine's index: in one chunk, as meant.
  checks: { ineffectiveDynamicImport: false },
  treeshake: false,
  preserveEntrySignatures: 'strict',
});
await cjs.write({
  dir: to,
  format: 'cjs',
  exports: 'named',
  entryFileNames: '[name].cjs',
  chunkFileNames: 'chunks/[name]-[hash].cjs',
  // Packages and Node.js's builtins imported on demand are `require`d: host-boot.ts compiles these
  // files with vm.Script, where import() needs a flag in Node.js 20.
  dynamicImportInCjs: false,
  codeSplitting: {
    groups: [{ name: 'worker', test: (id) => hostModules.has(id) && !cjsEntries.has(id) }],
  },
  minify: false,
  comments: { jsdoc: false, legal: true, annotation: true },
  sourcemap: false,
});
await cjs.close();

// The code cache of every file that `lockdemo counter` loads in its worker, taken after a run of
// it (see host-boot.ts). Without it the same code runs, compiled as it loads.
const warm = spawnSync(process.execPath, [join(root, 'bin/lockdemo.js'), 'counter', '--seed', '1'], {
  env: { ...process.env, LOCKDEMO_WRITE_CODE_CACHE: '1', NO_COLOR: '1' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (warm.status !== 0 || !existsSync(join(to, 'src/cli/contain/host.cjs.cache'))) {
  process.stderr.write(`build: no code cache for the worker (lockdemo counter ended with ${warm.status ?? warm.signal})\n`);
}
