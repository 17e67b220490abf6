import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './run-built.js';

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

async function inProject(dir: string, file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(file, args, {
      cwd: dir,
      maxBuffer: 16 << 20,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/**
 * `lockdemo/vitest` as a user gets it: the packed tarball unpacked into a consumer project's
 * node_modules, with vitest and lockdemo's dependencies linked from this repository (so the
 * test needs no network and no npm cache). Once test/e2e/package.test.ts has an offline
 * install that does not depend on the npm cache, this file should reuse it.
 */
// The consumer's vitest run and its compiler run side by side: they read the same project and
// write nothing the other reads (the compiled file is not a *.test.mjs).
describe.concurrent('lockdemo/vitest from the packed tarball, in a consumer project', () => {
  let dir = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lockdemo-vitest-consumer-'));
    const { stdout } = await run(npm, ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: ROOT });
    const tarball = join(dir, stdout.trim().split('\n').at(-1)!);
    const modules = join(dir, 'node_modules');
    mkdirSync(join(modules, 'lockdemo'), { recursive: true });
    await run('tar', ['-xzf', tarball, '--strip-components=1', '-C', join(modules, 'lockdemo')]);
    for (const name of ['vitest', 'chalk', 'commander']) symlinkSync(join(ROOT, 'node_modules', name), join(modules, name), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    writeFileSync(join(dir, 'vitest.config.mjs'), `export default { test: { include: ['*.test.mjs'] } };\n`);
    writeFileSync(
      join(dir, 'wallet.mjs'),
      `import { defineScenario } from 'lockdemo';
export function wallet(guarded) {
  return defineScenario({
    name: 'wallet', summary: 'three withdrawals of 10 from 20', tasks: 3,
    setup: () => ({ balance: 20 }),
    variants: { withdraw: { races: 'forbidden', run: async (w, t) => {
      const body = async () => { if (w.balance >= 10) { await t.sleep(5); w.balance -= 10; } };
      await (guarded ? t.lock.run(body) : body());
    } } },
    observe: (w) => w.balance,
    outcomes: [{ value: 0, grade: 'correct', description: 'two paid, one refused' }],
  });
}
`,
    );
    writeFileSync(
      join(dir, 'wallet.test.mjs'),
      `import { expect, test } from 'vitest';
import 'lockdemo/vitest';
import { wallet } from './wallet.mjs';
test('guarded withdrawals are race-free', async () => {
  await expect(wallet(true)).toBeRaceFree();
});
test('unguarded withdrawals race', async () => {
  await expect(wallet(false)).toBeRaceFree({ file: 'wallet.mjs' });
});
`,
    );
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('passes a race-free scenario and fails a racing one with its smallest interleaving and replay', async () => {
    const r = await inProject(dir, process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run']);
    expect(r.code).toBe(1);
    const out = r.stdout + r.stderr;
    expect(out).toMatch(/✓ .*guarded withdrawals are race-free/);
    expect(out).toMatch(/× .*unguarded withdrawals race/);
    expect(out).toMatch(
      /expected wallet to be race-free, but 72 of 90 interleavings of withdraw ended in a forbidden outcome \(every interleaving explored\)/,
    );
    expect(out).toContain('the smallest racing interleaving needs 1 preemption:');
    expect(out).toMatch(/replay: lockdemo wallet\.mjs --variant withdraw --replay "[A-C ]+"/);
    expect(out).toMatch(/Tests {2}1 failed \| 1 passed/);
  });

  it('registers the matcher type, and types serializable outcomes: a TypeScript consumer compiles against them', async () => {
    writeFileSync(
      join(dir, 'typed.mts'),
      `import { expect } from 'vitest';
import 'lockdemo/vitest';
import { toBeRaceFree, type RaceFreeOptions } from 'lockdemo/vitest';
import { defineScenario } from 'lockdemo';
const s = defineScenario({ name: 's', summary: 's', setup: () => ({}), observe: () => 0,
  outcomes: [{ value: 0, grade: 'correct', description: 'ok' }], variants: { v: { races: 'forbidden', run: async () => {} } } });
const options: RaceFreeOptions = { variants: ['v'], maxInterleavings: 10 };
export const done: Promise<unknown> = expect(s).toBeRaceFree(options);
export const direct = toBeRaceFree(s);
// @ts-expect-error a misspelt option is a type error
export const wrong = expect(s).toBeRaceFree({ variant: ['v'] });
// outcomes: 'serializable' is accepted, and \`match: (v) => ...\` keeps its contextual type elsewhere.
export const serial = defineScenario({ name: 'x', summary: 'x', setup: () => ({ n: 0 }), observe: (st) => st.n, outcomes: 'serializable',
  variants: { v: { races: 'forbidden', run: async (st) => { st.n += 1; } } } });
export const matched = defineScenario({ name: 'y', summary: 'y', setup: () => ({}), observe: () => 0,
  outcomes: [{ match: (v) => typeof v === 'number' && v > 0, grade: 'race', description: 'd' }],
  variants: { v: { races: 'forbidden', run: async () => {} } } });
// @ts-expect-error only 'serializable' is a string outcomes may be
export const misspelt = defineScenario({ name: 'z', summary: 'z', setup: () => ({}), observe: () => 0, outcomes: 'serialisable',
  variants: { v: { races: 'forbidden', run: async () => {} } } });
`,
    );
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const r = await inProject(dir, process.execPath, [
      tsc,
      '--noEmit',
      '--strict',
      '--skipLibCheck',
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
      'typed.mts',
    ]);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
