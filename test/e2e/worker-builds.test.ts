/**
 * The worker runs a built-in scenario from the CommonJS build of its code, with the V8 code
 * cache the build took (src/cli/contain/host-boot.ts); a module given by its path, the built-in
 * scenarios' own files included, from the ES modules. Both are built from the same sources, so
 * a scenario gives the same report from either.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
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

describe('the code cache the build leaves', () => {
  // Where Node.js has no zlib.crc32 (before 20.15) no cache is trusted: nothing to check.
  it.skipIf(typeof (zlib as { crc32?: unknown }).crc32 !== 'function')(
    'is one the worker takes: its header matches its file, and V8 accepts it in a plain node process',
    () => {
      // The reader's checks, as host-boot.ts makes them: a cache it always ignored would cost
      // start-up time and nothing else, so no other test would notice.
      const script = `
      const { readFileSync, readdirSync } = require('node:fs');
      const { join } = require('node:path');
      const { pathToFileURL } = require('node:url');
      const { Script } = require('node:vm');
      const { crc32 } = require('node:zlib');
      const dist = ${JSON.stringify(join(ROOT, 'dist'))};
      const files = ['src/cli/contain/host.cjs', 'scenarios/counter.cjs', ...readdirSync(join(dist, 'chunks')).filter((f) => f.endsWith('.cjs.cache')).map((f) => 'chunks/' + f.slice(0, -6))];
      for (const name of files) {
        const file = join(dist, name);
        const source = readFileSync(file);
        const stored = readFileSync(file + '.cache');
        const cache = stored.subarray(8);
        const header = stored.readUInt32LE(0) === crc32(source) && stored.readUInt32LE(4) === crc32(cache);
        const wrapped = "(function (exports, require, module, __filename, __dirname) {'use strict';" + source.toString('utf8') + "\\n})";
        const compiled = new Script(wrapped, { filename: pathToFileURL(file).href, cachedData: cache });
        console.log(name, header, compiled.cachedDataRejected);
      }`;
      const lines = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim().split('\n');
      expect(lines.length).toBeGreaterThanOrEqual(3);
      for (const line of lines) expect(line).toMatch(/ true false$/);
    },
  );
});

const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the build, in a folder whose name starts with `prefix`. */
function copyOfBuild(prefix = 'lockdemo-builds-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  copies.push(dir);
  for (const part of ['dist', 'bin', 'package.json']) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

function run(dir: string, args: string[]): Promise<Result> {
  return lockdemoAt(join(dir, 'bin/lockdemo.js'), args);
}

/** Replaces `from` by `to` in a file of the copy `dir`; throws if it is not there, so that a moved line fails the test. */
function edit(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, file);
  const code = readFileSync(path, 'utf8');
  if (!code.includes(from)) throw new Error(`${file} has no ${from}: the test's edit must move with the code`);
  writeFileSync(path, code.replace(from, to));
}

describe('which build runs', () => {
  /** A copy of the build without the CommonJS host: a run that needs it fails, one that does not runs. */
  function withoutCommonJsHost(): string {
    const dir = copyOfBuild();
    rmSync(join(dir, 'dist/src/cli/contain/host.cjs'));
    return dir;
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

describe('the code cache is used only for the bytes it was taken from', () => {
  const args = ['--seed', '1', '--trials', '200', '--json'];

  it('a file changed after the build runs its new code, though V8 would take the old cache (the same length)', async () => {
    const dir = copyOfBuild();
    // The same edit in both builds, of the same length: V8 checks only a source's length.
    for (const file of ['dist/scenarios/counter.cjs', 'dist/scenarios/counter.js']) {
      edit(dir, file, 'state.value = current + 1;', 'state.value = current + 2;');
    }
    expect(existsSync(join(dir, 'dist/scenarios/counter.cjs.cache'))).toBe(true);
    const file = join(dir, 'dist/scenarios/counter.js');
    const [commonJs, esModules] = await Promise.all([run(dir, ['counter', ...args]), run(dir, [file, ...args])]);
    // The ES modules have no cache: what they give is what the changed code does.
    expect(esModules.stdout).toContain('"forbiddenCount": 125');
    expect(esModules.code).toBe(1);
    expect(commonJs).toEqual({ ...esModules, stdout: esModules.stdout.replaceAll(file, 'counter') });
  });

  it('a damaged cache is not used (V8 does not check a cache’s bytes, and crashes on them)', async () => {
    const dir = copyOfBuild();
    const caches = ['dist/chunks', 'dist/src/cli/contain', 'dist/scenarios'].flatMap((under) =>
      readdirSync(join(dir, under))
        .filter((name) => name.endsWith('.cjs.cache'))
        .map((name) => join(dir, under, name)),
    );
    expect(caches.length).toBeGreaterThanOrEqual(3);
    for (const cache of caches) {
      const bytes = readFileSync(cache);
      for (let i = 64; i < bytes.length; i += 997) bytes[i] = (bytes[i] ?? 0) ^ 0x5a;
      writeFileSync(cache, bytes);
    }
    const [damaged, intact] = await Promise.all([run(dir, ['counter', ...args]), lockdemo(['counter', ...args])]);
    expect(damaged).toEqual(intact);
    expect(damaged.code).toBe(0);
  });
});

describe('error attribution from the CommonJS build', () => {
  it('a bug in lockdemo is exit 70 where the package’s path has a space and an accent', async () => {
    // wire-error.ts tells lockdemo's frames by URL: the CommonJS files must be named by URL too.
    const dir = copyOfBuild('lockdemo builds é-');
    const chunk = readdirSync(join(dir, 'dist/chunks')).find((name) => /^worker-.*\.cjs$/.test(name));
    if (chunk === undefined) throw new Error('no CommonJS worker chunk in the build');
    edit(
      dir,
      `dist/chunks/${chunk}`,
      '\tbarrierPick = () => {',
      "\tbarrierPick = () => { throw new TypeError('injected: a callback broke');",
    );
    const r = await run(dir, ['counter', '--trials', '20', '--seed', '1']);
    expect(r.stderr).toMatch(/^lockdemo: internal error in the worker: injected: a callback broke \(/);
    expect(r.code).toBe(70);
  });
});
