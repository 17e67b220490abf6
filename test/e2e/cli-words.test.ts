import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, lockdemo, lockdemoInProcess, ROOT, shell } from './run-built.js';

const dir = mkdtempSync(join(tmpdir(), 'lockdemo-words-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent('error messages are one line (the built CLI)', () => {
  it('a name given with a newline in it (a command pasted across lines) shows it escaped', async () => {
    const variant = await lockdemoInProcess(['counter', '--variant', 'un\nlocked', '--trials', '1']);
    expect(variant.stderr).toBe(
      'lockdemo: unknown variant "un\\nlocked" for scenario "counter". Available: unlocked, locked. Did you mean "unlocked"?\n',
    );
    expect(variant.code).toBe(2);
    const option = await lockdemoInProcess(['counter', '--tri\nals', '3']);
    expect(option.stderr).toBe("lockdemo: unknown option '--tri\\nals'. Did you mean --trials?\n");
    expect(option.code).toBe(2);
    const value = await lockdemoInProcess(['counter', '--trials', '3\n4']);
    expect(value.stderr).toMatch(/^lockdemo: option '-t, --trials <n>' argument '3\\n4' is invalid\. [^\n]*\n$/);
    expect(value.code).toBe(2);
  });
});

describe.concurrent('variant names (the built CLI)', () => {
  const ACCEPTED = 'a name must be non-empty, with no comma, no control character and no space at either end';
  for (const [fixture, name] of [
    ['variant-comma', '"a,b"'],
    ['variant-empty', '""'],
    ['variant-bidi', '"un\\u202elocked"'],
  ] as const) {
    it(`a variant named ${name} cannot be given to --variant: refused at load, exit 3`, async () => {
      const r = await lockdemoInProcess([`test/fixtures/errors/${fixture}.mjs`, '--trials', '3']);
      expect(r.stderr).toBe(
        `lockdemo: cannot load test/fixtures/errors/${fixture}.mjs: scenario "${fixture}": variant name ${name} cannot be given to --variant: ${ACCEPTED}\n`,
      );
      expect(r.stdout).toBe('');
      expect(r.code).toBe(3);
    });
  }

  it('an empty name in --variant is refused, not dropped', async () => {
    for (const given of ['unlocked,', ',unlocked', 'unlocked,,locked']) {
      const r = await lockdemoInProcess(['counter', '--variant', given, '--trials', '3']);
      expect(r.stderr).toBe(
        `lockdemo: option '--variant <name...>' argument '${given}' is invalid. Expected variant names separated by commas, with none empty.\n`,
      );
      expect(r.code).toBe(2);
    }
    const spaced = await lockdemoInProcess(['counter', '--variant', ' unlocked , locked', '--trials', '3']);
    expect(spaced.code).toBe(0);
  });
});

describe.concurrent('lockdemo init (the built CLI)', () => {
  it('a file name with a space: the printed command is quoted, and runs as printed', async () => {
    const file = join(dir, 'my scen.mjs');
    const init = await lockdemoInProcess(['init', file]);
    expect(init.stdout).toBe(`wrote ${file}\nrun it: lockdemo '${file}'\n`);
    expect(init.code).toBe(0);
    const command = init.stdout.split('\n')[1]!.replace(/^run it: lockdemo /, '');
    const run = await shell(`node ${BIN} ${command} --trials 20 --seed 1 > /dev/null; echo "status $?"`);
    expect(run.stdout).toBe('status 0\n');
  });

  it('a file name with an escape sequence: neither line prints it raw, and the command runs as printed', async () => {
    const file = join(dir, 'red\u001b[31m.mjs');
    const init = await lockdemoInProcess(['init', file]);
    expect(init.code).toBe(0);
    // eslint-disable-next-line no-control-regex -- looking for the raw control characters
    expect(init.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(init.stdout.split('\n')[0]).toBe(`wrote ${dir}/red\\u001b[31m.mjs`);
    const command = init.stdout.split('\n')[1]!.replace(/^run it: lockdemo /, '');
    const run = await shell(`node ${BIN} ${command} --trials 20 --seed 1 > /dev/null; echo "status $?"`);
    expect(run.stdout).toBe('status 0\n');
  });

  it('a .js file where package.json does not say "type": "module" is refused with a hint; where it does, it runs', async () => {
    for (const [name, type] of [
      ['cjs', 'commonjs'],
      ['typeless', undefined],
      ['esm', 'module'],
    ] as const) {
      const folder = join(dir, name);
      mkdirSync(folder);
      writeFileSync(join(folder, 'package.json'), JSON.stringify(type === undefined ? { name } : { name, type }));
      const file = join(folder, 'x.js');
      const init = await lockdemoInProcess(['init', file]);
      if (type === 'module') {
        expect(init.code).toBe(0);
        expect((await lockdemo([file, '--trials', '20', '--seed', '1'])).code).toBe(0);
      } else {
        expect(init.stderr).toBe(
          `lockdemo: cannot create ${file}: the template is an ES module, and ${join(folder, 'package.json')} does not say "type": "module", so Node.js would load it as CommonJS: name it x.mjs\n`,
        );
        expect(init.code).toBe(2);
        expect(existsSync(file)).toBe(false);
      }
    }
  });
});

describe.concurrent('a missing named export (the built CLI)', () => {
  const E = 'test/fixtures/errors';
  // The TypeScript pair is written here: tsc and eslint would refuse it in the project's tree.
  writeFileSync(join(dir, 'export-helper.ts'), 'export const z: number = 1;\n');
  writeFileSync(
    join(dir, 'missing-export.ts'),
    "import { defineScenario } from 'lockdemo';\n\n// a comment\nimport { y } from './export-helper.js';\nexport default defineScenario(y);\n",
  );
  for (const [module, where, specifier] of [
    [`${E}/missing-export.mjs`, 'line 3', './export-helper.mjs'],
    [join(dir, 'missing-export.ts'), 'line 4', './export-helper.js'],
    [`${E}/missing-export-nested.mjs`, `${E}/missing-export.mjs line 3`, './export-helper.mjs'],
  ] as const) {
    it(`${module}: Node.js's words and the importing file's line, not "syntax error"`, async () => {
      const r = await lockdemoInProcess([module, '--trials', '3']);
      expect(r.stderr).toBe(
        `lockdemo: cannot load ${module}: ${where}: The requested module '${specifier}' does not provide an export named 'y'\n`,
      );
      expect(r.code).toBe(3);
      // A TypeScript module loads the compiler first: seconds on a loaded machine, not the default 5.
    }, 60_000);
  }
});

describe.concurrent('small words (the built CLI)', () => {
  it('--version refuses an argument after it', async () => {
    const r = await lockdemoInProcess(['--version', 'extra']);
    expect(r.stderr).toBe('lockdemo: --version takes no argument, got "extra": lockdemo --version prints the version\n');
    expect(r.code).toBe(2);
    expect((await lockdemoInProcess(['--version'])).code).toBe(0);
  });

  it('-- ends the options: one scenario after it runs; more words say why they are too many', async () => {
    const one = await lockdemoInProcess(['--trials', '3', '--seed', '1', '--', 'counter']);
    expect(one.stdout).toContain('reproduce: lockdemo counter --trials 3 --seed 1\n');
    expect(one.code).toBe(0);
    const more = await lockdemoInProcess(['--', 'counter', '--trials', '3']);
    expect(more.stderr).toBe(
      'lockdemo: too many arguments after --: every word after it is a scenario, and a run takes one (put options before --)\n',
    );
    expect(more.code).toBe(2);
  });

  it('after --, a word is a scenario even when it spells a command or an option (lockdemo -- "$name")', async () => {
    // `lockdemo -- check` ran the whole check, and passed: a script's variable holding "check".
    for (const word of ['check', 'list', 'help', '--version']) {
      const r = await lockdemoInProcess(['--', word]);
      expect(r.stderr, word).toMatch(new RegExp(`^lockdemo: unknown scenario "${word}"\\. Available: bank, `));
      expect(r.stdout, word).toBe('');
      expect(r.code, word).toBe(2);
    }
    // A module whose name starts with a dash runs, and the reproduce line names it so it runs again.
    writeFileSync(join(dir, '-dash.mjs'), readFileSync(join(ROOT, 'test/fixtures/broken-lock.mjs'), 'utf8'));
    const dash = await shell(`cd ${dir} && node ${BIN} --trials 3 --seed 1 -- -dash.mjs; echo "status $?"`);
    expect(dash.stdout).toContain('reproduce: lockdemo ./-dash.mjs --trials 3 --seed 1\n');
    expect(dash.stdout).toMatch(/status [01]\n$/);
  });

  it('LOCKDEMO_REDIS_URL that is no URL is named as the variable, not as --redis', async () => {
    const r = await lockdemo(['processes', '--trials', '1'], { LOCKDEMO_REDIS_URL: 'hunter2' });
    expect(r.stderr).toMatch(/^lockdemo: LOCKDEMO_REDIS_URL \*\*\* is not a Redis URL /);
    expect(r.stderr).not.toContain('hunter2');
    expect(r.code).toBe(2);
  });

  it('--redis that is no URL says what is wrong without showing the value', async () => {
    const r = await lockdemo(['processes', '--redis', 'hunter2', '--trials', '1']);
    expect(r.stderr).toMatch(
      /^lockdemo: --redis \*\*\* is not a Redis URL .*: Invalid URL \(the value, 7 characters, has no scheme such as redis:\/\/\)\n$/,
    );
    expect(r.stderr).not.toContain('hunter2');
    expect(r.code).toBe(2);
  });

  it('SIGTERM says it is stopping, as Ctrl-C does, and exits 130 with the summary', async () => {
    const child = spawn(process.execPath, [BIN, 'counter', '--trials', '1e9', '--seed', '1'], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      // The header is printed once the run has started: then the signal comes.
      if (stdout === '') child.kill('SIGTERM');
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toMatch(/^lockdemo: stopping: the summary of the trials that came back follows/);
    expect(stdout).toMatch(/\nincomplete/);
    expect(code).toBe(130);
  }, 30_000);
});

describe.concurrent('Ctrl-C once the trials are over (the built CLI)', () => {
  /** Runs lockdemo and sends SIGINT once stdout shows `when`; resolves with everything. */
  const interruptWhen = (args: string[], when: RegExp) =>
    new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT });
      let stdout = '';
      let stderr = '';
      let sent = false;
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        if (!sent && when.test(stdout)) {
          sent = true;
          child.kill('SIGINT');
        }
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('close', (code) => resolve({ stdout, stderr, code }));
    });
  const STOPPING = 'lockdemo: stopping: the summary of the trials that came back follows (Ctrl-C again to quit at once)\n';

  it('while a close that never returns runs: the summary of the finished trials, and no pass, for a run that did not finish', async () => {
    const r = await interruptWhen(['test/fixtures/close-hangs.mjs', '--seed', '1'], /never raced/);
    expect(r.stdout).toContain('never raced, as required');
    // Every trial came back, but `close` never finished: the run did not either (DESIGN: an
    // interrupted run is incomplete, exit 130). It printed pass and exited 0.
    expect(r.stdout).not.toMatch(/^pass\b/m);
    expect(r.stdout).toMatch(/\nincomplete: stopped while the scenario's close ran, before it finished; no verdict\n$/);
    expect(r.stderr).toBe(STOPPING);
    expect(r.code).toBe(130);
  }, 30_000);

  it('while --ablate re-runs the trials of a variant that finished: its summary, saying the analysis was stopped, exit 130', async () => {
    // The fixture writes the flag once the lock analysis runs without the lock, and spins.
    const flag = join(dir, 'ablate.flag');
    const child = spawn(process.execPath, [BIN, 'test/fixtures/ablate-spins.mjs', '--ablate', '--seed', '1', '--timeout', '60000'], {
      cwd: ROOT,
      env: { ...process.env, LOCKDEMO_TEST_FLAG: flag },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const poll = setInterval(() => {
      if (!existsSync(flag)) return;
      clearInterval(poll);
      child.kill('SIGINT');
    }, 20);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearInterval(poll);
    // Every trial ran (the reproduce line repeats them), but the analysis asked for did not
    // finish: the run was interrupted (DESIGN: exit 130), and says what was left out.
    expect(stdout).toMatch(/never raced, as required\n/);
    expect(stdout).toContain('the analysis after the trials (smallest race, --ablate) was stopped');
    expect(stdout).toMatch(/\nreproduce: lockdemo test\/fixtures\/ablate-spins\.mjs --trials 20 --seed 1 /);
    expect(stdout).not.toContain('\npass:');
    expect(stderr).toBe(STOPPING);
    expect(code).toBe(130);
  }, 30_000);
});
