import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockdemo, lockdemoInProcess, ROOT } from './run-built.js';

/** The built-in scenarios, read from the scenarios folder (not from lockdemo's own list). */
const BUILTINS = readdirSync(join(ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('-child.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

/** `lockdemo list --json`, run once for the whole file: the variants each help must name. */
let list: Promise<Array<{ name: string; variants: Array<{ name: string }> }>> | undefined;
function listed(): Promise<Array<{ name: string; variants: Array<{ name: string }> }>> {
  list ??= lockdemoInProcess(['list', '--json']).then(
    (r) => JSON.parse(r.stdout) as Array<{ name: string; variants: Array<{ name: string }> }>,
  );
  return list;
}

function expectFits(text: string): void {
  for (const line of text.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
}

// What each command prints and returns is read in process (lockdemoInProcess, the built CLI's
// runCli); a bare `lockdemo` and options without a scenario, which end before any command, are
// spawned as a user runs them.
describe('a learner’s first commands', () => {
  it('a bare lockdemo prints where to start on stderr and exits 2: nothing ran', async () => {
    const run = await lockdemo([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.split('\n');
    const from = lines.indexOf('Scenarios (lockdemo <scenario> runs one):') + 1;
    const scenarios = lines.slice(from, lines.indexOf('', from));
    // One row per scenario, its name at column 2; a summary too long for the line wraps under itself.
    expect(scenarios.filter((l) => /^ {2}\S/.test(l)).map((l) => l.trim().split(/\s+/)[0])).toEqual(BUILTINS);
    const tries = lines.slice(lines.indexOf('Try:') + 1, lines.indexOf('Try:') + 4);
    expect(tries).toHaveLength(3);
    for (const line of tries) expect(line).toMatch(/^ {2}lockdemo \S/);
    expect(run.stderr).toContain('nothing ran (exit 2)');
    expectFits(run.stderr);
    // The whole help says why a bare lockdemo exits 2.
    expect((await lockdemoInProcess(['help'])).stdout).toMatch(/2 {4}bad usage or input; also a bare `lockdemo`/);
  });

  it('a bare lockdemo wraps to COLUMNS, also into a pipe, and cuts nothing off', async () => {
    const wide = await lockdemo([]);
    const narrow = await lockdemo([], { COLUMNS: '40' });
    expect(narrow.code).toBe(2);
    for (const line of narrow.stderr.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(40);
    expect(narrow.stderr).not.toContain('…');
    // The same words, only wrapped otherwise.
    const words = (text: string): string => text.split(/\s+/).join(' ');
    expect(words(narrow.stderr)).toBe(words(wide.stderr));
  });

  it('each of the three commands it suggests runs', async () => {
    const start = (await lockdemoInProcess([])).stderr.split('\n');
    const tries = start.slice(start.indexOf('Try:') + 1, start.indexOf('Try:') + 4).map((l) => l.trim().split(/ {2,}/)[0]!);
    for (const command of tries) {
      const args = command.split(' ').slice(1);
      const run = await lockdemoInProcess([...args, ...(args[0] === 'check' ? ['counter'] : ['--trials', '50', '--seed', '1'])]);
      expect(run.code, command).toBe(0);
    }
  }, 60_000);

  it('lockdemo help is the whole help, and help <command> is that command’s help', async () => {
    const help = await lockdemoInProcess(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toBe((await lockdemoInProcess(['--help'])).stdout);
    expect(help.stdout).toContain('lockdemo help <scenario>');
    const check = await lockdemoInProcess(['help', 'check']);
    expect(check.code).toBe(0);
    expect(check.stdout).toBe((await lockdemoInProcess(['check', '--help'])).stdout);
    expect(check.stdout).toMatch(/^Usage: lockdemo check/);
    expectFits(help.stdout);
  });

  it('help <scenario> is the scenario’s own help, the same as <scenario> --help', async () => {
    const help = await lockdemoInProcess(['help', 'counter']);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
    expect(help.stdout).toBe((await lockdemoInProcess(['counter', '--help'])).stdout);
    expect(help.stdout).toMatch(/^Usage: lockdemo counter \[options\]\n\ncounter: tasks increment a shared counter/);
    expect(help.stdout).toMatch(/^ {2}unlocked {2}races allowed {4}current = value; await; value = current \+ 1$/m);
    expect(help.stdout).toMatch(/^ {2}locked {4}races forbidden {2}the same three steps inside lock\.run\(\)$/m);
    expect(help.stdout).toContain('Runs by default: 3 tasks · 1000 trials per variant · schedule random');
    expect(help.stdout).toContain('Schedules it runs under: random, pct, exhaustive, asyncio, event-loop, timers');
    expect(help.stdout).toContain('Options of counter: none of its own.');
    // Not the generic help of every run.
    expect(help.stdout).not.toContain('--max-interleavings');
    expectFits(help.stdout);
  });

  it.each(BUILTINS)('help %s fits 80 columns and names every variant', async (name) => {
    const help = await lockdemoInProcess(['help', name], { COLUMNS: '80' });
    expect(help.code).toBe(0);
    expectFits(help.stdout);
    const variants = (await listed()).find((s) => s.name === name)?.variants;
    expect(variants, name).toBeDefined();
    for (const v of variants ?? []) expect(help.stdout).toMatch(new RegExp(`^ {2}${v.name} +races `, 'm'));
  });

  it('the help of a user module is read from the module, loaded in a worker', async () => {
    const help = await lockdemoInProcess(['help', 'test/fixtures/serializable.mjs']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: lockdemo test\/fixtures\/serializable\.mjs \[options\]\n\nserializable: /);
    expect((await lockdemoInProcess(['help', 'test/fixtures/missing.mjs'])).code).toBe(3);
    const unknown = await lockdemoInProcess(['help', 'countr']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^lockdemo: unknown scenario "countr".*Did you mean "counter"\?/);
  });

  it('a scenario named after the options is understood, even after --variant', async () => {
    const reference = await lockdemoInProcess(['counter', '--variant', 'unlocked', '--trials', '60', '--seed', '4']);
    expect(reference.code).toBe(0);
    for (const argv of [
      ['--variant', 'unlocked', 'counter', '--trials', '60', '--seed', '4'],
      ['--trials', '60', '--seed', '4', '--variant', 'unlocked', 'counter'],
    ]) {
      const run = await lockdemoInProcess(argv);
      expect(run.code, argv.join(' ')).toBe(0);
      expect(run.stdout).toBe(reference.stdout);
    }
    const path = await lockdemoInProcess(['--variant', 'locked', 'test/fixtures/serializable.mjs', '--schedule', 'exhaustive']);
    expect(path.code).toBe(0);
    expect(path.stdout).toContain('locked (races forbidden)');
    expect(path.stdout).not.toContain('unlocked (races allowed)');
  });

  it('options without a scenario are one line and exit 2', async () => {
    const run = await lockdemo(['--trials', '5']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('lockdemo: no scenario given: lockdemo <scenario> [options] (lockdemo list shows them)\n');
  });
});

describe('a scenario’s help with its own options given', () => {
  it('shows the defaults those options give: cache --origin http runs 100 trials, not 1,000', async () => {
    const [http, simulated] = await Promise.all([
      lockdemoInProcess(['cache', '--origin', 'http', '--help']),
      lockdemoInProcess(['cache', '--help']),
    ]);
    expect(http.code).toBe(0);
    expect(http.stdout).toContain('Runs by default: 3 tasks · 100 trials per variant · schedule random');
    expect(simulated.stdout).toContain('Runs by default: 3 tasks · 1000 trials per variant · schedule random');
  });
});
