/**
 * Scenario code that does its worst (test/fixtures/hostile/, one module per case) must never
 * make lockdemo hang, crash with a stack trace or exit 0: each case ends in bounded time with
 * its exit code, one line on stderr, and a stdout that is empty or a valid report.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { CHUNK_TRIALS } from '../../src/core/run-scenario.js';
import { BIN, lockdemo, lockdemoInProcess, ROOT } from './run-built.js';
import { processesWithEnv } from './proc-env.js';

const F = 'test/fixtures/hostile';

/** Generous: the machine is shared and noisy; a hang would take forever, not 30 s. */
const BOUND_MS = 30_000;

interface Case {
  fixture: string;
  args?: string[];
  code: number;
  /** The one line on stderr; undefined when stderr must be empty. */
  stderr?: RegExp;
  /** What stdout must show, when it is a report. */
  stdout?: RegExp;
}

const cases: Case[] = [
  { fixture: 'exit-at-import', code: 3, stderr: /exit-at-import\.mjs called process\.exit\(0\)/ },
  { fixture: 'exit-in-task', code: 3, stderr: /exit-in-task\.mjs called process\.exit\(0\)/ },
  // --timeout 500, but a load is given at least 5 s (a module can take long to import on a busy machine): the line names that bound.
  { fixture: 'loop-at-import', code: 3, stderr: /did not come back within 5000 ms at import/ },
  { fixture: 'await-forever', code: 3, stderr: /did not come back within 5000 ms at import/ },
  {
    fixture: 'throw-at-import-in-worker',
    args: ['--jobs', '2'],
    code: 3,
    stderr: /cannot load .*throw-at-import-in-worker\.mjs: no workers here/,
  },
  { fixture: 'loop-in-setup', code: 3, stderr: /"loop-in-setup": .*within 500 ms in "setup" \(trial 1\)/ },
  { fixture: 'loop-in-observe', code: 3, stderr: /"loop-in-observe": .*within 500 ms in "observe" \(trial 1\)/ },
  {
    fixture: 'loop-in-task',
    code: 1,
    stdout: /hang\s+1\s+25\.0%\s+forbidden[\s\S]*first forbidden: trial 2, replay:[\s\S]*--replay "[A-B ]+"[\s\\]+--replay-trial 2\n/,
  },
  { fixture: 'microtask-loop', code: 1, stdout: /hang\s+2\s+100\.0%\s+forbidden/ },
  // Under pct the pilot that measures k runs the hanging trial first: it is counted as a hang too (it was exit 3).
  {
    fixture: 'loop-in-task',
    args: ['--schedule', 'pct'],
    code: 1,
    stdout: /hang\s+1\s+25\.0%\s+forbidden[\s\S]*first forbidden: trial \d, replay:/,
  },
  // A hang near the end of a timed run: it and the trial before it count (it passed with 0 trials).
  // A budget of a second, not 0.1 s: on a loaded machine the first trial alone took that long,
  // and the run ended before the second began (exit 0).
  {
    fixture: 'hang-second-trial',
    args: ['--duration', '1', '--timeout', '1000'],
    code: 1,
    stdout: /\n\s+2\s+1\s+50\.0%\s+correct[^\n]*\n\s+hang\s+1\s+50\.0%\s+forbidden/,
  },
  { fixture: 'throw-hostile-message', code: 1, stdout: /error\s+4\s+100\.0%\s+forbidden/ },
  {
    fixture: 'ablate-hangs',
    args: ['--ablate', '--schedule', 'exhaustive'],
    code: 0,
    stdout: /the analysis after the trials \(smallest race, --ablate\) was left out:\s+one\s+of\s+its\s+re-runs\s+did\s+not\s+come\s+back/,
  },
  // A built-in lockdemo counts with, replaced at import or by a task: never a verdict (it passed, exit 0).
  {
    fixture: 'replaces-map-set',
    code: 3,
    stderr: /cannot load \S+replaces-map-set\.mjs: it replaces Map\.prototype\.set, a JavaScript built-in/,
  },
  // The pickers draw with Math.floor: `() => 1` made every trial one order, and the race never showed (exit 0).
  {
    fixture: 'replaces-math-floor',
    args: ['--schedule', 'pct'],
    code: 3,
    stderr: /cannot load \S+replaces-math-floor\.mjs: it replaces Math\.floor,/,
  },
  { fixture: 'replaces-math-floor', code: 3, stderr: /it replaces Math\.floor,/ },
  // Node.js's loader decodes modules with it; the worker loads more of lockdemo for a trace (exit 134, a native stack).
  {
    fixture: 'replaces-text-decoder',
    args: ['--trace'],
    code: 3,
    stderr: /it replaces TextDecoder\.prototype\.decode, a JavaScript built-in/,
  },
  // A `then` getter on Object.prototype saw and relabelled the worker's figures (pass, exit 0):
  // the worker's Object.prototype has a `then` that cannot be replaced, so the task throws.
  { fixture: 'then-getter', code: 1, stdout: /error\s+20\s+100\.0%\s+forbidden\s+Cannot redefine property: then/ },
  { fixture: 'then-getter', args: ['--schedule', 'exhaustive'], code: 1, stdout: /FAIL: forbidden outcomes in only/ },
  { fixture: 'replaces-map-set', args: ['--schedule', 'exhaustive'], code: 3, stderr: /it replaces Map\.prototype\.set/ },
  // In a task the assignment throws (the built-in stays lockdemo's): an error outcome, forbidden here.
  { fixture: 'replaces-sort-in-task', code: 1, stdout: /error\s+\d+\s+[\d.]+%\s+forbidden\s+Cannot assign to read only property 'sort'/ },
  { fixture: 'throw-proxy', code: 1, stdout: /error\s+4\s+100\.0%\s+forbidden/ },
  { fixture: 'throw-tostring', code: 1, stdout: /error\s+4\s+100\.0%\s+forbidden/ },
  // A loop in `match` is the outcome's fault, not a hanging trial: counted as one, every later
  // trial with the same value looped again, and the run ended after ten of them with a 1-trial FAIL.
  { fixture: 'loop-in-match', code: 3, stderr: /"loop-in-match": .*within 500 ms in an outcome's "match" or "description"$/ },
  { fixture: 'loop-in-description', code: 3, stderr: /"loop-in-description": .*within 500 ms in an outcome's "match" or "description"$/ },
  { fixture: 'match-throws', code: 3, stderr: /"match-throws": "outcomes\[0\]\.match" threw: bad match$/ },
  // Under the real schedules too: it was a trial that never ended, counted as a hang after a minute (exit 1).
  { fixture: 'match-throws', args: ['--schedule', 'event-loop'], code: 3, stderr: /"outcomes\[0\]\.match" threw: bad match$/ },
  { fixture: 'match-throws', args: ['--schedule', 'timers'], code: 3, stderr: /"outcomes\[0\]\.match" threw: bad match$/ },
  { fixture: 'description-throws', code: 3, stderr: /"description-throws": "outcomes\[0\]\.description" threw: bad description$/ },
  { fixture: 'observe-object', code: 3, stderr: /"observe" must return a number or a string, got an object$/ },
  {
    fixture: 'observe-object-late',
    code: 3,
    stderr: /"observe" must return a number or a string, got an object$/,
    stdout: /^observe-object-late — [\s\S]*\nfirst \(races forbidden\)\n[\s\S]*never raced, as required\n(?![\s\S]*second)/,
  },
  // A trace reads the state as data: a getter that throws and a revoked Proxy are shown, not touched (exit 3, exit 70).
  { fixture: 'state-unreadable', args: ['--trace', '--seed', '1'], code: 0, stdout: /trace of only/ },
  { fixture: 'state-unreadable', args: ['--variant', 'only', '--replay', 'A B B A'], code: 0, stdout: /result 1 — race: one lost/ },
  // A fake clock of the scenario's own is not lockdemo's: every trial was a bogus hang of 2147483647 ms.
  { fixture: 'fake-timers', code: 0, stdout: /2\s+20\s+100\.0%\s+correct/ },
  { fixture: 'fake-timers', args: ['--schedule', 'timers', '--seed', '1'], code: 0, stdout: /2\s+20\s+100\.0%\s+correct/ },
  // A key added to Object.prototype is read by lockdemo's own options: `variants` ran only the passing variant (exit 0).
  {
    fixture: 'adds-to-object-prototype',
    code: 3,
    stderr: /cannot load \S+adds-to-object-prototype\.mjs: it adds variants to Object\.prototype, which lockdemo's worker does not allow/,
  },
  // A replacement that puts itself back before the check after the request (it passed, exit 0).
  { fixture: 'replaces-and-restores', code: 1, stdout: /error\s+20\s+100\.0%\s+forbidden\s+Cannot assign to read only property 'get'/ },
  { fixture: 'replaces-and-restores', args: ['--schedule', 'exhaustive'], code: 1, stdout: /FAIL: forbidden outcomes in only/ },
  // Through Node.js's inspector, scenario code ran code in the main thread: exit 0 for a FAIL.
  {
    fixture: 'inspector-exit-zero',
    args: ['--schedule', 'exhaustive'],
    code: 3,
    stderr: /cannot load \S+inspector-exit-zero\.mjs: the inspector is not available to scenario code/,
  },
  // A hang in exhaustive search's second interleaving is named the second, and the search ran two.
  {
    fixture: 'hang-second-interleaving',
    args: ['--schedule', 'exhaustive', '--timeout', '500'],
    code: 1,
    stdout: /search ended by a hang after 2 interleavings[\s\S]*first forbidden: interleaving 2, replay:[\s\S]*"A B B A"/,
  },
  // SIGSTOP to lockdemo's own process left only SIGKILL: refused, the task's error outcome.
  {
    fixture: 'signals-itself',
    code: 1,
    stdout: /error\s+4\s+100\.0%\s+forbidden\s+process\.kill of lockdemo's own process is\s+not available/,
  },
  // Node.js handed the supervisor's port to a replaced EventTarget dispatch: a forged pass, exit 0.
  { fixture: 'forges-port-dispatch', code: 3, stderr: /cannot load \S+forges-port-dispatch\.mjs: .*kHybridDispatch/ },
  // Every door to it, probed: in the worker, through process.binding, and from a worker it starts.
  { fixture: 'inspector-doors', code: 0, stdout: /^(?![\s\S]*\bopen\s+1\s)[\s\S]*nested-worker \(races forbidden\)\n.*\n\s+closed\s+1\s/ },
  { fixture: 'throws-long-at-import', code: 3, stderr: /^lockdemo: cannot load \S+throws-long-at-import\.mjs: x{200}…$/ },
  { fixture: 'observe-symbol', code: 3, stderr: /"observe" must return a number or a string, got a symbol$/ },
  {
    fixture: 'observe-async',
    code: 3,
    stderr: /"observe" must return a number or a string, got a promise: an async observe needs the event-loop or timers schedule$/,
  },
  { fixture: 'observe-function', code: 3, stderr: /"observe" must return a number or a string, got a function$/ },
  { fixture: 'observe-bigint', code: 3, stderr: /"observe" must return a number or a string, got a BigInt \(1n\)$/ },
  {
    fixture: 'observe-huge-string',
    code: 3,
    stderr: /"observe" must return a number or a string of at most 10,000 characters, got 1,000,000 characters$/,
  },
  {
    fixture: 'outcome-typo',
    code: 3,
    stderr:
      /: scenario "outcome-typo": "outcomes\[0\]\.vaule" is not a field of an outcome; accepted: value, match, runner, grade, description$/,
  },
  { fixture: 'outcomes-throws', code: 3, stderr: /"outcomes" threw: no outcomes$/ },
  { fixture: 'setting-huge', code: 3, stderr: /"setting" must return a string of at most 1000 characters \(or nothing\), got "x+…"$/ },
  { fixture: 'trials-throws', code: 3, stderr: /"trials" threw: no trials$/ },
  { fixture: 'trials-nan', code: 3, stderr: /"trials" must be an integer from 1 to 1e9, got number NaN$/ },
  { fixture: 'schedules-throws', code: 3, stderr: /"schedules" threw: no schedules$/ },
  { fixture: 'schedules-empty', code: 3, stderr: /"schedules" must be a non-empty array of schedule names, got an empty array$/ },
  { fixture: 'available-throws', code: 3, stderr: /"variants\.only\.available" threw: cannot tell$/ },
  { fixture: 'close-throws', code: 3, stderr: /"close" threw: cannot close$/ },
  { fixture: 'open-throws', code: 3, stderr: /open-throws could not start what its trials share: cannot open$/ },
  // An open that never returns is bounded by its own 15 s, which the line names (it said --timeout's 500 ms).
  { fixture: 'open-waits', code: 3, stderr: /"open-waits": the scenario did not come back within 15000 ms in "open"$/ },
  { fixture: 'open-throws', args: ['--replay', 'A B'], code: 3, stderr: /open-throws could not start what its trials share: cannot open$/ },
  // close has its own bound (2 s), which the line names, not the run's --timeout.
  { fixture: 'close-hangs', args: ['--trials', '3'], code: 3, stderr: /the scenario did not come back within 2000 ms in "close"$/ },
  // The replay's reproduce line waits for close, as a run's verdict does: a throwing close leaves none.
  {
    fixture: 'close-only-throws',
    args: ['--replay', 'A B A B'],
    code: 3,
    stderr: /"close" threw: cannot close$/,
    stdout: /result 2 — correct/,
  },
  {
    fixture: 'none-available',
    code: 2,
    stderr: /no variant of none-available can run with these options: only: needs a thing that is not here$/,
  },
];

// Each test asserts only its own runs, most of whose time is waiting (a spawned CLI starting, a
// bound running out): the tests of a block run side by side.
describe.concurrent('hostile scenario modules (the built CLI)', () => {
  // Concurrent: most of a case's time is a spawned CLI starting, or waiting out a bound (a loop
  // at import takes the 5 s load floor), so cases overlap instead of queueing; each asserts
  // only its own run.
  it.concurrent.for(cases)('$fixture $args → exit $code', async ({ fixture, args = [], code, stderr, stdout }, { expect }) => {
    const started = performance.now();
    // A replay takes no seed (it runs the interleaving it is given, and refuses --seed).
    const seed = args.includes('--replay') ? [] : ['--seed', '1'];
    const r = await lockdemo([`${F}/${fixture}.mjs`, '--timeout', '500', ...seed, ...args]);
    expect(performance.now() - started).toBeLessThan(BOUND_MS);
    expect(r.code, r.stderr).toBe(code);
    if (stderr === undefined) {
      expect(r.stderr).toBe('');
    } else {
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^lockdemo: /);
      expect(lines[0]).toMatch(stderr);
    }
    // Never a stack trace, on either stream.
    expect(r.stdout + r.stderr).not.toMatch(/^\s+at /m);
    if (stdout !== undefined) expect(r.stdout).toMatch(stdout);
    // stdout is a report or its beginning (a contract broken mid-run), never anything else.
    if (r.stdout !== '') expect(r.stdout.startsWith(`${fixture} — a hostile scenario`)).toBe(true);
    // A run that ends in an error never prints a closing verdict or a line that repeats it.
    if (code === 3) expect(r.stdout).not.toMatch(/^(pass|FAIL|incomplete|interrupted)\b|^reproduce:/m);
  });

  it('a value or description with newlines and escapes is shown escaped: no fake verdict line, no escape reaches the terminal', async () => {
    const runs = await Promise.all([
      lockdemo([`${F}/control-chars.mjs`, '--seed', '1', '--trace']),
      lockdemo(['check', `${F}/control-chars.mjs`]),
    ]);
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(1);
      // eslint-disable-next-line no-control-regex -- looking for the raw control characters
      expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
      expect(r.stdout).not.toMatch(/^\s*pass:/m);
      expect(r.stdout).toContain('x\\n\\npass: every variant met its');
    }
    expect(runs[0].stdout).toContain('ok\\n\\npass:');
  });

  it("a scenario's or a variant's summary with escapes, a carriage return or a bidirectional override is shown escaped, in a run, its help and check", async () => {
    const runs = await Promise.all([
      lockdemo([`${F}/control-summaries.mjs`, '--seed', '1', '--trials', '20']),
      lockdemo(['help', `${F}/control-summaries.mjs`]),
      lockdemo(['check', `${F}/control-summaries.mjs`]),
    ]);
    for (const r of runs) {
      expect(r.stderr).toBe('');
      // eslint-disable-next-line no-control-regex -- looking for the raw control characters
      expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    }
    expect(runs[0]?.code).toBe(1);
    // Lines wrapped at spaces, joined again.
    expect(runs[0]?.stdout.replace(/\n +/g, ' ')).toContain(
      'a hostile scenario\\r\\u001b[2Jpass: every variant met its declaration\\u202e',
    );
    expect(runs[0]?.stdout).toContain('read, yield, write\\u001b[8m hidden');
    expect(runs[1]?.stdout).toContain('read, yield, write\\u001b[8m hidden');
    expect(runs[0]?.stdout).toContain('in a kitchen\\u001b[31m, red');
    expect(runs[1]?.stdout).toContain('how many\\r\\u001b[2J, really');
  });

  it("a trace shows a property's name and a value with escapes and overrides escaped, in its cells and its story", async () => {
    const runs = await Promise.all([
      lockdemo([`${F}/trace-names.mjs`, '--variant', 'v', '--replay', 'A B A B']),
      lockdemo([`${F}/trace-names.mjs`, '--seed', '1', '--trials', '20', '--trace']),
      lockdemo([`${F}/trace-names.mjs`, '--variant', 'v', '--replay', 'A B A B'], { COLUMNS: '40' }),
    ]);
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(0);
      // eslint-disable-next-line no-control-regex -- looking for the raw control characters
      expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    }
    expect(runs[0]?.stdout).toContain('read k\\u001b[2J\\r → 0');
    expect(runs[0]?.stdout).toContain('log.push("v\\u001b[31m\\u202e")');
    expect(runs[0]?.stdout.replace(/\n +/g, ' ')).toContain('both read k\\u001b[2J\\r → 0 before either wrote');
  });

  it("--ablate shows a lock's name with escapes and overrides escaped, in a run and in check", async () => {
    const runs = await Promise.all([
      lockdemo([`${F}/lock-name.mjs`, '--ablate', '--schedule', 'exhaustive']),
      lockdemo(['check', `${F}/lock-name.mjs`, '--ablate']),
    ]);
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(0);
      // eslint-disable-next-line no-control-regex -- looking for the raw control characters
      expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      expect(r.stdout).toContain('db\\u001b[2J\\u202e  necessary');
    }
  });

  it('--json: what scenario code writes to stdout goes to stderr, and stdout stays one document', async () => {
    const r = await lockdemo([`${F}/writes-stdout.mjs`, '--seed', '1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { verdict: string; variants: Array<{ trials: number }> };
    expect(report.verdict).toBe('pass');
    expect(report.variants[0]?.trials).toBe(20);
    expect(r.stderr).toContain('hello from the top level');
    expect(r.stderr).toContain('hello from task_B');
  });

  it('a task that wraps process.nextTick around the one it found runs as any other', async () => {
    const runs = await Promise.all([
      lockdemo([`${F}/rewraps-next-tick.mjs`, '--seed', '1', '--json']),
      lockdemo([`${F}/rewraps-next-tick.mjs`, '--schedule', 'exhaustive', '--json']),
    ]);
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as { variants: Array<{ trials: number; outcomes: Array<{ value: unknown; count: number }> }> };
      const v = report.variants[0]!;
      expect(v.outcomes.filter((o) => o.count > 0)).toEqual([expect.objectContaining({ value: 2, count: v.trials })]);
    }
  });

  it("a task that posts forged answers on the worker's parentPort cannot make a failing run pass", async () => {
    const r = await lockdemo([`${F}/forges-replies.mjs`, '--seed', '1', '--json']);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as { verdict: string; variants: Array<{ trials: number; forbiddenCount: number }> };
    expect(report.verdict).toBe('fail');
    expect(report.variants[0]?.trials).toBe(20);
    expect(report.variants[0]?.forbiddenCount).toBeGreaterThan(0);
    // Neither the heartbeat nor the supervisor's port was within the scenario's reach.
    expect(JSON.stringify(report)).not.toContain('within reach');
  });

  it('hangs declared allowed: a variant stopped after ten of them (or an exhaustive search a hang ended) is never a pass', async () => {
    // Ten hangs, each a worker stopped and a fresh one loaded: longer than the cases above.
    const [sampled, exhaustive] = await Promise.all([
      lockdemo([`${F}/hang-allowed.mjs`, '--timeout', '200', '--seed', '1']),
      lockdemo([`${F}/hang-allowed.mjs`, '--timeout', '200', '--schedule', 'exhaustive']),
    ]);
    expect(sampled.code, sampled.stderr).toBe(1);
    expect(sampled.stdout).toMatch(/hang\s+10\s+100\.0%\s+correct[\s\S]*\nincomplete: stopped before every variant ran to the end/);
    // The header planned more trials: the variant says why it has only ten.
    expect(sampled.stdout.replace(/\s+/g, ' ')).toContain(
      'stopped after 10 hangs (each costs a whole --timeout): the trials after them never ran',
    );
    expect(exhaustive.code, exhaustive.stderr).toBe(1);
    expect(exhaustive.stdout).toMatch(/hang\s+1\s+100\.0%\s+correct[\s\S]*\nincomplete: stopped before every variant ran to the end/);
    // A hang ended the search, not its bound: no advice to raise the bound.
    expect(exhaustive.stdout).toContain('search ended by a hang after 1 interleaving: the verdict covers only those');
    expect(exhaustive.stdout).not.toContain('--max-interleavings or bound');
  });

  it("a hang's replay line keeps the run's --timeout: its replay takes that long, not the default 5 s", async () => {
    const r = await lockdemoInProcess([`${F}/loop-in-task.mjs`, '--timeout', '300', '--seed', '1']);
    expect(r.code, r.stderr).toBe(1);
    const replays = [...r.stdout.replace(/ \\\n\s*/g, ' ').matchAll(/lockdemo \S+ .*--replay .*/g)].map((m) => m[0]);
    expect(replays.length).toBeGreaterThan(0);
    for (const replay of replays) expect(replay).toContain('--timeout 300');
  });

  it('--json: a broken contract leaves stdout empty or a whole document', async () => {
    const fixtures = ['exit-in-task', 'match-throws', 'observe-object'];
    const runs = await Promise.all(fixtures.map((fixture) => lockdemo([`${F}/${fixture}.mjs`, '--json'])));
    for (const [i, r] of runs.entries()) {
      expect(r.code, fixtures[i]).toBe(3);
      expect(r.stdout, fixtures[i]).toBe('');
    }
  });

  it('check: process.exit and an empty run are never a pass', async () => {
    const [exit, none] = await Promise.all([
      lockdemo(['check', `${F}/exit-in-task.mjs`, '--json']),
      lockdemo(['check', `${F}/none-available.mjs`]),
    ]);
    expect(exit.code).toBe(3);
    expect(exit.stderr).toMatch(/^lockdemo: .*exit-in-task\.mjs called process\.exit\(0\)/);
    expect(none.code).toBe(2);
    expect(none.stdout).toMatch(/SKIP\s+none-available › only/);
    expect(none.stderr).toMatch(/^lockdemo: no variant of none-available could run/);
  });

  it('folds the values over the cap into one row, and the counts add up (table and JSON)', async () => {
    const [r, table] = await Promise.all([
      lockdemo([`${F}/many-values.mjs`, '--trials', '5000', '--seed', '2', '--json']),
      lockdemo([`${F}/many-values.mjs`, '--trials', '5000', '--seed', '2']),
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      variants: Array<{ trials: number; raceCount: number; outcomes: Array<{ value: unknown; count: number; other?: boolean }> }>;
    };
    const v = report.variants[0]!;
    expect(v.outcomes).toHaveLength(1001);
    expect(v.outcomes.at(-1)).toMatchObject({ value: 'other values', count: 4000, other: true });
    expect(v.outcomes.reduce((sum, o) => sum + o.count, 0)).toBe(5000);
    expect(v.raceCount).toBe(5000);
    expect(table.stdout).toMatch(/other values\s+4,000\s+80\.0%\s+race\s+4,000 more distinct values, over the\s+first 1,000/);
  });

  it('open runs in every worker: the same histogram for --jobs 1 and --jobs 3', async () => {
    // Two chunks and one trial: three chunks, so each of the three workers takes one.
    const args = [`${F}/uses-open.mjs`, '--trials', String(2 * CHUNK_TRIALS + 1), '--seed', '9', '--json'];
    const [single, three] = await Promise.all([lockdemo(args), lockdemo([...args, '--jobs', '3'])]);
    const one = JSON.parse(single.stdout) as { variants: unknown[] };
    expect(three.code).toBe(0);
    // Coverage is tracked with one job only (extras): everything else must be the same.
    const withoutCoverage = (variants: unknown[]): unknown[] => variants.map((v) => ({ ...(v as object), coverage: undefined }));
    expect(withoutCoverage((JSON.parse(three.stdout) as { variants: unknown[] }).variants)).toEqual(withoutCoverage(one.variants));
  });

  it('a hang carries a replay string that reproduces it: --replay ends with the hang, exit 1', async () => {
    const run = await lockdemo([`${F}/loop-after-yield.mjs`, '--timeout', '300', '--seed', '1']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/hang\s+2\s+100\.0%\s+forbidden/);
    const replay = /--replay "([A-Z ]+)"/.exec(run.stdout)?.[1];
    expect(replay).toMatch(/B/);
    const again = await lockdemo([`${F}/loop-after-yield.mjs`, '--timeout', '300', '--variant', 'only', '--replay', replay!]);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/only: the trial did not come back within 300 ms and was stopped from outside: a\s+hang/);
    expect(again.stderr).toBe('');
  });

  it('--trace replays a trial with the trial index it had (setup uses it)', async () => {
    const [r, first] = await Promise.all([
      lockdemo([`${F}/uses-trial.mjs`, '--seed', '3', '--trace-trial', '2']),
      lockdemo([`${F}/uses-trial.mjs`, '--seed', '3', '--trace-trial', '1']),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/trace of only, trial 2[\s\S]*read odd → true/);
    expect(first.stdout).toMatch(/trace of only, trial 1[\s\S]*read odd → false/);
  });
});

describe.concurrent('signals (the built CLI)', () => {
  /** Starts the CLI, waits until it has printed `ready`, sends `signal`, and times the exit. */
  function interrupt(
    args: string[],
    ready: RegExp,
    signals: NodeJS.Signals[],
    env: NodeJS.ProcessEnv = {},
  ): Promise<{ code: number | null; ms: number; stdout: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ...env },
      });
      let stdout = '';
      let sentAt = 0;
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (sentAt === 0 && ready.test(stdout)) {
          // Give the run a moment to be inside the trial, then signal.
          setTimeout(() => {
            sentAt = performance.now();
            // A second signal comes as a person's would, well apart: two within a moment are
            // one stop (GNU timeout signals the command and then its group).
            void (async () => {
              for (const [i, signal] of signals.entries()) {
                if (i > 0) await new Promise((next) => setTimeout(next, 400));
                child.kill(signal);
              }
            })();
          }, 300);
        }
      });
      // 'close', not 'exit': the output still in the pipe when the process ends is read first.
      child.on('close', (code) => resolve({ code, ms: performance.now() - sentAt, stdout }));
    });
  }

  it('Ctrl-C while close hangs: the run did not finish, so no pass (it printed pass and exited 0)', async () => {
    // close-hangs' close never returns: the Ctrl-C comes while it runs, after every trial.
    const r = await interrupt([`${F}/close-hangs.mjs`, '--trials', '3', '--seed', '1'], /coverage:/, ['SIGINT']);
    expect(r.code).toBe(130);
    expect(r.stdout).not.toMatch(/^pass\b/m);
    expect(r.stdout).toContain("incomplete: stopped while the scenario's close ran, before it finished; no verdict");
  });

  it('a trial stuck in execSync: the run ends with its verdict, and the command it waited for ends too (lockdemo never exited)', async () => {
    // A duration of this run's own marks its command: another run of this test cannot be taken for it.
    const mark = `${900 + Math.floor(Math.random() * 99)}.${process.pid}`;
    const r = await lockdemo([`${F}/exec-sync-forever.mjs`, '--timeout', '500', '--seed', '1'], { EXEC_SYNC_SECONDS: mark });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/hang\s+1\s+33\.3%\s+forbidden/);
    expect(r.stdout).toMatch(/^FAIL: forbidden outcomes in only$/m);
    // Nothing left behind: no process still runs the command (Linux lists them in /proc).
    const left = existsSync('/proc')
      ? readdirSync('/proc')
          .filter((pid) => /^\d+$/.test(pid))
          .filter((pid) => {
            try {
              return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(mark);
            } catch {
              return false;
            }
          })
      : [];
    expect(left).toEqual([]);
  });

  it('a reader that stopped reading: a second Ctrl-C still quits at once (lockdemo waited in a write, deaf to it)', async () => {
    const child = spawn(process.execPath, [BIN, `${F}/big-table-then-long.mjs`, '--trials', '30000000', '--seed', '1'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    // Nobody reads: the pipe fills with the first variant's table while the second runs.
    child.stdout.pause();
    const ended = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await new Promise((next) => setTimeout(next, 3000));
    child.kill('SIGINT');
    await new Promise((next) => setTimeout(next, 400));
    child.kill('SIGINT');
    const code = await Promise.race([ended, new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 15_000))]);
    child.kill('SIGKILL');
    expect(code).toBe(130);
  });

  it('a second Ctrl-C while a trial is stuck in execSync quits at once (it waited for the command to end)', async () => {
    const r = await interrupt(
      [`${F}/exec-sync-forever.mjs`, '--timeout', '600000', '--seed', '1'],
      /3 trials per variant/,
      ['SIGINT', 'SIGINT'],
      {
        EXEC_SYNC_SECONDS: `${900 + Math.floor(Math.random() * 99)}.${process.pid}1`,
      },
    );
    expect(r.code).toBe(130);
    // The command would take some 900 s: far above what any machine takes to answer.
    expect(r.ms).toBeLessThan(60_000);
  });

  it('a close that throws leaves no HTML report behind: the report said pass for a run that exits 3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockdemo-close-'));
    try {
      const html = join(dir, 'report.html');
      const r = await lockdemo([`${F}/close-throws.mjs`, '--seed', '1', '--html', html]);
      expect(r.code).toBe(3);
      expect(existsSync(html)).toBe(false);
      // check too, and its JUnit report, which CI shows green: neither may be left behind.
      const junit = join(dir, 'check.xml');
      const check = await lockdemo(['check', `${F}/close-throws.mjs`, '--html', html, '--junit', junit]);
      expect(check.code).toBe(3);
      expect(check.stderr).toMatch(/"close" threw: cannot close\n$/);
      expect(existsSync(html)).toBe(false);
      expect(existsSync(junit)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** Runs loop-after-print.mjs with `args`, Ctrl-C once its task says it is spinning. */
  function interruptWhenSpinning(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, [BIN, `${F}/loop-after-print.mjs`, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    return new Promise((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        const first = !stderr.includes('spinning');
        stderr += chunk.toString();
        if (first && stderr.includes('spinning')) child.kill('SIGINT');
      });
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('Ctrl-C during a replay that loops says it stopped the replay, not a summary that never follows', async () => {
    const { code, stdout, stderr } = await interruptWhenSpinning(['--timeout', '60000', '--variant', 'only', '--replay', 'A B B']);
    expect(code).toBe(130);
    expect(stderr).toContain('lockdemo: stopping the replay (Ctrl-C again to quit at once)');
    expect(stderr).toContain('lockdemo: interrupted (Ctrl-C) while loop-after-print ran');
    expect(stderr).not.toContain('summary');
    expect(stdout).toBe('');
  });

  it('Ctrl-C before any trial came back prints no rerun note under a rerun line that is not there', async () => {
    const { code, stdout } = await interruptWhenSpinning(['--schedule', 'event-loop', '--timeout', '60000']);
    expect(code).toBe(130);
    expect(stdout).toContain('incomplete: stopped before every variant ran to the end; no verdict');
    expect(stdout).not.toContain('rerun:');
    expect(stdout).not.toContain('the same counts only for code');
  });

  it('SIGUSR1 does not start a debugger server in the main thread, through which scenario code could run code there', async () => {
    const child = spawn(process.execPath, [BIN, 'counter', '--trials', '100000000', '--seed', '1'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => {
      let sent = false;
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (sent || !stdout.includes('trials per variant')) return;
        sent = true;
        // Any thread or process could send it: a worker's process.kill(process.pid, 'SIGUSR1').
        child.kill('SIGUSR1');
        setTimeout(() => child.kill('SIGINT'), 500);
      });
      child.on('close', resolve);
    });
    expect(stderr).not.toContain('Debugger listening');
    expect(code).toBe(130);
  });

  it('Ctrl-C on a synchronous infinite loop exits 130 long before the trial timeout, with the partial summary', async () => {
    // Trial 2 loops forever and --timeout is a minute: only Ctrl-C can end it sooner. It takes
    // well under a second on a quiet machine, but 2.3 s with every core busy: the bound that
    // holds under any load is the one that matters, far below the minute the loop would take.
    const r = await interrupt([`${F}/loop-in-task.mjs`, '--timeout', '60000'], /4 trials per variant/, ['SIGINT']);
    expect(r.code).toBe(130);
    expect(r.ms).toBeLessThan(20_000);
    expect(r.stdout).toMatch(/interrupted/);
  });

  it.each<[string, NodeJS.Signals[]]>([
    ['SIGTERM', ['SIGTERM']],
    ['a second Ctrl-C', ['SIGINT', 'SIGINT']],
  ])('%s in the middle of processes leaves no temp directory and no child process', async (_, signals) => {
    // A temp dir of its own: other runs on the machine make lockdemo-processes-* dirs too.
    const tmp = mkdtempSync(join(tmpdir(), 'lockdemo-test-'));
    try {
      const r = await interrupt(['processes', '--trials', '1000', '--variant', 'unlocked'], /1,000 trials per variant/, signals, {
        TMPDIR: tmp,
      });
      expect(r.code).toBe(130);
      // The children clean up as their parent goes, and end: give them time on a busy machine.
      let left: string[] = [];
      let children: string[] = [];
      for (let i = 0; i < 100; i++) {
        left = readdirSync(tmp);
        children = processesWithEnv(`TMPDIR=${tmp}`);
        if (left.length === 0 && children.length === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(left).toEqual([]);
      expect(children).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('what open made, when the worker that opened it is stopped after a hang', () => {
  it('is removed with the run: the worker never runs close, yet nothing is left in TMPDIR', async () => {
    // open makes a directory in os.tmpdir() and close removes it; trial 2 spins forever, so its
    // worker is ended from outside and a fresh one opens again. Both directories were left.
    const tmp = mkdtempSync(join(tmpdir(), 'lockdemo-test-'));
    try {
      const r = await lockdemo([`${F}/open-temp-then-hang.mjs`, '--timeout', '500'], { TMPDIR: tmp });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/hang\s+1\s+25\.0%\s+forbidden/);
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe("the run's temporary directory, however the run ends", () => {
  /** Runs lockdemo with a TMPDIR of its own; `signals` are sent once `ready` shows on stdout, 400 ms apart. */
  function run(
    args: string[],
    tmp: string,
    ready?: RegExp,
    signals: NodeJS.Signals[] = [],
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, TMPDIR: tmp },
      });
      let stdout = '';
      let stderr = '';
      let sent = false;
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (sent || ready === undefined || !ready.test(stdout)) return;
        sent = true;
        void (async () => {
          for (const signal of signals) {
            await new Promise((next) => setTimeout(next, 400));
            child.kill(signal);
          }
        })();
      });
      child.on('close', (code, signal) => resolve({ code, signal, stderr }));
    });
  }

  /** The directory's entries once they are gone, or after five seconds (children end on a busy machine). */
  async function leftIn(tmp: string): Promise<string[]> {
    for (let i = 0; i < 50 && readdirSync(tmp).length > 0; i++) await new Promise((next) => setTimeout(next, 100));
    return readdirSync(tmp);
  }

  it('SIGHUP (a terminal that closes) stops the run as Ctrl-C does: exit 130, nothing left (it died with 129, the directory left)', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'lockdemo-test-'));
    try {
      const r = await run(['counter', '--trials', '1e7'], tmp, /trials per variant/, ['SIGHUP']);
      expect(r.code).toBe(130);
      expect(await leftIn(tmp)).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('a child process that scenario code left writing there is ended first: nothing comes back after the run', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'lockdemo-test-'));
    try {
      const r = await run([`${F}/child-keeps-writing.mjs`], tmp);
      expect(r.code).toBe(0);
      expect(await leftIn(tmp)).toEqual([]);
      expect(processesWithEnv(`TMPDIR=${tmp}`)).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it.runIf(process.platform === 'linux')(
    'a writer that a shell started and left (no descendant any more) is ended too, and the directory goes',
    async () => {
      const tmp = mkdtempSync(join(tmpdir(), 'lockdemo-test-'));
      try {
        const r = await run([`${F}/shell-left-writer.mjs`], tmp);
        expect(r.code).toBe(0);
        expect(await leftIn(tmp)).toEqual([]);
        expect(processesWithEnv(`TMPDIR=${tmp}`)).toEqual([]);
      } finally {
        for (const pid of processesWithEnv(`TMPDIR=${tmp}`)) process.kill(Number(pid), 'SIGKILL');
        rmSync(tmp, { recursive: true, force: true });
      }
    },
  );

  // A FIFO is a Linux (POSIX) thing, and so is the way lockdemo ends a process it cannot exit.
  it.runIf(process.platform === 'linux')(
    'a thread stuck in a system call: SIGKILL after the line that says so, the directory removed first (it was left)',
    async () => {
      const tmp = mkdtempSync(join(tmpdir(), 'lockdemo-test-'));
      try {
        const r = await run([`${F}/fifo-open.mjs`, '--timeout', '500'], tmp);
        expect(r.signal).toBe('SIGKILL');
        expect(r.stderr).toMatch(/stuck in a system call that cannot be interrupted: ending the process \(SIGKILL\)/);
        expect(await leftIn(tmp)).toEqual([]);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    },
  );

  it.runIf(process.platform === 'linux')(
    'SIGQUIT with a thread stuck in a system call quits too, the directory removed (it hung, deaf to every signal but SIGKILL)',
    async () => {
      const tmp = mkdtempSync(join(tmpdir(), 'lockdemo-test-'));
      try {
        const r = await run([`${F}/fifo-open.mjs`, '--timeout', '60000'], tmp, /trials per variant/, ['SIGQUIT']);
        expect(r.signal).toBe('SIGKILL');
        expect(await leftIn(tmp)).toEqual([]);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    },
  );

  it.runIf(process.platform === 'linux')(
    "ends only what the run's scenario code started: a process of the shell that started lockdemo lives on",
    async () => {
      // The shell's background sleep becomes lockdemo's child when the shell execs it; it was killed at exit.
      const marker = String(300 + (process.pid % 600));
      const shell = spawn('bash', ['-c', `sleep ${marker} & exec "${process.execPath}" "${BIN}" counter --trials 10`], {
        cwd: ROOT,
        stdio: 'ignore',
      });
      await new Promise((resolve) => shell.on('close', resolve));
      const alive = readdirSync('/proc').filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'latin1') === `sleep\0${marker}\0`;
        } catch {
          return false;
        }
      });
      expect(alive.length).toBeGreaterThan(0);
      for (const pid of alive) process.kill(Number(pid), 'SIGKILL');
    },
  );

  it.runIf(process.platform === 'linux')(
    'a second Ctrl-C with a thread stuck in a system call still quits (it waited for ever, deaf to every signal but SIGKILL)',
    async () => {
      const tmp = mkdtempSync(join(tmpdir(), 'lockdemo-test-'));
      try {
        // Trial 2 blocks at once; the minute of --timeout would never come in this test.
        const r = await run([`${F}/fifo-open.mjs`, '--timeout', '60000'], tmp, /trials per variant/, ['SIGINT', 'SIGINT']);
        expect(r.signal).toBe('SIGKILL');
        expect(r.stderr).toMatch(/ending the process \(SIGKILL\)/);
        expect(await leftIn(tmp)).toEqual([]);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    },
  );
});

describe('signals to the whole process group (the built CLI)', () => {
  it.each<NodeJS.Signals>(['SIGINT', 'SIGTERM'])(
    '%s sent to the process group (a terminal, timeout, a CI runner) in the middle of processes: exit 130, no bogus outcome',
    async (signal) => {
      const tmp = mkdtempSync(join(tmpdir(), 'lockdemo-test-'));
      try {
        const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
        delete env.LOCKDEMO_REDIS_URL;
        // A group of its own, signalled as a whole: the children get the signal too.
        const child = spawn(process.execPath, [BIN, 'processes', '--trials', '1000', '--variant', 'unlocked'], {
          cwd: ROOT,
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: true,
          env,
        });
        if (child.pid === undefined) throw new Error('lockdemo did not start');
        const group = -child.pid;
        let stdout = '';
        // 'close': its output is all read by then (the process may end before the pipe is drained).
        const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
        await new Promise<void>((resolve) =>
          child.stdout.on('data', (chunk: Buffer) => ((stdout += chunk.toString()), /trials per variant/.test(stdout) && resolve())),
        );
        // Well inside the trials: each takes a few processes' round trips.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        process.kill(group, signal);
        expect(await exited).toBe(130);
        expect(stdout).not.toMatch(/ended in the middle of a trial/);
        expect(stdout).not.toMatch(/forbidden/);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    },
  );
});

describe('Ctrl-C to the whole process group while scenario code runs child processes', () => {
  it('the trial the signal cut is not counted: exit 130, no forbidden error', async () => {
    const child = spawn(process.execPath, [BIN, `${F}/spawns-children.mjs`], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    if (child.pid === undefined) throw new Error('lockdemo did not start');
    const group = -child.pid;
    let stdout = '';
    // 'close': its output is all read by then (the process may end before the pipe is drained).
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => ((stdout += chunk.toString()), /trials per variant/.test(stdout) && resolve())),
    );
    // A trial is in flight nearly all the time: each waits for its two processes.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    process.kill(group, 'SIGINT');
    expect(await exited, stdout).toBe(130);
    expect(stdout).toMatch(/incomplete: stopped before every variant ran to the end/);
    expect(stdout).not.toMatch(/\d\s+forbidden|Command failed|FAIL/);
  });
});

describe('processes with Redis: no key left, no URL in any argv', () => {
  // Without Redis this is skipped (test/global-setup.ts printed the one line saying so), except
  // under CI=true, where a missing service is a failure.
  const redis = inject('redis');
  // A second Ctrl-C soon after the first ends lockdemo between closing its processes and
  // deleting the keys: the processes delete them as they close.
  it.skipIf('missing' in redis && !redis.required).each<[string, NodeJS.Signals[]]>([
    ['SIGTERM', ['SIGTERM']],
    ['a second Ctrl-C', ['SIGINT', 'SIGINT']],
  ])('%s in the middle of a Redis run deletes its keys; the URL never reaches a child argv', async (_, signals) => {
    if ('missing' in redis) throw new Error(`this test needs Redis under CI: ${redis.missing}`);
    const { createClient } = await import('redis');
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      // By environment, so that no argv at all should hold the URL.
      const child = spawn(process.execPath, [BIN, 'processes', '--variant', 'atomic', '--trials', '1000'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, LOCKDEMO_REDIS_URL: redis.url },
      });
      let stdout = '';
      await new Promise<void>((resolve) =>
        child.stdout.on('data', (chunk: Buffer) => ((stdout += chunk.toString()), /trials per variant/.test(stdout) && resolve())),
      );
      // Mid-run: the run's keys exist and expire; no process shows the URL in its argv.
      let keys: string[] = [];
      for (let i = 0; i < 50 && keys.length === 0; i++) {
        keys = await client.keys(`lockdemo:${child.pid}:*`);
        if (keys.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) expect(await client.pTTL(key)).toBeGreaterThan(0);
      expect(processesWithArgv(redis.url)).toEqual([]);
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      for (const [i, signal] of signals.entries()) {
        // Apart as a person's second Ctrl-C is: two within a moment are one stop.
        if (i > 0) await new Promise((resolve) => setTimeout(resolve, 400));
        child.kill(signal);
      }
      expect(await exited).toBe(130);
      let left: string[] = [];
      for (let i = 0; i < 100; i++) {
        left = await client.keys(`lockdemo:${child.pid}:*`);
        if (left.length === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(left).toEqual([]);
    } finally {
      await client.quit();
    }
  });
});

/** Pids of the processes whose command line holds `text` (Linux /proc; none elsewhere). */
function processesWithArgv(text: string): string[] {
  if (!existsSync('/proc')) return [];
  return readdirSync('/proc').filter((pid) => {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) return false;
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(text);
    } catch {
      return false;
    }
  });
}
