/**
 * The worker runs a built-in scenario from the CommonJS build of its code, with the V8 code
 * cache the build took (src/cli/contain/host-boot.ts), when the command line starts with the
 * scenario's name; otherwise (an option first, a user's module) from the ES modules. Both are
 * built from the same sources, so a command gives the same output, byte for byte, in either.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockdemo, ROOT, type Result } from './run-built.js';

describe('a built-in scenario gives the same output from either build of the worker', () => {
  it.concurrent.for<[string, string[]]>([
    ['counter', ['--seed', '1', '--trials', '300']],
    ['bank', ['--seed', '2', '--schedule', 'pct', '--trials', '200', '--json']],
    ['counter', ['--seed', '3', '--schedule', 'exhaustive']],
    ['deadlock', ['--seed', '3', '--trials', '50', '--trace']],
    ['lazy-init', ['--seed', '4', '--schedule', 'asyncio', '--ablate']],
  ])('%s %s', async ([scenario, options], { expect }) => {
    const [commonJs, esModules] = await Promise.all([lockdemo([scenario, ...options]), lockdemo([...options, scenario])]);
    expect(commonJs.stdout.length).toBeGreaterThan(0);
    expect(commonJs).toEqual(esModules);
  });
});

describe('the build', () => {
  it('leaves the CommonJS build and the code cache of what `lockdemo counter` loads', () => {
    const chunks = readdirSync(join(ROOT, 'dist/chunks'));
    expect(chunks.some((file) => file.endsWith('.cjs.cache'))).toBe(true);
    for (const file of ['src/cli/contain/host-boot.cjs', 'src/cli/contain/host.cjs.cache', 'scenarios/counter.cjs.cache']) {
      expect(existsSync(join(ROOT, 'dist', file)), file).toBe(true);
    }
  });
});

describe('which build runs', () => {
  const copies: string[] = [];
  afterAll(() => {
    for (const dir of copies) rmSync(dir, { recursive: true, force: true });
  });

  /** A copy of the build without the CommonJS host: a run that needs it fails, one that does not runs. */
  function withoutCommonJsHost(): string {
    const dir = mkdtempSync(join(tmpdir(), 'lockdemo-builds-'));
    copies.push(dir);
    for (const part of ['dist', 'bin', 'package.json']) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    rmSync(join(dir, 'dist/src/cli/contain/host.cjs'));
    return dir;
  }

  function run(dir: string, args: string[]): Promise<Result> {
    const env = { ...process.env };
    delete env.FORCE_COLOR;
    delete env.LOCKDEMO_REDIS_URL;
    return new Promise((resolve) => {
      execFile(process.execPath, [join(dir, 'bin/lockdemo.js'), ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      });
    });
  }

  it('the CommonJS one for a built-in named first, the ES modules otherwise and for a module', async () => {
    const dir = withoutCommonJsHost();
    const [named, optionFirst, module] = await Promise.all([
      run(dir, ['counter', '--trials', '20', '--seed', '1']),
      run(dir, ['--trials', '20', '--seed', '1', 'counter']),
      run(dir, [join(ROOT, 'test/fixtures/errors/setup-throws.mjs'), '--seed', '1']),
    ]);
    expect(named.code).toBe(70);
    expect(named.stderr).toMatch(/^lockdemo: internal error: lockdemo's worker failed: /);
    expect(optionFirst.code).toBe(0);
    expect(optionFirst.stdout).toContain('pass: every variant met its declaration');
    expect(module.code).toBe(3);
    expect(module.stderr).toBe('lockdemo: scenario "setup-throws": setup threw: no state today\n');
  });
});
