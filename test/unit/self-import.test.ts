import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, existsSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { resolvesByItself } from '../../src/core/self-import.js';

const root = mkdtempSync(join(tmpdir(), 'lockdemo-self-import-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes `files` (path → content) under a fresh directory and returns it. */
function tree(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), content);
  }
  return dir;
}

const resolves = (file: string): boolean => resolvesByItself(file, { existsSync, readFileSync, realpathSync }, path);

// What Node.js's ESM resolution of the bare name 'lockdemo' does (PACKAGE_RESOLVE): the resolve
// hook, which runs on a thread of its own, is registered only where this says no.
describe('whether a scenario file resolves lockdemo by itself', () => {
  it('does from a node_modules/lockdemo in its directory or any above it', () => {
    const dir = tree('installed', {
      'node_modules/lockdemo/package.json': '{"name":"lockdemo"}',
      'node_modules/lockdemo/index.js': '',
      'a/b/s.mjs': '',
      's.mjs': '',
    });
    expect(resolves(join(dir, 'a/b/s.mjs'))).toBe(true);
    expect(resolves(join(dir, 's.mjs'))).toBe(true);
  });

  it('does by self-reference from inside a package named lockdemo with exports, by its nearest package.json only', () => {
    const dir = tree('self', {
      'package.json': '{"name":"lockdemo","exports":{".":"./x.js"}}',
      'x.js': '',
      'test/s.mjs': '',
      'inner/package.json': '{"name":"other"}',
      'inner/s.mjs': '',
    });
    expect(resolves(join(dir, 'test/s.mjs'))).toBe(true);
    expect(resolves(join(dir, 'inner/s.mjs'))).toBe(false);
  });

  it('does not without exports, from a broken package.json, or from nowhere', () => {
    const dir = tree('none', {
      'a/package.json': '{"name":"lockdemo"}',
      'a/s.mjs': '',
      'b/s.mjs': '',
      'c/package.json': '{ not json',
      'c/s.mjs': '',
    });
    expect(resolves(join(dir, 'a/s.mjs'))).toBe(false);
    expect(resolves(join(dir, 'b/s.mjs'))).toBe(false);
    expect(resolves(join(dir, 'c/s.mjs'))).toBe(false);
  });

  it("does for this repository's own fixtures, which import 'lockdemo' by self-reference", () => {
    expect(resolves(path.resolve('test/fixtures/broken-lock.mjs'))).toBe(true);
  });
});

/** Whether Node.js itself, with no hook, imports `file`, a module whose one line imports 'lockdemo'. */
function nodeImports(file: string, flags: string[] = []): boolean {
  const run = spawnSync(
    process.execPath,
    [...flags, '--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(file).href)})`],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  return run.status === 0;
}

// Where the predicate says yes and Node.js cannot resolve, no hook is registered and a load that
// the hook used to rescue fails (exit 3): each case is checked against Node.js itself.
describe('resolvesByItself agrees with Node.js', () => {
  const importing = "import 'lockdemo';\n";
  const good = { 'package.json': '{"name":"lockdemo","exports":{".":"./index.js"}}', 'index.js': 'export {};\n' };
  const at = (prefix: string, files: Record<string, string>): Record<string, string> =>
    Object.fromEntries(Object.entries(files).map(([file, content]) => [join(prefix, file), content]));

  const cases: Array<[name: string, file: string]> = [];
  const add = (name: string, files: Record<string, string>, file: string, links: Array<[link: string, target: string]> = []): void => {
    const dir = tree(`agree-${cases.length}`, files);
    for (const [link, target] of links) {
      mkdirSync(path.dirname(join(dir, link)), { recursive: true });
      symlinkSync(join(dir, target), join(dir, link));
    }
    cases.push([name, join(dir, file)]);
  };
  add('an installed lockdemo above', { ...at('node_modules/lockdemo', good), 'a/s.mjs': importing }, 'a/s.mjs');
  add('self-reference', { ...good, 'test/s.mjs': importing }, 'test/s.mjs');
  add(
    'self-reference by conditions',
    { 'package.json': '{"name":"lockdemo","exports":{"import":"./index.js"}}', 'index.js': '', 's.mjs': importing },
    's.mjs',
  );
  add(
    'a workspace whose node_modules/lockdemo is a symlink',
    { ...at('packages/lockdemo', good), 'packages/app/package.json': '{"type":"module"}', 'packages/app/s.mjs': importing },
    'packages/app/s.mjs',
    [['node_modules/lockdemo', 'packages/lockdemo']],
  );
  add(
    'a symlink to a file where lockdemo is not installed',
    { ...at('project/node_modules/lockdemo', good), 'elsewhere/s.mjs': importing },
    'project/s.mjs',
    [['project/s.mjs', 'elsewhere/s.mjs']],
  );
  add(
    'a symlink to a folder where lockdemo is not installed',
    { ...at('project/node_modules/lockdemo', good), 'elsewhere/s.mjs': importing },
    'project/linked/s.mjs',
    [['project/linked', 'elsewhere']],
  );
  add(
    'an installed lockdemo whose entry is missing',
    { 'node_modules/lockdemo/package.json': '{"name":"lockdemo","exports":{".":"./dist/index.js"}}', 's.mjs': importing },
    's.mjs',
  );
  add(
    'an empty node_modules/lockdemo below a good one',
    { ...at('node_modules/lockdemo', good), 'a/node_modules/lockdemo/README': '', 'a/s.mjs': importing },
    'a/s.mjs',
  );
  add('a package named lockdemo with exports: null', { 'package.json': '{"name":"lockdemo","exports":null}', 's.mjs': importing }, 's.mjs');
  add(
    'a package named lockdemo that does not export "."',
    { 'package.json': '{"name":"lockdemo","exports":{"./x":"./index.js"}}', 'index.js': '', 's.mjs': importing },
    's.mjs',
  );
  add('a file in a node_modules folder of a package named lockdemo', { ...good, 'node_modules/s.mjs': importing }, 'node_modules/s.mjs');

  it.each(cases)('%s', (_, file) => {
    expect(resolves(file)).toBe(nodeImports(file));
  });

  it('says no for a symlink from outside into a project, which Node.js resolves only without --preserve-symlinks', () => {
    const dir = tree('agree-preserved', { ...at('project/node_modules/lockdemo', good), 'project/s.mjs': importing, 'outside/.keep': '' });
    symlinkSync(join(dir, 'project/s.mjs'), join(dir, 'outside/s.mjs'));
    const file = join(dir, 'outside/s.mjs');
    expect(nodeImports(file)).toBe(true);
    expect(nodeImports(file, ['--preserve-symlinks'])).toBe(false);
    expect(resolves(file)).toBe(false);
  });
});
