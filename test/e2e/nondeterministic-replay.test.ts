import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, lockdemo, ROOT } from './run-built.js';

// What the determinism sample (replay-sample.ts) finds after a complete exhaustive search, as the
// run's verdict and exit code say it. Each fixture keeps a count in what `open` returned, which
// the trials of a worker share: the search's six interleavings run as declared, and every trial
// after them (the sample's replays) does something else: it loops forever (in a task, or in
// setup), or gives a value the scenario forbids. Spawned: a stopped worker is the process's own.
const HANGS = 'test/fixtures/replays/replay-hangs.mjs';
const HANGS_IN_SETUP = 'test/fixtures/replays/replay-hangs-setup.mjs';
const LATE = 'test/fixtures/replays/late-forbidden.mjs';
// Long enough for a trial of six steps on a loaded machine; each replay that loops costs it once.
const TIMEOUT = ['--timeout', '1000'];
const SEARCH = ['--schedule', 'exhaustive', ...TIMEOUT];

const dir = mkdtempSync(join(tmpdir(), 'lockdemo-nondeterministic-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The words of a command line as a shell would split it (double quotes only, as lockdemo prints them). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

/** The arguments of the `that interleaving, replay:` command a run printed (its lines joined again). */
function printedReplay(stdout: string): string[] {
  const joined = stdout.replace(/ \\\n\s*/g, ' ').replace(/replay:\n/g, 'replay: ');
  const line = /that interleaving, replay:\s+lockdemo (.+?--replay "[A-Z ]+")/.exec(joined)?.[1];
  if (line === undefined) throw new Error(`no replay line in:\n${stdout}`);
  return shellWords(line);
}

interface Variant {
  trials: number;
  verdict: string;
  finished: boolean;
  complete?: boolean;
  forbiddenCount: number;
  outcomes: Array<{ value: unknown; count: number }>;
  nondeterministic?: { schedule: string; first: unknown; then: unknown };
  firstForbidden?: unknown;
}

function variantOf(stdout: string): { verdict: string; variant: Variant } {
  const report = JSON.parse(stdout) as { verdict: string; variants: Variant[] };
  const variant = report.variants[0];
  if (variant === undefined) throw new Error('no variant in the report');
  return { verdict: report.verdict, variant };
}

// The hang is forbidden in replay-hangs (it declares none), allowed in replay-hangs-setup.
const HUNG_AGAIN =
  /interleaving "A A B B" gave 2, then hang \(forbidden\) when it ran\s+again:\s+the\s+scenario\s+is\s+not\s+deterministic/;
const HUNG_ALLOWED = /interleaving "A A B B" gave 2, then hang when it ran again: the scenario\s+is\s+not\s+deterministic/;
const REPLAY_FORBIDDEN = /^FAIL: forbidden outcomes in v \(when an interleaving ran again\)$/m;

describe('a replay of the determinism sample that never comes back', () => {
  it('the run keeps the search’s counts and fails it as not deterministic, with no line that does not run', async () => {
    const run = await lockdemo([HANGS, ...SEARCH]);
    expect(run.code).toBe(1);
    // The search was complete: its six interleavings, each of which came back, are the counts.
    expect(run.stdout).toMatch(/^ +1 +4 +66\.7% +race /m);
    expect(run.stdout).toMatch(/^ +2 +2 +33\.3% +correct /m);
    expect(run.stdout).toMatch(/^ {2}races in 4 of 6 interleavings {2}FAIL: not deterministic$/m);
    expect(run.stdout).toMatch(HUNG_AGAIN);
    // Not a hang of the search: no hang row, no "ended by a hang", no forbidden interleaving 1.
    expect(run.stdout).not.toMatch(/^ +hang +\d/m);
    expect(run.stdout).not.toContain('ended by a hang');
    expect(run.stdout).not.toContain('first forbidden');
    expect(run.stdout).not.toContain('reproduce:');
    expect(run.stdout).toMatch(REPLAY_FORBIDDEN);
    // Independent of the run: the replay line it printed runs (a fresh worker: a fresh count)
    // and gives what the search recorded for that interleaving.
    const replay = await lockdemo(printedReplay(run.stdout));
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/result 2 — correct/);
    // One job is what exhaustive runs anyway: the same report, word for word.
    const oneJob = await lockdemo([HANGS, ...SEARCH, '--jobs', '1']);
    expect(oneJob.code).toBe(1);
    expect(oneJob.stdout).toBe(run.stdout);
  });

  it('--json and --html say the same', async () => {
    const html = join(dir, 'run.html');
    const json = await lockdemo([HANGS, ...SEARCH, '--json', '--html', html]);
    expect(json.code).toBe(1);
    const { verdict, variant } = variantOf(json.stdout);
    expect(verdict).toBe('fail');
    expect(variant).toMatchObject({
      trials: 6,
      verdict: 'fail',
      finished: true,
      complete: true,
      forbiddenCount: 0,
      // The runner's hang, tagged as a row's is, so a scenario's string "hang" cannot pass for it.
      nondeterministic: { schedule: 'A A B B', first: 2, then: 'hang', thenForbidden: true, thenRunner: 'hang' },
    });
    expect(variant).not.toHaveProperty('nondeterministic.firstRunner');
    expect(variant.outcomes.map((o) => [o.value, o.count])).toEqual([
      [1, 4],
      [2, 2],
    ]);
    expect(variant.firstForbidden).toBeUndefined();
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('FAIL: forbidden outcomes in v (when an interleaving ran again)');
    expect(page).toContain('gave 2, then hang (forbidden) when it ran again');
  });

  it('check fails it as not deterministic, with the search’s counts, in its text, JSON, JUnit and HTML', async () => {
    const text = await lockdemo(['check', HANGS, ...TIMEOUT]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^FAIL {2}replay-hangs › v {2}exhaustive {2}races 4\/6 interleavings \(races allowed\)$/m);
    expect(text.stdout).toMatch(HUNG_AGAIN);
    expect(text.stdout).not.toContain('stopped:');
    expect(text.stdout).not.toContain('did not come back');
    const junit = join(dir, 'check.xml');
    const html = join(dir, 'check.html');
    const json = await lockdemo(['check', HANGS, ...TIMEOUT, '--json', '--junit', junit, '--html', html]);
    expect(json.code).toBe(1);
    const results = (JSON.parse(json.stdout) as { results: Array<Record<string, unknown>> }).results;
    expect(results[0]).toMatchObject({
      status: 'fail',
      explored: 6,
      complete: true,
      raceCount: 4,
      nondeterministic: { schedule: 'A A B B', first: 2, then: 'hang', thenForbidden: true, thenRunner: 'hang' },
    });
    expect(results[0]?.stopped).toBeUndefined();
    expect(readFileSync(junit, 'utf8')).toContain(
      '<failure type="nondeterministic" message="interleaving &quot;A A B B&quot; gave 2, then hang (forbidden) when it ran again: ' +
        'the scenario is not deterministic, so exhaustive search proves nothing for it">',
    );
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('FAIL · exhaustive · races 4/6 interleavings');
    expect(page).toContain('gave 2, then hang (forbidden) when it ran again');
  });

  it('a replay that loops in setup is the same finding, not a scenario error (exit 3); a hang it allows still fails it', async () => {
    const run = await lockdemo([HANGS_IN_SETUP, ...SEARCH]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    // The run goes on after v's stopped replay: w's search, in a fresh worker, is complete too.
    expect(run.stdout.match(/^ {2}races in 4 of 6 interleavings {2}FAIL: not deterministic$/gm)).toHaveLength(2);
    expect(run.stdout.match(new RegExp(HUNG_ALLOWED.source, 'g'))).toHaveLength(2);
    expect(run.stdout).toMatch(/^FAIL: v, w are not deterministic \(an interleaving gave another outcome when it\s+ran again\)$/m);
    // One variant: check opens the scenario once for all its variants, so w would start from the
    // count v's search left (its own search then loops in setup: a scenario error, exit 3).
    const check = await lockdemo(['check', HANGS_IN_SETUP, ...TIMEOUT, '--variant', 'v']);
    expect(check.code).toBe(1);
    expect(check.stderr).toBe('');
    expect(check.stdout).toMatch(/^FAIL {2}replay-hangs-setup › v {2}exhaustive {2}races 4\/6 interleavings/m);
    expect(check.stdout).toMatch(HUNG_ALLOWED);
  });
});

describe('a scenario that gives a forbidden value only when an interleaving runs again', () => {
  it('the run fails (exit 1), as check does, and says which value the replay gave', async () => {
    const run = await lockdemo([LATE, '--schedule', 'exhaustive']);
    expect(run.code).toBe(1);
    // The search's own counts hold only allowed values...
    expect(run.stdout).toMatch(/^ {2}races in 4 of 6 interleavings {2}FAIL: not deterministic$/m);
    // ...and the replay gave 4, which the scenario does not declare.
    expect(run.stdout).toMatch(
      /interleaving "A A B B" gave 2, then 4 \(forbidden\) when it ran again:\s+the\s+scenario\s+is\s+not\s+deterministic/,
    );
    expect(run.stdout).not.toMatch(/^pass/m);
    expect(run.stdout).not.toContain('every interleaving explored');
    expect(run.stdout).not.toContain('raced, as allowed');
    // No smallest race of a program that changed: its re-runs would be another mix of programs.
    expect(run.stdout).not.toContain('smallest race');
    expect(run.stdout).toMatch(REPLAY_FORBIDDEN);
    const json = await lockdemo([LATE, '--schedule', 'exhaustive', '--json']);
    expect(json.code).toBe(1);
    const { verdict, variant } = variantOf(json.stdout);
    expect(verdict).toBe('fail');
    expect(variant).toMatchObject({ verdict: 'fail', nondeterministic: { schedule: 'A A B B', first: 2, then: 4, thenForbidden: true } });
    const check = await lockdemo(['check', LATE]);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^FAIL {2}late-forbidden › v/m);
  });

  it('independent of the search: the program’s own trials meet the forbidden value, and the printed replay gives the recorded one', async () => {
    const run = await lockdemo([LATE, '--schedule', 'exhaustive']);
    expect(run.code).toBe(1);
    // Random trials share the worker's count as the search's replays did: past the sixth, 4 (or 3).
    const sampled = await lockdemo([LATE, '--trials', '40', '--seed', '1']);
    expect(sampled.code).toBe(1);
    expect(sampled.stdout).toMatch(/^ +4 +\d+ +[\d.]+% +forbidden +not declared by the scenario/m);
    // The interleaving the run named, in a fresh worker: the value the search recorded for it.
    const replay = await lockdemo(printedReplay(run.stdout));
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/result 2 — correct/);
  });
});

describe('a scenario whose change only the smallest race’s search meets', () => {
  const LATE_CHANGE = 'test/fixtures/replays/late-change.mjs';

  it('the run and check fail it as not deterministic: no "every interleaving", no pass', async () => {
    const run = await lockdemo([LATE_CHANGE, '--schedule', 'exhaustive']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAIL: not deterministic/);
    expect(run.stdout).toMatch(/gave 4, then \d when it ran again|gave \d, then 4 when it ran again/);
    expect(run.stdout).not.toContain('every interleaving explored');
    expect(run.stdout).not.toMatch(/^pass/m);
    expect(run.stdout).not.toMatch(/^reproduce:/m);
    // The search's own counts never show the doubled 4: only the smallest race's search met it.
    expect(run.stdout).not.toMatch(/^ +4 +\d+/m);
    const json = await lockdemo([LATE_CHANGE, '--schedule', 'exhaustive', '--json']);
    const { verdict, variant } = variantOf(json.stdout);
    expect(verdict).toBe('fail');
    expect(variant).toMatchObject({ verdict: 'fail', nondeterministic: { schedule: expect.any(String) as unknown } });
    expect(variant).not.toHaveProperty('randomOdds');
    const check = await lockdemo(['check', LATE_CHANGE]);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^FAIL {2}late-change › unlocked/m);
    expect(check.stdout).toMatch(/the scenario\s+is not deterministic/);
  });
});

describe('Ctrl-C while the determinism sample runs', () => {
  const MARKED = 'test/fixtures/replays/replay-hangs-marked.mjs';

  /** The built CLI, interrupted once the sample's first replay has started (its mark is written). */
  async function interruptedInSample(args: string[]): Promise<{ code: number | null; stdout: string }> {
    const mark = join(dir, `mark-${args.length}-${Date.now()}`);
    const child = spawn(process.execPath, [BIN, MARKED, '--schedule', 'exhaustive', '--timeout', '60000', ...args], {
      cwd: ROOT,
      env: { ...process.env, LOCKDEMO_TEST_MARK: mark, COLUMNS: '80' },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    while (!existsSync(mark)) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, stdout };
  }

  it('the variant did not finish: no proof, no pass of it (the reviewer saw both)', async () => {
    const run = await interruptedInSample([]);
    expect(run.code).toBe(130);
    expect(run.stdout).not.toContain('the verdict holds for all of them');
    expect(run.stdout.replace(/\s+/g, ' ')).toContain(
      'stopped before it checked that the program gives the same results when run again: not a proof',
    );
    expect(run.stdout).not.toContain('a random trial races with probability');
    expect(run.stdout).not.toContain('raced, as allowed');
    expect(run.stdout).toMatch(/incomplete/);
    const json = await interruptedInSample(['--json']);
    expect(json.code).toBe(130);
    const { verdict, variant } = variantOf(json.stdout);
    expect(verdict).toBe('incomplete');
    expect(variant).toMatchObject({ verdict: 'incomplete', finished: false });
  });
});
