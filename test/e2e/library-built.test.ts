// The built library as a package user calls it: jobs with a moduleUrl, and the report's options.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockdemoInProcess, ROOT } from './run-built.js';
import type * as LibraryTypes from '../../src/index.js';

// The workers of `jobs` import the built trial worker, so this runs the built library.
const built = (path: string) => pathToFileURL(join(ROOT, 'dist', path)).href;
type Library = typeof LibraryTypes;
const library = async (): Promise<Library> => (await import(built('src/index.js'))) as Library;
const scenarioOf = async (name: string) =>
  ((await import(built(`scenarios/${name}.js`))) as { default: Parameters<Library['runScenario']>[0] }).default;

describe('runScenario with jobs: the workers run the scenario that was passed', () => {
  it('a moduleUrl of another module is refused, naming moduleUrl, before any trial counts', async () => {
    const { runScenario, RunOptionError } = await library();
    const counter = await scenarioOf('counter');
    const run = runScenario(counter, { jobs: 2, moduleUrl: built('scenarios/bank.js'), trials: 200, seed: 1 });
    await expect(run).rejects.toBeInstanceOf(RunOptionError);
    await expect(run).rejects.toThrow(
      `moduleUrl must be the module that exports this scenario ("counter"), but ${built('scenarios/bank.js')} is not: it exports scenario "bank"`,
    );
  });

  it('a module with the same name but other variants is refused too', async () => {
    const { defineScenario, runScenario } = await library();
    const counter = await scenarioOf('counter');
    const { variants, outcomes, ...rest } = counter;
    if (outcomes === 'serializable') throw new Error('counter declares its outcomes');
    const renamed = defineScenario({ ...rest, outcomes, variants: { only: Object.values(variants)[0]! } });
    await expect(runScenario(renamed, { jobs: 2, moduleUrl: built('scenarios/counter.js'), trials: 200, seed: 1 })).rejects.toThrow(
      /^moduleUrl must be the module that exports this scenario \("counter"\), but .* is not: its scenario "counter" has variants .*, not only$/,
    );
  });

  it('the right module runs, with the histogram of one job', async () => {
    const { runScenario } = await library();
    const counter = await scenarioOf('counter');
    const histogram = (r: Awaited<ReturnType<Library['runScenario']>>) => r.variants.map((v) => v.outcomes.map((o) => [o.value, o.count]));
    const [two, one] = await Promise.all([
      runScenario(counter, { jobs: 2, moduleUrl: built('scenarios/counter.js'), trials: 300, seed: 4 }),
      runScenario(counter, { trials: 300, seed: 4 }),
    ]);
    expect(histogram(two)).toEqual(histogram(one));
  });
});

describe("runScenario's report has --json's options: the scenario's own, in effect, secrets masked", () => {
  it('the same object as the CLI prints, with defaults applied and the secret masked', async () => {
    const { runScenario } = await library();
    const scenario = (
      (await import(pathToFileURL(join(ROOT, 'test/fixtures/options.mjs')).href)) as { default: Parameters<Library['runScenario']>[0] }
    ).default;
    const report = await runScenario(scenario, { options: { size: '2', token: 'hunter2' }, variants: ['locked'], trials: 20, seed: 1 });
    const cli = await lockdemoInProcess([
      'test/fixtures/options.mjs',
      '--size',
      '2',
      '--token',
      'hunter2',
      '--variant',
      'locked',
      '--trials',
      '20',
      '--seed',
      '1',
      '--json',
    ]);
    expect(cli.code).toBe(0);
    const printed = JSON.parse(cli.stdout) as { options: unknown };
    expect(report.options).toEqual({ size: '2', step: '1', token: '***' });
    expect(report.options).toEqual(printed.options);
    expect(JSON.stringify(report)).not.toContain('hunter2');
  });
});

describe('the package is ESM only, as the README says', () => {
  it('require() fails with the exports error, import() loads it, and the README says to import', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockdemo-esm-'));
    try {
      mkdirSync(join(dir, 'node_modules'));
      symlinkSync(ROOT, join(dir, 'node_modules', 'lockdemo'), 'dir');
      const run = (code: string) => execFileSync(process.execPath, ['-e', code], { cwd: dir, encoding: 'utf8' }).trim();
      expect(run(`try { require('lockdemo'); console.log('loaded') } catch (e) { console.log(e.code) }`)).toBe(
        'ERR_PACKAGE_PATH_NOT_EXPORTED',
      );
      expect(run(`import('lockdemo').then((m) => console.log(typeof m.runScenario))`)).toBe('function');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    expect(readme).toContain("The package is ESM only: load it with `import` (`import { runScenario } from 'lockdemo'`)");
    expect(readme).toContain("`require('lockdemo')` does not work");
  });
});

describe('a step-limit names the bound as its reader knows it', () => {
  it('the CLI: --max-steps; the library: maxSteps', async () => {
    const cli = await lockdemoInProcess(['test/fixtures/poll-bound.mjs', '--schedule', 'exhaustive', '--max-steps', '6', '--json']);
    const printed = JSON.parse(cli.stdout) as { variants: Array<{ outcomes: Array<{ value: string; runner?: string }> }> };
    const cliValues = printed.variants.flatMap((v) => v.outcomes.filter((o) => o.runner === 'step-limit').map((o) => o.value));
    expect(cliValues).toEqual(['step-limit: more than 6 scheduling steps (--max-steps)']);
    const { runScenario } = await library();
    const scenario = (
      (await import(pathToFileURL(join(ROOT, 'test/fixtures/poll-bound.mjs')).href)) as { default: Parameters<Library['runScenario']>[0] }
    ).default;
    const report = await runScenario(scenario, { schedule: 'exhaustive', maxSteps: 6 });
    const values = report.variants.flatMap((v) => v.outcomes.filter((o) => o.runner === 'step-limit').map((o) => String(o.value)));
    expect(values).toEqual(['step-limit: more than 6 scheduling steps (maxSteps)']);
  });
});
