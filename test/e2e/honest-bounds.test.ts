/**
 * Honest words for searches that did not cover every interleaving (DESIGN.md "Honest verdicts
 * and words"): a search cut by --max-steps names that bound, the smallest race is searched under
 * the run's own step bound, and an interrupted run's `reproduce:` lines repeat exactly what ran
 * (each is a command lockdemo accepts, and gives the same histogram).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, lockdemo, lockdemoInProcess } from './run-built.js';

const POLL = 'test/fixtures/poll-bound.mjs';
const POLLING = 'test/parity/cases/polling-flag.mjs';
const STUCK = 'test/fixtures/hostile/stuck-second-variant.mjs';
const STEP_BOUND = 'test/fixtures/step-bound.mjs';

describe('a stop while the worker that replaces a hung one loads', () => {
  it('keeps the trials reported before and the hang: exit 1, the forbidden hang in the summary', async () => {
    // slow-reload's trial 2 loops (a hang at --timeout); its fresh worker then imports slowly,
    // and the Ctrl-C comes there. The stopped load used to end the run as "interrupted before
    // slow-reload could run", with no summary at all.
    const r = await interruptWhenStuck(['test/fixtures/hostile/slow-reload.mjs', '--seed', '1', '--timeout', '500']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ +2 +1 +50\.0% +correct/m);
    expect(r.stdout).toMatch(/^ +hang +1 +50\.0% +forbidden/m);
  });
});

describe('a check stopped while a target starts', () => {
  it('reports what it had checked, its tally and its JSON document, and exits 130', async () => {
    // open-waits' `open` never returns: the Ctrl-C comes while it starts, after counter was checked.
    const r = await interruptWhenStuck(['check', 'counter', 'test/fixtures/hostile/open-waits.mjs', '--json']);
    expect(r.code).toBe(130);
    const document = JSON.parse(r.stdout) as {
      verdict: string;
      interrupted: boolean;
      results: Array<{ scenario: string; status: string }>;
    };
    expect(document).toMatchObject({ verdict: 'incomplete', interrupted: true });
    expect(document.results.map((x) => `${x.scenario} ${x.status}`)).toEqual(['counter pass', 'counter pass']);
    const text = await interruptWhenStuck(['check', 'counter', 'test/fixtures/hostile/open-waits.mjs']);
    expect(text.code).toBe(130);
    expect(text.stdout).toMatch(/^PASS {2}counter › locked/m);
    expect(text.stdout).toContain('interrupted: the variants above are all that were checked');
    expect(text.stdout).not.toContain('open-waits ›');
  });
});

describe('a search bounded by --max-steps', () => {
  it('does not claim every interleaving when the step bound cut some, and names the bound', async () => {
    // With --max-steps 6, 12 of the 22 interleavings are cut at the bound; with --max-steps 12,
    // interleavings that poll 4 to 9 times (forbidden) show up. So the first search is no proof
    // for every interleaving, whatever its verdict.
    const bounded = await lockdemoInProcess([POLL, '--schedule', 'exhaustive', '--max-steps', '6']);
    expect(bounded.stdout).toMatch(/step-limit +12 /);
    const larger = await lockdemoInProcess([POLL, '--schedule', 'exhaustive', '--max-steps', '12']);
    expect(larger.stdout).toMatch(/^ +4 +5 .*forbidden/m);
    const words = bounded.stdout
      .split('\n')
      .filter((line) => /explored|search/.test(line))
      .join('\n');
    expect(words).not.toContain('the verdict holds for all of them');
    expect(words).toMatch(/\b6\b.*\bsteps?\b|\bsteps?\b.*\b6\b/);
  });

  it('finds the smallest forbidden outcome under the run’s own --max-steps, and its replay says so', async () => {
    const r = await lockdemoInProcess([POLLING, '--schedule', 'exhaustive', '--max-steps', '12', '--json']);
    const variant = (JSON.parse(r.stdout) as { variants: Array<{ minimal?: { found: boolean; schedule?: string } }> }).variants[0];
    // The first forbidden interleaving is task_A polling alone for 12 steps: no preemption. Its
    // replay string counts the run (A*12) rather than spelling it out.
    expect(variant?.minimal).toMatchObject({ found: true, schedule: 'A*12' });
    const text = await lockdemoInProcess([POLLING, '--schedule', 'exhaustive', '--max-steps', '12']);
    expect(text.stdout).not.toContain('10000 scheduling steps');
    const smallest = text.stdout.slice(text.stdout.indexOf('smallest forbidden outcome'));
    expect(smallest).toMatch(/^ +replay: lockdemo \S+polling-flag\.mjs --variant program( \\\n +)? ?--max-steps 12/m);
    // The printed line replays that very trial: task_A spins alone to the bound.
    const replayed = await lockdemoInProcess([POLLING, '--variant', 'program', '--max-steps', '12', '--replay', 'A*12', '--json']);
    const trial = JSON.parse(replayed.stdout) as { value: string; grade: string; schedule: string };
    expect(trial).toMatchObject({ value: 'step-limit: more than 12 scheduling steps (--max-steps)', grade: 'forbidden', schedule: 'A*12' });
  });
});

/** The commands of the `reproduce:` lines, continuation lines joined. */
function reproduceCommands(stdout: string): string[] {
  const joined = stdout.replace(/ \\\n +/g, ' ').replace(/reproduce:\n +/g, 'reproduce: ');
  return [...joined.matchAll(/^reproduce: lockdemo (.+)$/gm)].map((m) => m[1] ?? '');
}

/** Splits a printed command into arguments (the fixture's commands quote nothing). */
const argsOf = (command: string): string[] => command.split(' ').filter((word) => word !== '');

/**
 * Runs the stuck-second-variant fixture, types Ctrl-C once its second variant is stuck (after
 * `after` of its trials), and returns what it printed and the exit status.
 */
function interruptSecond(args: string[], after: number): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return interruptWhenStuck([STUCK, ...args, '--timeout', '600000'], { LOCKDEMO_TEST_STUCK_AFTER: String(after) });
}

/** Runs lockdemo on a hostile fixture and types Ctrl-C once the fixture has written `<flag>.stuck`. */
function interruptWhenStuck(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const dir = mkdtempSync(join(tmpdir(), 'lockdemo-honest-'));
  const flag = join(dir, 'flag');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, LOCKDEMO_TEST_FLAG: flag, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const poll = setInterval(() => {
      if (!existsSync(`${flag}.stuck`)) return;
      clearInterval(poll);
      child.kill('SIGINT');
    }, 20);
    child.on('close', (code) => {
      clearInterval(poll);
      rmSync(dir, { recursive: true, force: true });
      resolve({ stdout, stderr, code });
    });
  });
}

describe('the reproduce lines of an interrupted run', () => {
  it('are commands lockdemo accepts, even for a variant that had finished no trial', async () => {
    const r = await interruptSecond(['--trials', '20', '--seed', '1'], 0);
    expect(r.code).toBe(130);
    expect(r.stdout).toContain('incomplete: stopped before every variant ran to the end; no verdict');
    const commands = reproduceCommands(r.stdout);
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) {
      const again = await lockdemo(argsOf(command));
      expect.soft(again.stderr, command).toBe('');
      expect.soft(again.code, command).toBe(0);
    }
  });

  it('repeat exactly the interleavings an interrupted exhaustive search had explored', async () => {
    const r = await interruptSecond(['--schedule', 'exhaustive'], 3);
    expect(r.code).toBe(130);
    const explored = /incomplete: stopped after (\d+) interleavings?/.exec(r.stdout)?.[1];
    expect(explored).toBeDefined();
    const command = reproduceCommands(r.stdout).find((c) => c.endsWith('--variant second'));
    expect(command).toBeDefined();
    const again = await lockdemo(argsOf(command ?? ''));
    // The same histogram: as many interleavings as the interrupted search had explored.
    expect(again.stdout).toMatch(new RegExp(`^ +2 +${explored} +100\\.0%`, 'm'));
  });
});

describe('Ctrl-C after a variant’s trials, while the worker grades them', () => {
  it('still prints the summary of the trials that came back and the incomplete verdict', async () => {
    // All 50 trials came back; the worker is describing their value when Ctrl-C lands. (The
    // fixture's description loops to hold that window open; with the counter at 6 tasks and no
    // hostile code, Ctrl-C lands there in about one run in three at random moments.)
    const r = await interruptWhenStuck([
      'test/fixtures/hostile/stuck-in-grading.mjs',
      '--trials',
      '50',
      '--seed',
      '1',
      '--timeout',
      '600000',
    ]);
    // Every trial had come back: the summary shows all 50, and the verdict line agrees with the
    // exit status (a run whose every trial came back may pass; one marked incomplete exits 130).
    expect(r.stdout).toContain('only (races forbidden)');
    expect(r.stdout).toMatch(/^ +2 +50 +100\.0% +correct/m);
    if (r.code === 130) expect(r.stdout).toContain('incomplete: stopped before every variant ran to the end; no verdict');
    else {
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('pass: every variant met its declaration');
    }
  });
});

describe('an interrupted check', () => {
  it('says in its output that it is incomplete, and does not say the target never ran', async () => {
    // `first` is checked (PASS); Ctrl-C lands in the first trial of `second`.
    const r = await interruptWhenStuck(['check', STUCK]);
    expect(r.code).toBe(130);
    expect(r.stdout).toMatch(/^PASS {2}stuck-second-variant › first/m);
    expect(r.stdout).not.toMatch(/› second/);
    expect(r.stdout).toMatch(/incomplete|interrupted/);
    expect(r.stderr).not.toContain('before stuck-second-variant could run');
  });

  it('prints one JSON document with what it checked', async () => {
    const r = await interruptWhenStuck(['check', STUCK, '--json']);
    expect(r.code).toBe(130);
    const document: unknown = JSON.parse(r.stdout);
    expect(JSON.stringify(document)).toContain('first');
    expect(JSON.stringify(document)).not.toMatch(/"second"[^}]*"pass"/);
  });
});

describe('check on a module that can livelock', () => {
  it('takes --max-steps, as a run does, and fails on the step limit in seconds', async () => {
    // Without a step bound of its own, check explores up to 100,000 interleavings of up to
    // 10,000 steps each: polling-flag ran for more than 5 minutes with no output.
    const r = await lockdemoInProcess(['check', POLLING, '--max-steps', '40']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL {2}parity-polling-flag › program +exhaustive/m);
    // Its replay line ends the trial where the check did.
    expect(r.stdout.replace(/ \\\n +/g, ' ')).toMatch(/--max-steps 40 --replay "A\*40"/);
  });

  it('passes a search cut at --max-steps without calling it a proof, in words and in its JSON', async () => {
    // The fixture's forbidden "late" lies past 6 steps (a longer bound reaches it: see
    // test/unit/step-bound-proof.test.ts), so this search proves nothing past its bound.
    const args = ['check', STEP_BOUND, '--max-steps', '6'];
    const text = await lockdemoInProcess([...args, '--variant', 'polls']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^PASS +step-bound › polls +exhaustive +races 0\/63 interleavings/m);
    expect(text.stdout).toContain('\n      searched up to 6 steps (--max-steps), 62 cut there: not a proof\n');
    const json = JSON.parse((await lockdemoInProcess([...args, '--variant', 'polls', '--json'])).stdout) as { results: unknown[] };
    expect(json.results[0]).toMatchObject({ status: 'pass', complete: false, maxStepsCut: { interleavings: 62, maxSteps: 6 } });
    // --ablate: a lock whose removal the bound hid is not called unneeded, and check does not fail on it.
    const ablate = await lockdemoInProcess([...args, '--variant', 'locked', '--ablate']);
    expect(ablate.code).toBe(0);
    expect(ablate.stdout).toContain('t.lock  not needed here, up to --max-steps: all 64 interleavings without');
    expect(ablate.stdout).not.toContain('no lock is needed');
  });
});
