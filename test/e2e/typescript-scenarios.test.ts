import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarioNameFor } from '../../src/cli/init-command.js';
import { lockdemo, ROOT } from './run-built.js';

// Inside the package (test/.tmp is git-ignored), so `import ... from 'lockdemo'` and tsc resolve.
const DIR = join(ROOT, 'test/.tmp', `ts-${process.pid}`);
const rel = (name: string) => `test/.tmp/ts-${process.pid}/${name}`;
/**
 * Loading a TypeScript module loads the compiler first (half a second of CPU on a quiet
 * machine); loading is bounded by --timeout or 5 s, whichever is longer, and with every core
 * busy 5 s is not enough. A minute still tells a hang from a slow machine.
 */
const SLOW_LOAD = ['--timeout', '60000'];

beforeAll(() => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
});
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

describe('init names the scenario after its file', () => {
  it.each([
    ['bounded-list.mjs', 'bounded-list'],
    ['dir/Bank_Transfer.ts', 'Bank-Transfer'],
    ['x.mts', 'x'],
    ['__.js', 'my-scenario'],
    ['Ünïcode.mjs', 'Unicode'],
    ['café-order.ts', 'cafe-order'],
  ])('%s → %s', (file, name) => {
    expect(scenarioNameFor(file)).toBe(name);
  });

  it('refuses a file that is only an extension (.mjs): exit 2, nothing written', async () => {
    const r = await lockdemo(['init', rel('.mjs')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot create .*\.mjs: give the module a name before its extension, such as my-scenario\.mjs\n$/);
    expect(existsSync(rel('.mjs'))).toBe(false);
  });

  it('writes it into the template, which runs under that name', async () => {
    expect((await lockdemo(['init', rel('seat-booking.mjs')])).code).toBe(0);
    expect(readFileSync(join(DIR, 'seat-booking.mjs'), 'utf8')).toContain("name: 'seat-booking',");
    const run = await lockdemo([rel('seat-booking.mjs'), '--trials', '50', '--seed', '1']);
    expect(run.stdout).toMatch(/^seat-booking — /);
  });
});

describe('TypeScript scenario modules', () => {
  it('init writes a .ts template that tsc accepts in strict mode, that runs, and that passes check', async () => {
    const init = await lockdemo(['init', rel('typed.ts')]);
    expect(init.code).toBe(0);
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    // The compiler and the run read the same template and are independent: both at once.
    const [, run] = await Promise.all([
      // Rejects (and fails the test) with tsc's errors if the template does not type-check. Not
      // execFileSync: it would stop this file's other tests for as long as tsc runs.
      promisify(execFile)(
        process.execPath,
        [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck', join(DIR, 'typed.ts')],
        { cwd: ROOT },
      ),
      lockdemo([rel('typed.ts'), '--trials', '300', '--seed', '2', '--json', ...SLOW_LOAD]),
    ]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { scenario: string; variants: Array<{ name: string; raceCount: number }> };
    expect(report.scenario).toBe('typed');
    expect(report.variants.map((v) => [v.name, v.raceCount > 0])).toEqual([
      ['unlocked', true],
      ['locked', false],
    ]);
    // check has no --timeout: its load is bounded by the 5 s floor alone, so it runs with
    // nothing else of this file beside it.
    const check = await lockdemo(['check', rel('typed.ts')]);
    expect(check.code, check.stderr).toBe(0);
  });

  it('loads an .mts module that imports its TypeScript neighbour as ./helper.js, also in worker threads', async () => {
    writeFileSync(join(DIR, 'helper.ts'), 'export const LIMIT: number = 1;\n');
    writeFileSync(
      join(DIR, 'typed-list.mts'),
      [
        "import { defineScenario, type TaskContext } from 'lockdemo';",
        "import { LIMIT } from './helper.js';",
        'interface State { items: string[] }',
        'async function add(state: State, t: TaskContext): Promise<void> {',
        '  if (state.items.length < LIMIT) { await t.yield(); state.items.push(t.label); }',
        '}',
        'export default defineScenario<State>({',
        "  name: 'typed-list', summary: 'two tasks add to a list of at most one', tasks: 2,",
        '  setup: (): State => ({ items: [] }),',
        "  variants: { unlocked: { races: 'allowed', run: add } },",
        '  observe: (s: State) => s.items.length,',
        "  outcomes: [{ value: 1, grade: 'correct', description: 'one' }, { value: 2, grade: 'race', description: 'two' }],",
        '});',
        '',
      ].join('\n'),
    );
    type Report = { variants: Array<{ outcomes: Array<{ value: number; count: number }> }> };
    const [single, jobs] = await Promise.all([
      lockdemo([rel('typed-list.mts'), '--trials', '2000', '--seed', '4', '--json', ...SLOW_LOAD]),
      lockdemo([rel('typed-list.mts'), '--trials', '2000', '--seed', '4', '--jobs', '2', '--json', ...SLOW_LOAD]),
    ]).then((runs) => runs.map((run) => JSON.parse(run.stdout) as Report));
    expect(single?.variants[0]!.outcomes.map((o) => o.value).sort()).toEqual([1, 2]);
    expect(jobs?.variants[0]!.outcomes).toEqual(single?.variants[0]!.outcomes);
  });

  it('reports a syntax error as one line with its line number, exit 3', async () => {
    writeFileSync(join(DIR, 'broken.ts'), "import { defineScenario } from 'lockdemo';\n\nconst x: number = ;\n");
    const r = await lockdemo([rel('broken.ts'), ...SLOW_LOAD]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toMatch(/^lockdemo: cannot load .*broken\.ts: syntax error at line 3: /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('without any typescript package', () => {
  it('says in one line what to install, exit 3', async () => {
    const { cpSync, readdirSync, symlinkSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { execFile } = await import('node:child_process');
    // A copy of the built lockdemo whose node_modules lacks typescript, and a project without it.
    const base = join(tmpdir(), `lockdemo-nots-${process.pid}`);
    rmSync(base, { recursive: true, force: true });
    const copy = join(base, 'lockdemo');
    for (const part of ['bin', 'dist', 'package.json']) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
    mkdirSync(join(copy, 'node_modules'), { recursive: true });
    for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
      if (entry !== 'typescript' && entry !== '.bin') symlinkSync(join(ROOT, 'node_modules', entry), join(copy, 'node_modules', entry));
    }
    const project = join(base, 'project');
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, 'x.ts'), 'export default 1 as number;\n');
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
      execFile(process.execPath, [join(copy, 'bin/lockdemo.js'), './x.ts'], { cwd: project }, (error, stdout, stderr) =>
        done({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr }),
      ),
    );
    rmSync(base, { recursive: true, force: true });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'lockdemo: cannot load ./x.ts: a TypeScript scenario needs the typescript package: run "npm install --save-dev typescript" in its project (or use Node.js 23.6 or later)\n',
    );
  });
});
