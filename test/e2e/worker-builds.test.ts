/**
 * The worker runs a built-in scenario from the CommonJS build of its code, with the V8 code
 * cache the build took (src/cli/contain/host-boot.ts); a module given by its path, the built-in
 * scenarios' own files included, from the ES modules. Both are built from the same sources, so
 * a scenario gives the same report from either.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockdemo, lockdemoAt, ROOT, type Result } from './run-built.js';

describe('a built-in scenario gives the same report from either build of the worker', () => {
  it.concurrent.for<[string, string[]]>([
    ['counter', ['--seed', '1', '--trials', '300']],
    ['bank', ['--seed', '2', '--schedule', 'pct', '--trials', '200']],
    ['counter', ['--seed', '3', '--schedule', 'exhaustive']],
    ['deadlock', ['--seed', '3', '--trials', '50', '--trace']],
    ['lazy-init', ['--seed', '4', '--schedule', 'asyncio', '--ablate']],
  ])('%s %s', async ([scenario, options], { expect }) => {
    // By its name, the CommonJS build; by its file, as any module, the ES modules. The JSON
    // report names the scenario as given (in its replay lines), and wraps no line.
    const file = `dist/scenarios/${scenario}.js`;
    const [commonJs, esModules] = await Promise.all([lockdemo([scenario, ...options, '--json']), lockdemo([file, ...options, '--json'])]);
    expect(commonJs.stdout).toContain(`"scenario": "${scenario}"`);
    expect(commonJs).toEqual({ ...esModules, stdout: esModules.stdout.replaceAll(file, scenario) });
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
    return lockdemoAt(join(dir, 'bin/lockdemo.js'), args);
  }

  it('the CommonJS one for a built-in, wherever its name is; the ES modules for a module', async () => {
    const dir = withoutCommonJsHost();
    const [named, optionFirst, builtinFile, module] = await Promise.all([
      run(dir, ['counter', '--trials', '20', '--seed', '1']),
      run(dir, ['--trials', '20', '--seed', '1', 'counter']),
      run(dir, [join(dir, 'dist/scenarios/counter.js'), '--trials', '20', '--seed', '1']),
      run(dir, ['test/fixtures/errors/setup-throws.mjs', '--seed', '1']),
    ]);
    for (const r of [named, optionFirst]) {
      expect(r.stderr).toMatch(/^lockdemo: internal error: lockdemo's worker failed: /);
      expect(r.code).toBe(70);
    }
    expect(builtinFile.stdout).toContain('pass: every variant met its declaration');
    expect(builtinFile.code).toBe(0);
    expect(module.stderr).toBe('lockdemo: scenario "setup-throws": setup threw: no state today\n');
    expect(module.code).toBe(3);
  });
});
