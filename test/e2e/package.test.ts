import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npm, productionPackages, startLocalRegistry, type LocalRegistry } from './local-registry.js';
import { ROOT } from './run-built.js';

const run = promisify(execFile);
const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');

/**
 * npm's environment in the consumer project: none of the npm_config_* that `npm test` exported
 * (they point at this project and its cache), an empty user config, a cache of its own that
 * starts empty, and the loopback registry as the only registry.
 */
function npmEnvironment(dir: string, registry: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  writeFileSync(join(dir, 'empty-npmrc'), '');
  return {
    ...env,
    npm_config_userconfig: join(dir, 'empty-npmrc'),
    npm_config_cache: join(dir, 'npm-cache'),
    npm_config_registry: registry,
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  };
}

/** Runs a command in the consumer project; resolves with its exit code and output. */
async function inProject(
  dir: string,
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd: dir, env, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/**
 * The package as a user gets it from a clone: `npm pack`, then `npm install ./lockdemo-<v>.tgz`
 * in an empty project. Its dependencies must come from somewhere without relying on what the
 * machine's npm cache happens to hold, and without the network: a registry on 127.0.0.1 serves
 * the production packages this project's lockfile installed (packed from node_modules), so npm
 * resolves lockdemo's declared dependencies by its own rules, into an empty cache. A dependency
 * lockdemo uses but does not declare is then missing in the consumer, and the tests below fail.
 */
// The tests run side by side once the package is installed: each reads the install and writes
// files of its own, and the compiler (the longest) runs while the others do.
describe.concurrent('the packed tarball, installed into an empty project', () => {
  let dir = '';
  let tarball = '';
  let registry: LocalRegistry | undefined;
  let env: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lockdemo-consumer-'));
    const packs = join(dir, 'packs');
    mkdirSync(packs);
    // The registry's packages and lockdemo's own tarball are packed at the same time. The test
    // command has just built dist/, so packing lockdemo need not run `prepare` again.
    const [served, packed] = await Promise.all([
      startLocalRegistry(ROOT, productionPackages(ROOT), packs),
      run(npm, ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: ROOT }),
    ]);
    registry = served;
    env = npmEnvironment(dir, registry.url);
    tarball = packed.stdout.trim().split('\n').at(-1) ?? '';
    expect(tarball).toMatch(/^lockdemo-\d+\.\d+\.\d+\.tgz$/);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const install = await inProject(dir, npm, ['install', '--save-dev', `./${tarball}`], env);
    if (install.code !== 0) throw new Error(`npm install ./${tarball} failed:\n${install.stderr}`);
  });

  afterAll(async () => {
    await registry?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ships only the build and the bin', async () => {
    // The tarball the consumer installed, listed (every path in it is under package/).
    const { stdout } = await run('tar', ['-tzf', join(dir, tarball)]);
    const files = stdout
      .trim()
      .split('\n')
      .map((path) => path.replace(/^package\//, ''));
    expect(files).toContain('package.json');
    expect(files).toContain('bin/lockdemo.js');
    expect(files).toContain('dist/src/index.js');
    expect(files).toContain('dist/src/index.d.ts');
    expect(files).toContain('dist/scenarios/counter.js');
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('src/') || f.startsWith('dist/test'))).toEqual([]);
  });

  it('gives a working `npx lockdemo counter`', async () => {
    const r = await inProject(dir, npm, ['exec', '--offline', '--', 'lockdemo', 'counter', '--trials', '200', '--seed', '1'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('reproduce: lockdemo counter --trials 200 --seed 1');
  });

  it('gives an importable API that proves a function race-free under every interleaving', async () => {
    writeFileSync(
      join(dir, 'prove.mjs'),
      `import { defineScenario, runScenario } from 'lockdemo';
const scenario = defineScenario({
  name: 'wallet', summary: 'withdrawals', tasks: 3,
  setup: () => ({ balance: 20 }),
  variants: { guarded: { races: 'forbidden', run: (w, t) => t.lock.run(async () => {
    if (w.balance >= 10) { await t.sleep(5); w.balance -= 10; } }) } },
  observe: (w) => w.balance,
  outcomes: [{ value: 0, grade: 'correct', description: 'never overdrawn' }],
});
const report = await runScenario(scenario, { schedule: 'exhaustive' });
console.log(JSON.stringify({ verdict: report.verdict, complete: report.variants[0].complete, interleavings: report.variants[0].interleavings }));
`,
    );
    const r = await inProject(dir, process.execPath, ['prove.mjs']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ verdict: 'pass', complete: true, interleavings: 36 });
  });

  it('is typed: a consumer compiles against it, and a wrong field does not', async () => {
    // One compiler run for both files (tsc's start-up is most of its time): the errors it
    // reports must all be in wrong.mts, so consumer.mts compiled clean.
    const compile = (...files: string[]) =>
      inProject(dir, process.execPath, [
        tsc,
        '--noEmit',
        '--strict',
        '--target',
        'es2022',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--typeRoots',
        join(ROOT, 'node_modules/@types'),
        '--types',
        'node',
        ...files,
      ]);
    writeFileSync(
      join(dir, 'consumer.mts'),
      `import { defineScenario, runScenario, Lock, SCHEDULES, type RunReport, type TaskContext } from 'lockdemo';
const scenario = defineScenario<{ n: number }>({
  name: 'typed', summary: 'typed', tasks: 2,
  setup: () => ({ n: 0 }),
  variants: { locked: { races: 'forbidden', run: (s, t: TaskContext) => t.lock.run(async () => { s.n += 1; await t.yield(); }) } },
  observe: (s) => s.n,
  outcomes: [{ value: 2, grade: 'correct', description: 'both' }],
});
const report: RunReport = await runScenario(scenario, { schedule: SCHEDULES[0], trials: 10 });
const verdict: 'pass' | 'fail' | 'incomplete' = report.verdict;
const lock: Lock = new Lock('mine');
export { verdict, lock };
`,
    );
    writeFileSync(
      join(dir, 'wrong.mts'),
      `import { defineScenario } from 'lockdemo';
export default defineScenario({ name: 'w', summary: 'w', setup: () => ({}), observe: () => 0, outcomes: [],
  variants: { v: { races: 'sometimes', run: async () => {} } } });
`,
    );
    const both = await compile('consumer.mts', 'wrong.mts');
    expect(both.stderr).toBe('');
    expect(both.code).not.toBe(0);
    const errors = both.stdout.split('\n').filter((line) => / error TS\d+:/.test(line));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.filter((line) => !line.startsWith('wrong.mts('))).toEqual([]);
    // defineScenario has two overloads (listed outcomes, or 'serializable'), so TypeScript reports
    // "no overload matches" (TS2769) and names the wrong field's type beneath it.
    expect(both.stdout).toMatch(/wrong\.mts.*error TS2769[\s\S]*Type '"sometimes"' is not assignable to type 'RacePolicy'/);
  });
});
