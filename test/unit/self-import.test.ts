import { mkdirSync, mkdtempSync, readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { join } from 'node:path';
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

const resolves = (file: string): boolean => resolvesByItself(file, { existsSync, readFileSync }, path);

// What Node.js's ESM resolution of the bare name 'lockdemo' does (PACKAGE_RESOLVE): the resolve
// hook, which runs on a thread of its own, is registered only where this says no.
describe('whether a scenario file resolves lockdemo by itself', () => {
  it('does from a node_modules/lockdemo in its directory or any above it', () => {
    const dir = tree('installed', { 'node_modules/lockdemo/package.json': '{"name":"lockdemo"}', 'a/b/s.mjs': '' });
    expect(resolves(join(dir, 'a/b/s.mjs'))).toBe(true);
    expect(resolves(join(dir, 's.mjs'))).toBe(true);
  });

  it('does by self-reference from inside a package named lockdemo with exports, by its nearest package.json only', () => {
    const dir = tree('self', {
      'package.json': '{"name":"lockdemo","exports":{".":"./x.js"}}',
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
