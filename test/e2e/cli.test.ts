import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANSI, lockdemo, lockdemoInProcess, ROOT, shell } from './run-built.js';

interface JsonReport {
  scenario: string;
  schedule: string;
  seed: number;
  trials: number;
  tasks: number;
  verdict: string;
  variants: Array<{
    name: string;
    races: string;
    trials: number;
    raceCount: number;
    raceFrequency: number;
    interval95: [number, number];
    verdict: string;
    outcomes: Array<{ value: number | string; count: number; grade: string; description: string }>;
  }>;
}

const seen = (report: JsonReport, variant: string) =>
  Object.fromEntries(
    report.variants
      .find((v) => v.name === variant)!
      .outcomes.filter((o) => o.count > 0)
      .map((o) => [o.value, o.count]),
  );

// The tests of each block run side by side (at most vitest's maxConcurrency, 5, at a time):
// each asserts only its own runs, and none depends on how long another takes.
describe.concurrent('lockdemo counter (the built CLI)', () => {
  it('prints both variants graded, the race frequency, a verdict and the reproduce line', async () => {
    const r = await lockdemo(['counter', '--trials', '1000', '--seed', '12345']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stdout).toContain('counter — tasks increment a shared counter');
    expect(r.stdout).toContain('1,000 trials per variant · schedule random · seed 12345 · 3 tasks');
    expect(r.stdout).toMatch(/unlocked \(races allowed\)[\s\S]*COUNT\s+TRIALS\s+SHARE\s+GRADE\s+DESCRIPTION/);
    expect(r.stdout).toMatch(/^\s+1\s+\d+\s+[\d.]+%\s+race\s+2 updates lost/m);
    expect(r.stdout).toMatch(/^\s+3\s+1,000\s+100\.0%\s+correct\s+every increment kept\s+█{20}$/m);
    expect(r.stdout).toMatch(/race frequency [\d.]+% \(\d+\/1,000, 95% CI [\d.]+–[\d.]+%\)\s+raced, as allowed/);
    expect(r.stdout).toContain('race frequency 0.0% (0/1,000, 95% CI 0.0–0.4%)  never raced, as required');
    expect(r.stdout).toContain('pass: every variant met its declaration');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('reproduce: lockdemo counter --trials 1000 --seed 12345');
    // The README shows this very run, byte for byte.
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(r.stdout).toBe(/\$ npx lockdemo counter --trials 1000 --seed 12345\n([\s\S]*?)```/.exec(readme)?.[1]);
  });

  it('reproduces a run exactly from the printed command, fresh seed included', async () => {
    const first = await lockdemoInProcess(['counter', '--trials', '2000']);
    const line = first.stdout.trimEnd().split('\n').at(-1)!;
    expect(line).toMatch(/^reproduce: lockdemo counter --trials 2000 --seed \d+$/);
    const again = await lockdemoInProcess(line.replace('reproduce: lockdemo ', '').split(' '));
    expect(again.stdout).toBe(first.stdout);
  });

  it('--json prints one document whose counts add up', async () => {
    const r = await lockdemoInProcess(['counter', '--trials', '5000', '--seed', '3', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report).toMatchObject({ scenario: 'counter', schedule: 'random', seed: 3, trials: 5000, tasks: 3, verdict: 'pass' });
    expect(report.variants.map((v) => [v.name, v.races, v.verdict])).toEqual([
      ['unlocked', 'allowed', 'pass'],
      ['locked', 'forbidden', 'pass'],
    ]);
    for (const v of report.variants) {
      expect(v.outcomes.reduce((sum, o) => sum + o.count, 0)).toBe(5000);
      expect(v.raceFrequency).toBeCloseTo(v.raceCount / 5000, 12);
      expect(v.interval95[0]).toBeLessThanOrEqual(v.raceFrequency);
      expect(v.interval95[1]).toBeGreaterThanOrEqual(v.raceFrequency);
    }
    expect(report.variants[0]!.raceCount).toBeGreaterThan(3500);
    expect(seen(report, 'locked')).toEqual({ 3: 5000 });
  });

  it('--schedule event-loop gives what asyncio gives: unlocked 1, locked 3', async () => {
    const r = await lockdemoInProcess(['counter', '--schedule', 'event-loop', '--trials', '50', '--json']);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(seen(report, 'unlocked')).toEqual({ 1: 50 });
    expect(seen(report, 'locked')).toEqual({ 3: 50 });
    expect(r.code).toBe(0);
  });

  it('honours --tasks and --variant', async () => {
    const r = await lockdemoInProcess(['counter', '--tasks', '5', '--variant', 'locked', '--trials', '100', '--json']);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.tasks).toBe(5);
    expect(report.variants.map((v) => v.name)).toEqual(['locked']);
    expect(seen(report, 'locked')).toEqual({ 5: 100 });
  });

  it('ends quietly when its reader goes away (| head -1), but never with 0: the output was not all written', async () => {
    const r = await shell(`node bin/lockdemo.js counter --trials 100000 | head -1; echo "status \${PIPESTATUS[0]}"`);
    expect(r.stdout).toMatch(/^counter — tasks increment a shared counter.*\nstatus 74\n$/);
    expect(r.stderr).toBe('');
  });

  it('a run stopped because nobody reads stdout says nothing on stderr; a Ctrl-C prints the tally of what was checked', async () => {
    // main() aborts with READER_GONE ('nobody reads stdout') when the reader of a pipe leaves
    // (`check | head -3` while a later target is still loading): that is not a Ctrl-C, and stderr
    // must not call it one. A module whose import never ends is still loading when either comes.
    const stopAfter = (ms: number, reason?: string): AbortSignal => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(reason), ms);
      return controller.signal;
    };
    const target = 'test/fixtures/hostile/loop-at-import.mjs';
    const gone = await lockdemoInProcess(['check', target], {}, stopAfter(200, 'nobody reads stdout'));
    expect(gone.stderr).toBe('');
    expect(gone.code).toBe(130); // main() turns it into 74, the output failure
    // A Ctrl-C while the target loads: the tally of what was checked (nothing of it), as later.
    const ctrlC = await lockdemoInProcess(['check', target], {}, stopAfter(200));
    expect(ctrlC.stderr).toBe('');
    expect(ctrlC.stdout).toBe(
      '\n0 passed, 0 failed, 0 flagged · 0 of 1 scenario, 0 variants\ninterrupted: the variants above are all that were checked\n',
    );
    expect(ctrlC.code).toBe(130);
  }, 30_000);

  it('keeps a failing verdict when its reader goes away: exit 1, not 0 or 74', async () => {
    const r = await shell(
      `node bin/lockdemo.js test/fixtures/broken-lock.mjs --trials 1000 --seed 1 | head -1; echo "status \${PIPESTATUS[0]}"`,
    );
    // 1 once the forbidden outcome was counted. On a loaded machine the reader may leave (and the
    // work stop) before any trial came back: then there is no verdict to keep, and the honest
    // answer is an output failure, 74. Never 0.
    expect(r.stdout).toMatch(/^broken-lock — .*\nstatus (1|74)\n$/);
    expect(r.stderr).toBe('');
  });

  it('a full disk is a failure: exit 74 and one line', async () => {
    const r = await shell(`node bin/lockdemo.js counter --trials 10 --json > /dev/full; echo "status $?"`);
    expect(r.stdout).toBe('status 74\n');
    expect(r.stderr).toMatch(/^lockdemo: cannot write the output: .*ENOSPC/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('a full disk under a failing run: the verdict keeps its exit 1, and the write error is said', async () => {
    const r = await shell(`node bin/lockdemo.js test/fixtures/broken-lock.mjs > /dev/full; echo "status $?"`);
    expect(r.stdout).toBe('status 1\n');
    expect(r.stderr).toMatch(/^lockdemo: cannot write the output: .*ENOSPC/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('check of every built-in with both reports says nothing on stderr (a listener per report piled up: MaxListenersExceededWarning)', async () => {
    const r = await lockdemo(['check', '--junit', 'test/.tmp/all-builtins.xml', '--html', 'test/.tmp/all-builtins.html']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('colours only when asked: FORCE_COLOR on, NO_COLOR and --no-color off', async () => {
    const args = ['counter', '--trials', '10', '--seed', '1'];
    expect((await lockdemo(args, { FORCE_COLOR: '1' })).stdout).toMatch(ANSI);
    expect((await lockdemo(args, { FORCE_COLOR: '1', NO_COLOR: '1' })).stdout).not.toMatch(ANSI);
    expect((await lockdemo([...args, '--no-color'], { FORCE_COLOR: '1' })).stdout).not.toMatch(ANSI);
  });
});

describe.concurrent('lockdemo cache (the built CLI)', () => {
  it('runs all four variants; the locked ones never race', async () => {
    const r = await lockdemoInProcess(['cache', '--trials', '2000', '--seed', '7', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.variants.map((v) => [v.name, v.races])).toEqual([
      ['unlocked', 'allowed'],
      ['locked', 'forbidden'],
      ['split-lock', 'allowed'],
      ['single-flight', 'forbidden'],
    ]);
    expect(seen(report, 'locked')).toEqual({ 2: 2000 });
    expect(seen(report, 'single-flight')).toEqual({ 2: 2000 });
    expect(report.variants.find((v) => v.name === 'unlocked')!.raceCount).toBeGreaterThan(500);
    expect(report.variants.find((v) => v.name === 'split-lock')!.raceCount).toBeGreaterThan(500);
  });

  it("says plainly that the lesson's split lock still fetches twice", async () => {
    const r = await lockdemoInProcess(['cache', '--variant', 'split-lock', '--trials', '100', '--seed', '1']);
    expect(r.stdout).toMatch(/still\s+fetches a post twice when two requests miss together/);
    // Lines wrap at the terminal's width (80 here): read the words, not the line breaks.
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(/"hits cache", but under asyncio it does not/);
  });

  it('--schedule event-loop matches asyncio: split-lock fetches 3 times, locked 2', async () => {
    const r = await lockdemoInProcess(['cache', '--schedule', 'event-loop', '--trials', '20', '--json']);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(seen(report, 'split-lock')).toEqual({ 3: 20 });
    expect(seen(report, 'locked')).toEqual({ 2: 20 });
    expect(seen(report, 'unlocked')).toEqual({ 3: 20 });
  });

  it('--tasks 5 asks for posts 1, 1, 2, 2, 3', async () => {
    const r = await lockdemoInProcess(['cache', '--tasks', '5', '--variant', 'locked', '--trials', '50', '--json']);
    expect(seen(JSON.parse(r.stdout) as JsonReport, 'locked')).toEqual({ 3: 50 });
  });

  it('runs under the timers schedule with real timers', async () => {
    const r = await lockdemoInProcess(['cache', '--schedule', 'timers', '--trials', '100', '--seed', '2', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(seen(report, 'locked')).toEqual({ 2: 100 });
    expect(seen(report, 'single-flight')).toEqual({ 2: 100 });
  });
});

describe.concurrent('exit codes and bad input', () => {
  it.each([
    [
      ['countr'],
      /^lockdemo: unknown scenario "countr"\. Available: bank, cache, counter, deadlock, inventory, lazy-init, processes, read-only, threads\. Did you mean "counter"\?/,
    ],
    [['counter', '--bogus'], /^lockdemo: unknown option '--bogus'/],
    [['counter', '--trials', '0'], /^lockdemo: option '-t, --trials <n>' argument '0' is invalid/],
    [['counter', '--trials', '-5'], /argument '-5' is invalid\. Expected a whole number of trials from 1 to 1e9/],
    [['counter', '--trials', '1.5'], /argument '1\.5' is invalid/],
    [['counter', '--trials', 'abc'], /argument 'abc' is invalid/],
    [['counter', '--trials', '1e12'], /argument '1e12' is invalid/],
    [['counter', '--seed', 'soon'], /--seed <n>' argument 'soon' is invalid\. Expected an integer seed/],
    [['counter', '--schedule', 'fair'], /Allowed choices are random, pct, exhaustive, asyncio, event-loop, timers/],
    [
      ['counter', '--variant', 'lockd'],
      /^lockdemo: unknown variant "lockd" for scenario "counter"\. Available: unlocked, locked\. Did you mean "locked"\?/,
    ],
    [['counter', '--tasks', '0'], /--tasks <n>' argument '0' is invalid\. Expected a whole number of tasks from 1 to 64/],
    // A replay runs the one interleaving it is given: flags that choose or count trials were silently ignored.
    [
      ['counter', '--variant', 'unlocked', '--replay', 'A B C A B C', '--schedule', 'timers', '--trials', '5'],
      /^lockdemo: --replay runs exactly the interleaving it is given, so --schedule, --trials cannot apply: drop them$/m,
    ],
    // --seed applies to a replay: the trial's Math.random draws by it (trial-random.ts).
    [['counter', '--variant', 'unlocked', '--replay', 'A B C A B C', '--depth', '3'], /so --depth cannot apply: drop it$/m],
    [['counter', '--variant', 'unlocked', '--replay', 'A B C A B C', '--jobs', '2'], /so --jobs cannot apply: drop it$/m],
    // `_` is accepted between digits only (1_000_000): '_1_' ran 1 trial, '1__0' ran 10.
    [['counter', '--trials', '_1_'], /argument '_1_' is invalid\. Expected a whole number of trials/],
    [['counter', '--trials', '1__0'], /argument '1__0' is invalid\. Expected a whole number of trials/],
    // init named Node's error code ("ENOENT: no such file or directory, open ...").
    [
      ['init', 'test/.tmp/no-such-folder/x.mjs'],
      /^lockdemo: cannot create test\/\.tmp\/no-such-folder\/x\.mjs: the folder test\/\.tmp\/no-such-folder does not exist$/m,
    ],
    [['counter', '--remove-lock', ''], /^lockdemo: --remove-lock needs a lock name: t\.lock, or a name given to t\.lockNamed$/m],
    // Commander's "argument missing" said what was wrong, not where to read what is accepted.
    [
      ['counter', '--trials'],
      /^lockdemo: option '-t, --trials <n>' needs a value \(lockdemo help, and lockdemo help <scenario> for its own options, say what each takes\)$/m,
    ],
    [['counter', 'bank'], /^lockdemo: too many arguments: a run takes one scenario \(lockdemo check takes several\)$/m],
    // A trial past the last one was accepted, and the run ended with exit 0 and no trace.
    [
      ['counter', '--trials', '10', '--trace-trial', '11'],
      /^lockdemo: --trace-trial 11 is past the last trial: this run has 10 trials per variant$/m,
    ],
    // An empty report path was called "a folder"; one path for both reports kept only the last.
    [['check', 'counter', '--junit', ''], /^lockdemo: --junit needs a file name, such as lockdemo\.xml$/m],
    [['counter', '--html', ''], /^lockdemo: --html needs a file name, such as report\.html$/m],
    [
      ['check', 'counter', '--junit', 'test/.tmp/same.xml', '--html', 'test/../test/.tmp/same.xml'],
      /^lockdemo: --junit and --html both name test\/\.tmp\/same\.xml: give each report its own file$/m,
    ],
    // Beside a schedule lockdemo does not control, --ablate printed nothing and exited 0.
    [
      ['counter', '--schedule', 'event-loop', '--ablate'],
      /^lockdemo: --ablate does not apply to the event-loop schedule, where lockdemo picks no step \(it applies to random, pct, exhaustive, asyncio\)$/m,
    ],
  ])('%j: exit 2, one line on stderr, nothing on stdout', async (args, message) => {
    const r = await lockdemoInProcess(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('check says how often a variant deadlocked: "races 0/8" alone read as if nothing happened', async () => {
    const r = await lockdemoInProcess(['check', 'deadlock']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'PASS  deadlock › opposite-order  exhaustive  races 0/8 interleavings\n      (races allowed)\n      deadlocks in 4 of 8 interleavings, not counted as races\n',
    );
    expect(r.stdout.match(/deadlocks in/g)).toHaveLength(1); // ordered never deadlocks
  });

  it('a secret option that is not a URL is masked whole in its error: no password in plain text', async () => {
    // Without its scheme, ':pw@host' was printed as given ("--redis :s3cret@127.0.0.1:6379 is not ...").
    for (const value of [':s3cret@127.0.0.1:6379', 'user:s3cret@127.0.0.1:6379']) {
      const r = await lockdemo(['processes', '--redis', value, '--trials', '1']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^lockdemo: --redis \*\*\* is not a Redis URL \(expected redis:\/\/host:port, .*\n$/);
      expect(r.stderr).not.toContain('s3cret');
    }
  });

  it('check counts a target named twice once', async () => {
    const r = await lockdemoInProcess(['check', 'counter', 'counter']);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^PASS {2}counter › unlocked/gm)).toHaveLength(1);
    expect(r.stdout).toContain('2 passed, 0 failed, 0 flagged · 1 scenario, 2 variants\n');
  });

  it('exits 1 when a variant that forbids races races, and says which', async () => {
    const r = await lockdemo(['test/fixtures/broken-lock.mjs', '--trials', '500', '--seed', '1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/race frequency [\d.]+% .*FAIL: \d+ forbidden trials/);
    expect(r.stdout).toContain('FAIL: forbidden outcomes in locked');
    expect(r.stdout).toContain('reproduce: lockdemo test/fixtures/broken-lock.mjs --trials 500 --seed 1');
  });

  it.each([
    [['test/fixtures/missing.mjs'], 'lockdemo: cannot load test/fixtures/missing.mjs: file not found'],
    [['test/fixtures/not-a-scenario.mjs'], 'lockdemo: cannot load test/fixtures/not-a-scenario.mjs: its default export is not a scenario'],
    [['test/fixtures/no-default.mjs'], 'lockdemo: cannot load test/fixtures/no-default.mjs: it has no default export'],
    [['test/fixtures/syntax-error.mjs'], 'lockdemo: cannot load test/fixtures/syntax-error.mjs: syntax error at line 6'],
    // Node's own words ("Unknown file extension") said what was wrong, not what is accepted.
    [['./README.md'], 'lockdemo: cannot load ./README.md: a scenario module ends in .js, .mjs, .cjs, .ts or .mts'],
    [
      ['test/fixtures/bad-field.mjs'],
      'lockdemo: cannot load test/fixtures/bad-field.mjs: scenario "bad-field": "variants.unlocked.races" must be "allowed" or "forbidden", got "sometimes"',
    ],
  ])('%j: exit 3 with one line', async (args, message) => {
    const r = await lockdemoInProcess(args);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith(message)).toBe(true);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('shows a stack trace only with --debug', async () => {
    const r = await lockdemo(['test/fixtures/missing.mjs', '--debug']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('--help and --version exit 0 on stdout', async () => {
    const help = await lockdemo(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: lockdemo <scenario> \[options\] {3}\| {3}lockdemo <command> \[options\]/);
    expect(help.stdout).toContain('--schedule <name>');
    expect(help.stdout).toContain('Exit codes:');
    const version = await lockdemo(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe.concurrent('the README', () => {
  it('its scenario example runs as printed: the unlocked variant races, the locked one passes', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const example = /```js\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toContain("from 'lockdemo'");
    // Inside the package, so `import ... from 'lockdemo'` resolves to this very package.
    mkdirSync(join(ROOT, 'test/.tmp'), { recursive: true });
    writeFileSync(join(ROOT, 'test/.tmp/readme-example.mjs'), example!);
    const r = await lockdemo(['test/.tmp/readme-example.mjs', '--trials', '1000', '--seed', '3', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.variants.find((v) => v.name === 'unlocked')!.raceCount).toBeGreaterThan(100);
    expect(seen(report, 'locked')).toEqual({ 1: 1000 });
  });
  // That the README shows the output of a real run (counter --trials 1000 --seed 12345) is
  // asserted by the first test of this file, on the run it makes.
});

describe.concurrent('trace, replay and exhaustive (the built CLI)', () => {
  it('--trace shows the lost update, and the printed replay string reproduces it exactly', async () => {
    const run = await lockdemoInProcess(['counter', '--seed', '7', '--trace']);
    expect(run.code).toBe(0);
    // The smallest race is traced first (issue 14): it needs 1 preemption for the counter.
    expect(run.stdout).toContain('trace of unlocked, the smallest race (1 preemption)');
    // At 80 columns the note wraps within its column: one ✗ per lost update, each naming whose value it destroyed.
    expect(run.stdout).toMatch(/write value = \d\s+✗ overwrites task_[A-C]'s\s+\d/);
    expect(run.stdout).toContain('trace of locked, trial 1 (no trial raced)');
    const command = /smallest race: \d needs 1 preemption .*\n\s+replay:\s+lockdemo (counter --variant unlocked --replay "([A-C ]+)")/.exec(
      run.stdout,
    )!;
    const replay = await lockdemoInProcess(['counter', '--variant', 'unlocked', '--replay', command[2]!]);
    expect(replay.code).toBe(0);
    const traceOf = (out: string) => out.slice(out.indexOf('  STEP'), out.indexOf('  result'));
    const traceInRun = run.stdout.slice(run.stdout.indexOf('trace of unlocked'));
    expect(traceOf(replay.stdout)).toBe(traceOf(traceInRun));
    expect(replay.stdout).toMatch(/result \d — race: \d updates? lost/);
  });

  it('--trace-trial K traces trial K of each variant', async () => {
    const r = await lockdemoInProcess(['counter', '--seed', '1', '--trials', '100', '--trace-trial', '5']);
    expect(r.stdout).toContain('trace of unlocked, trial 5');
    expect(r.stdout).toContain('trace of locked, trial 5');
    expect(r.stdout).toContain('resume, taking lock');
  });

  it('--schedule exhaustive reports exact counts for 3 and 4 tasks', async () => {
    const three = await lockdemoInProcess(['counter', '--schedule', 'exhaustive']);
    expect(three.code).toBe(0);
    expect(three.stdout).toContain('races in 84 of 90 interleavings  raced, as allowed');
    // At 80 columns the sentence wraps before its figure.
    expect(three.stdout).toMatch(/interleavings are not equally likely: a random trial races with probability\s+83\.3%/);
    expect(three.stdout).toContain('every interleaving explored: the verdict holds for all of them');
    const four = JSON.parse((await lockdemoInProcess(['counter', '--schedule', 'exhaustive', '--tasks', '4', '--json'])).stdout) as {
      variants: Array<{ interleavings: number; complete: boolean }>;
    };
    expect(four.variants.map((v) => [v.interleavings, v.complete])).toEqual([
      [2520, true],
      [552, true],
    ]);
  });

  it('says plainly when --max-interleavings cut the search short', async () => {
    const r = await lockdemoInProcess(['counter', '--schedule', 'exhaustive', '--tasks', '6', '--max-interleavings', '1000']);
    expect(r.stdout).toContain('search cut short after 1,000 interleavings');
  });

  it('finds the deadlock under random, pct and exhaustive, never in ordered, and names the cycle', async () => {
    for (const schedule of ['random', 'pct', 'exhaustive']) {
      const r = await lockdemoInProcess([
        'deadlock',
        '--schedule',
        schedule,
        ...(schedule === 'exhaustive' ? [] : ['--seed', '3']),
        '--json',
      ]);
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout) as JsonReport;
      expect(seen(report, 'opposite-order').deadlock, schedule).toBeGreaterThan(0);
      expect(Object.keys(seen(report, 'ordered')), schedule).toEqual(['done']);
    }
    const traced = await lockdemoInProcess(['deadlock', '--variant', 'opposite-order', '--replay', 'A B A B']);
    expect(traced.stdout.replace(/\s+/g, ' ')).toContain(
      'deadlock: task_A holds lock1 and waits for lock2; task_B holds lock2 and waits for lock1',
    );
  });

  it('--json carries the replay string of the first racing trial', async () => {
    const r = await lockdemoInProcess(['counter', '--seed', '2', '--trials', '50', '--json']);
    const report = JSON.parse(r.stdout) as { variants: Array<{ firstRace?: { trial: number; schedule: string } }> };
    expect(report.variants[0]!.firstRace!.schedule).toMatch(/^[A-C]( [A-C]){5}$/);
    expect(report.variants[1]!.firstRace).toBeUndefined();
  });

  it.each([
    [['counter', '--variant', 'unlocked', '--replay', 'A B'], /^lockdemo: --replay does not fit counter: the replay string is too short/],
    [['counter', '--variant', 'unlocked', '--replay', 'A A A A A A A'], /step 3 picks A, which is not runnable there/],
    [['counter', '--variant', 'unlocked', '--replay', 'hello'], /expected a task letter/],
    [['counter', '--replay', 'A B'], /--replay runs one variant: add --variant <name>/],
    [
      ['counter', '--schedule', 'event-loop', '--trace'],
      /--trace does not apply to the event-loop schedule, where Node.js's own event loop decides every step \(it applies to random, pct, exhaustive, asyncio\)/,
    ],
    [['counter', '--depth', '2'], /--depth does not apply to the random schedule \(it applies to pct\)/],
  ])('%j: exit 2 with one line', async (args, message) => {
    const r = await lockdemoInProcess(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
