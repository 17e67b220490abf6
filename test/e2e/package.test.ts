import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './run-built.js';

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');

/** Runs a command in the consumer project; resolves with its exit code and output. */
async function inProject(dir: string, file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd: dir, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/**
 * The published package, as a user gets it: `npm pack`, then installed from the tarball into
 * an empty project, offline (its dependencies come from the npm cache this repo's install
 * filled).
 */
describe('the packed tarball, installed into an empty project', () => {
  let dir = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lockdemo-consumer-'));
    // The test command has just built dist/, so packing need not run `prepare` again.
    const { stdout } = await run(npm, ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: ROOT });
    const tarball = join(dir, stdout.trim().split('\n').at(-1)!);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const install = await inProject(dir, npm, ['install', '--offline', '--no-audit', '--no-fund', tarball]);
    if (install.code !== 0) throw new Error(`offline install of the tarball failed:\n${install.stderr}`);
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ships only the build and the bin', async () => {
    const { stdout } = await run(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT });
    const files = (JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
    expect(files).toContain('bin/lockdemo.js');
    expect(files).toContain('dist/src/index.js');
    expect(files).toContain('dist/src/index.d.ts');
    expect(files).toContain('dist/scenarios/counter.js');
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('src/') || f.startsWith('dist/test'))).toEqual([]);
  });

  it('gives a working `npx lockdemo counter`', async () => {
    const r = await inProject(dir, npm, ['exec', '--offline', '--', 'lockdemo', 'counter', '--trials', '200', '--seed', '1']);
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
    const compile = (file: string) =>
      inProject(dir, process.execPath, [
        tsc,
        '--noEmit',
        '--strict',
        '--target', 'es2022',
        '--module', 'nodenext',
        '--moduleResolution', 'nodenext',
        '--typeRoots', join(ROOT, 'node_modules/@types'),
        '--types', 'node',
        file,
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
const verdict: 'pass' | 'fail' = report.verdict;
const lock: Lock = new Lock('mine');
export { verdict, lock };
`,
    );
    const good = await compile('consumer.mts');
    expect(good.stdout + good.stderr).toBe('');
    expect(good.code).toBe(0);
    writeFileSync(
      join(dir, 'wrong.mts'),
      `import { defineScenario } from 'lockdemo';
export default defineScenario({ name: 'w', summary: 'w', setup: () => ({}), observe: () => 0, outcomes: [],
  variants: { v: { races: 'sometimes', run: async () => {} } } });
`,
    );
    const wrong = await compile('wrong.mts');
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout).toMatch(/wrong\.mts.*error TS2322: Type '"sometimes"' is not assignable to type 'RacePolicy'/s);
  });
});
