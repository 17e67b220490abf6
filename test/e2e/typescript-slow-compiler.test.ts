/**
 * Loading the TypeScript compiler is lockdemo's own loading, not the scenario's import: on a
 * busy machine it can take longer than the import's bound (--timeout, at least 5 s), and a
 * TypeScript scenario must not be called "a hang at import" for it. Here a `typescript` package
 * that takes 6 s to load stands in for a busy machine, with --timeout 1000.
 */
import { createRequire } from 'node:module';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { lockdemo, ROOT } from './run-built.js';

const DIR = join(ROOT, 'test/.tmp', `ts-slow-${process.pid}`);
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

/** A TypeScript scenario of one task, `<name>.ts` in `dir`, that passes. */
function writeScenario(dir: string, name: string): void {
  writeFileSync(
    join(dir, `${name}.ts`),
    [
      "import { defineScenario } from 'lockdemo';",
      'export default defineScenario({',
      `  name: '${name}', summary: 'one task', tasks: 1,`,
      '  setup: (): { n: number } => ({ n: 0 }),',
      "  variants: { v: { races: 'forbidden', run: async (s: { n: number }) => { s.n += 1; } } },",
      '  observe: (s: { n: number }) => s.n,',
      "  outcomes: [{ value: 1, grade: 'correct', description: 'ran' }],",
      '});',
      '',
    ].join('\n'),
  );
}

it('a compiler that takes 6 s to load does not make a TypeScript scenario a hang at import', async () => {
  rmSync(DIR, { recursive: true, force: true });
  const fake = join(DIR, 'node_modules/typescript');
  mkdirSync(fake, { recursive: true });
  const real = createRequire(join(ROOT, 'package.json')).resolve('typescript');
  writeFileSync(join(fake, 'package.json'), JSON.stringify({ name: 'typescript', main: 'index.js' }));
  writeFileSync(
    join(fake, 'index.js'),
    `const until = Date.now() + 6000;\nwhile (Date.now() < until);\nmodule.exports = require(${JSON.stringify(real)});\n`,
  );
  writeScenario(DIR, 'slow');
  const r = await lockdemo([join(DIR, 'slow.ts'), '--trials', '3', '--seed', '1', '--timeout', '1000']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('pass: every variant met its declaration');
}, 60_000);

it('a project whose typescript is 7 or later (no JavaScript API) is passed over for the one beside lockdemo, not a crash', async () => {
  const dir = join(DIR, 'ts7');
  rmSync(dir, { recursive: true, force: true });
  const fake = join(dir, 'node_modules/typescript');
  mkdirSync(join(fake, 'lib'), { recursive: true });
  // As typescript 7.0 is published: its main export is its version, and it has no transpileModule.
  writeFileSync(
    join(fake, 'package.json'),
    JSON.stringify({ name: 'typescript', version: '7.0.2', exports: { './package.json': './package.json', '.': './lib/version.cjs' } }),
  );
  writeFileSync(join(fake, 'lib/version.cjs'), "module.exports = { version: '7.0.2' };\n");
  writeScenario(dir, 'seven');
  const r = await lockdemo([join(dir, 'seven.ts'), '--trials', '3', '--seed', '1']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}, 60_000);
