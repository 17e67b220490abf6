import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockdemo, lockdemoInProcess } from './run-built.js';

/**
 * A scenario's declared options are real flags (test/fixtures/options.mjs: --size increments
 * per task, --step what each adds, --token a secret). Its correct total is tasks × size ×
 * step, so a count of that value shows that the option reached the trials.
 */
const FIXTURE = 'test/fixtures/options.mjs';

interface RunJson {
  options: Record<string, string>;
  variants: Array<{ name: string; outcomes: Array<{ value: number; grade: string; count: number }> }>;
}

function correctValues(json: RunJson, variant: string): number[] {
  const v = json.variants.find((x) => x.name === variant);
  return (v?.outcomes ?? []).filter((o) => o.grade === 'correct').map((o) => o.value);
}

// Runs are read in process (lockdemoInProcess), except those that give the run an environment
// of its own (a variable must reach the scenario's worker, which only a process of its own
// gets) and a module outside the package that imports 'lockdemo'.
describe("a scenario's own options", () => {
  it('a scenario option given without its value does not take the next flag for it (`--size --json` printed tables)', async () => {
    for (const args of [
      [FIXTURE, '--size', '--json'],
      ['check', FIXTURE, '--size', '--json'],
    ]) {
      const r = await lockdemoInProcess(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        "lockdemo: option '--size <n>' argument '--json' is invalid. Expected a value for --size, not the option --json.\n",
      );
    }
  });

  it('reach the trials, the header and the reproduce line, written before or after the scenario', async () => {
    const after = await lockdemoInProcess([FIXTURE, '--size', '5', '--step', '2', '--trials', '100', '--seed', '1']);
    expect(after.code).toBe(0);
    expect(after.stderr).toBe('');
    expect(after.stdout).toMatch(/^100 trials per variant · schedule random · seed 1 · 2 tasks · --size 5\n--step 2$/m);
    // 2 tasks × 5 increments × 2 each.
    expect(after.stdout).toMatch(/^ {6}20 {5}100 {2}100\.0% {2}correct/m);
    expect(after.stdout).toContain('reproduce:\n  lockdemo test/fixtures/options.mjs --size 5 --step 2 --trials 100 --seed 1\n');
    const before = await lockdemoInProcess(['--size=5', '--step', '2', FIXTURE, '--trials', '100', '--seed', '1']);
    expect(before.code).toBe(0);
    expect(before.stdout).toBe(after.stdout);
  });

  it('name the variable a wrong value came from, not a flag the user never typed', async () => {
    const fromEnv = await lockdemo([FIXTURE, '--trials', '5'], { LOCKDEMO_TEST_STEP: '7' });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toMatch(/^lockdemo: LOCKDEMO_TEST_STEP \(--step\) must be one of 1, 2, 10 for options, got "7"/);
    const typed = await lockdemo([FIXTURE, '--trials', '5', '--step', '7'], { LOCKDEMO_TEST_STEP: '2' });
    expect(typed.stderr).toMatch(/^lockdemo: option '--step <value>' argument '7' is invalid/);
  });

  it('reach the JSON with their defaults and variables applied', async () => {
    const run = await lockdemo([FIXTURE, '--size', '4', '--trials', '50', '--seed', '2', '--json'], { LOCKDEMO_TEST_STEP: '10' });
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as RunJson;
    expect(json.options).toEqual({ size: '4', step: '10' });
    expect(correctValues(json, 'locked')).toEqual([80]);
    const defaults = JSON.parse((await lockdemoInProcess([FIXTURE, '--trials', '20', '--seed', '2', '--json'])).stdout) as RunJson;
    expect(defaults.options).toEqual({ size: '3', step: '1' });
    expect(correctValues(defaults, 'locked')).toEqual([6]);
  });

  it('taken from their variable, are written into the reproduce and replay lines, which repeat the run in a fresh shell', async () => {
    // With LOCKDEMO_TEST_STEP=2 the run counts 4 where --step 1 counts 2: lines without
    // --step 2 (as before) replayed another program.
    const run = await lockdemo([FIXTURE, '--size', '2', '--trials', '50', '--seed', '3'], { LOCKDEMO_TEST_STEP: '2' });
    expect(run.code).toBe(0);
    const joined = run.stdout.replace(/ \\\n\s*/g, ' ').replace(/(reproduce|replay):\n\s+/g, '$1: ');
    expect(joined).toContain('reproduce: lockdemo test/fixtures/options.mjs --size 2 --step 2 --trials 50 --seed 3');
    expect(joined).toMatch(/first race: trial \d+, replay: lockdemo test\/fixtures\/options\.mjs --size 2 --step 2 --variant unlocked/);
    const again = await lockdemo(['test/fixtures/options.mjs', '--size', '2', '--step', '2', '--trials', '50', '--seed', '3']);
    expect(again.stdout).toBe(run.stdout);
  });

  it('reach traces and replays: the replay line printed repeats the trial', async () => {
    const run = await lockdemoInProcess([FIXTURE, '--size', '2', '--variant', 'unlocked', '--trace', '--trials', '50', '--seed', '3']);
    expect(run.code).toBe(0);
    const replay = /first race: trial \d+, replay: (lockdemo .*?)\n(?! {4}\S)/s.exec(run.stdout)?.[1]?.replace(/ \\\n\s*/g, ' ');
    expect(replay).toMatch(/^lockdemo test\/fixtures\/options\.mjs --size 2 --variant unlocked --replay "[A-B ]+"$/);
    const args = [...replay!.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!).slice(1);
    const again = await lockdemoInProcess([...args, '--json']);
    expect(again.code).toBe(0);
    const trial = JSON.parse(again.stdout) as { options: Record<string, string>; value: number; grade: string };
    expect(trial.options).toEqual({ size: '2', step: '1' });
    expect(trial.grade).toBe('race');
    expect(trial.value).toBeLessThan(4);
  });

  it("are listed in the scenario's help with their choices, defaults and variables", async () => {
    const help = await lockdemoInProcess([FIXTURE, '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ {2}--size <n> {7}increments per task\n {19}default: 3$/m);
    expect(help.stdout).toMatch(/^ {19}choices: 1, 2, 10 · default: 1 · also from LOCKDEMO_TEST_STEP$/m);
    const cache = await lockdemoInProcess(['cache', '--help']);
    expect(cache.stdout).toMatch(/^ {2}--origin <kind> /m);
    expect(cache.stdout).toContain('choices: simulated, http · default: simulated');
    expect((await lockdemoInProcess(['processes', '--help'])).stdout).toMatch(/^ {2}--redis <url> /m);
  });

  it('an unknown option, or a value not among the choices, is one line and exit 2', async () => {
    for (const [argv, line] of [
      [[FIXTURE, '--sise', '4'], "lockdemo: unknown option '--sise'. Did you mean --size?\n"],
      [[FIXTURE, '--colour', '4'], "lockdemo: unknown option '--colour' (options's own options: --size, --step, --token)\n"],
      [['counter', '--size', '4'], "lockdemo: unknown option '--size' (counter has no options of its own)\n"],
      [[FIXTURE, '--step', '3'], "lockdemo: option '--step <value>' argument '3' is invalid. Allowed choices are 1, 2, 10.\n"],
      [
        ['cache', '--origin', 'ftp'],
        "lockdemo: option '--origin <kind>' argument 'ftp' is invalid. Allowed choices are simulated, http.\n",
      ],
      [[FIXTURE, '--size', ''], 'lockdemo: --size needs a value (leave the option out for its default)\n'],
    ] as const) {
      const run = await lockdemoInProcess([...argv]);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(line);
    }
  });

  it('a secret value is masked in the header, the replay lines and the JSON', async () => {
    const secret = 'redis://user:hunter2@127.0.0.1:1';
    const run = await lockdemoInProcess([FIXTURE, '--token', secret, '--variant', 'unlocked', '--trials', '30', '--seed', '1']);
    expect(run.code).toBe(0);
    const stdout = run.stdout.replace(/ \\\n\s*/g, ' ');
    expect(stdout).toContain('signed with redis://user:***@127.0.0.1:1 · --size 3 · --step 1');
    expect(stdout).toMatch(/^--token redis:\/\/user:\*\*\*@127\.0\.0\.1:1$/m);
    // A masked value would fail when pasted: the lines to paste name the option's variable instead.
    expect(stdout).toContain('replay: lockdemo test/fixtures/options.mjs --token "$LOCKDEMO_TEST_TOKEN" --variant unlocked');
    expect(stdout).toContain('reproduce: lockdemo test/fixtures/options.mjs --token "$LOCKDEMO_TEST_TOKEN" --trials 30 --seed 1');
    expect(stdout).toContain('set LOCKDEMO_TEST_TOKEN to the value of --token first (the secret is left out)');
    expect(stdout).not.toContain('***@127.0.0.1:1 --');
    const fromEnv = await lockdemo([FIXTURE, '--trials', '30', '--seed', '1', '--json'], { LOCKDEMO_TEST_TOKEN: 'plain-secret' });
    expect((JSON.parse(fromEnv.stdout) as RunJson).options.token).toBe('***');
    for (const out of [run.stdout, run.stderr, fromEnv.stdout, fromEnv.stderr]) {
      expect(out).not.toContain('hunter2');
      expect(out).not.toContain('plain-secret');
    }
  });

  it('check and --replay print a secret in their replay lines as its variable, never masked', async () => {
    const secret = 'redis://user:hunter2@127.0.0.1:1';
    const check = await lockdemoInProcess(['check', FIXTURE, '--token', secret, '--ablate']);
    expect(check.code).toBe(0);
    const checked = check.stdout.replace(/ \\\n\s*/g, ' ');
    expect(checked).toMatch(
      /replay: lockdemo test\/fixtures\/options\.mjs --token "\$LOCKDEMO_TEST_TOKEN" --variant locked --remove-lock t\.lock --replay "[AB ]+"/,
    );
    const replay = await lockdemoInProcess([FIXTURE, '--token', secret, '--variant', 'unlocked', '--replay', 'A B A B A B A B']);
    const replayed = replay.stdout.replace(/ \\\n\s*/g, ' ');
    expect(replayed).toContain(
      'reproduce: lockdemo test/fixtures/options.mjs --token "$LOCKDEMO_TEST_TOKEN" --variant unlocked --replay "A B A B A B A B"',
    );
    for (const out of [check.stdout, check.stderr, replay.stdout, replay.stderr]) {
      expect(out).not.toContain('hunter2');
      expect(out).not.toContain('***@127.0.0.1:1 --');
    }
  });

  it('reach check: each target gets the options it declares, and the JSON says which were in effect', async () => {
    interface CheckJson {
      verdict: string;
      results: Array<{ scenario: string; variant: string; explored: number; options: Record<string, string> }>;
    }
    const run = await lockdemoInProcess(['check', FIXTURE, 'counter', '--size', '2', '--json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as CheckJson;
    const unlocked = json.results.find((r) => r.scenario === 'options' && r.variant === 'unlocked');
    // Two tasks of s increments each: s + 1 steps per task, so C(2(s+1), s+1) interleavings.
    expect(unlocked?.explored).toBe(20); // s = 2; the default s = 3 would give 70
    expect(unlocked?.options).toEqual({ size: '2', step: '1' });
    expect(json.results.find((r) => r.scenario === 'counter')?.options).toEqual({});
    const defaults = JSON.parse((await lockdemoInProcess(['check', FIXTURE, '--json'])).stdout) as CheckJson;
    expect(defaults.results.find((r) => r.variant === 'unlocked')?.explored).toBe(70);
    const unknown = await lockdemoInProcess(['check', 'counter', '--size', '2']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toBe("lockdemo: unknown option '--size' (counter has no options of its own)\n");
    // Several targets are "the targets" (it read "cache, counter's own options"), and a flag of
    // a run that check does not take is said to be one.
    const several = await lockdemoInProcess(['check', 'cache', 'counter', '--size', '2']);
    expect(several.stderr).toBe("lockdemo: unknown option '--size' (the targets' own options: --origin)\n");
    const runFlag = await lockdemoInProcess(['check', 'counter', '--depth', '3']);
    expect(runFlag.code).toBe(2);
    expect(runFlag.stderr).toBe(
      "lockdemo: unknown option '--depth' (--depth applies to lockdemo <scenario>, not to check; counter has no options of its own)\n",
    );
    // Not taken for a typo of another flag: commander suggested --trials for --trace.
    const trace = await lockdemoInProcess(['check', 'counter', '--trace']);
    expect(trace.stderr).toBe(
      "lockdemo: unknown option '--trace' (--trace applies to lockdemo <scenario>, not to check; counter has no options of its own)\n",
    );
  }, 60_000);

  describe('a scenario option named like one of lockdemo’s own', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockdemo-options-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('is refused as a contract mistake (exit 3), naming the option', async () => {
      const file = join(dir, 'clash.mjs');
      writeFileSync(
        file,
        [
          "import { defineScenario } from 'lockdemo';",
          'export default defineScenario({',
          "  name: 'clash', summary: 's', options: { trials: { description: 'd' } },",
          "  setup: () => ({}), observe: () => 1, outcomes: [{ value: 1, grade: 'correct', description: 'd' }],",
          "  variants: { only: { races: 'forbidden', run: async () => {} } },",
          '});',
        ].join('\n'),
      );
      const run = await lockdemo([file, '--x', '1']);
      expect(run.code).toBe(3);
      expect(run.stderr).toBe('lockdemo: scenario "clash": its option --trials is one of lockdemo\'s own: give it another name\n');
    });
  });
});
