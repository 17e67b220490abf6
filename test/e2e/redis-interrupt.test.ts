/**
 * Ctrl-C typed on a terminal during a Redis `processes` run. The terminal signals its whole
 * foreground process group, so the scenario's child processes would get the SIGINT too: one that
 * ended on it while it started made the run say that it could not use Redis (exit 2, nothing on
 * stdout) nearly every time. Typed while the processes start, or once trials have come back, the
 * run ends as interrupted (130), with the summary of the trials that came back when there are
 * some, and leaves no Redis key, no process and no temporary directory behind.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { ROOT } from './run-built.js';
import { processesWithEnv } from './proc-env.js';

/** The flag the processes scenario gives each child it forks (scenarios/processes.ts). */
const CHILD_FLAG = '--lockdemo-processes-child';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Typed {
  /** What the terminal showed (stderr: the progress line and the messages). */
  screen: string;
  stdout: string;
  code: number | null;
  /** lockdemo's pid (its Redis keys are named after it). */
  pid: number;
  /** Whether `when` came true: Ctrl-C was typed at the moment the test waited for. */
  typed: boolean;
}

/**
 * Runs lockdemo on a pseudo-terminal (`script`), stdout to a file, and types Ctrl-C once `when`
 * says so (asked every 10 ms). `exec`: the shell's pid, which it prints first, is lockdemo's.
 */
function typeCtrlC(
  dir: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  when: (screen: string, pid: number) => Promise<boolean>,
): Promise<Typed> {
  const out = join(dir, 'out');
  const command = `echo "[pid $$]"; exec node bin/lockdemo.js ${args.join(' ')} > ${out}`;
  const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: { ...process.env, SHELL: '/bin/sh', ...env } });
  let screen = '';
  let closed = false;
  let typed = false;
  child.stdout.on('data', (chunk: Buffer) => (screen += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      closed = true;
      resolve(code);
    }),
  );
  const pidOf = (): number => Number(/\[pid (\d+)\]/.exec(screen)?.[1] ?? 0);
  const watch = async (): Promise<void> => {
    // A hang detector: should the moment never come, Ctrl-C still ends the run, and the test fails.
    const giveUp = Date.now() + 120_000;
    while (!closed && Date.now() < giveUp) {
      if (pidOf() > 0 && (await when(screen, pidOf()))) {
        typed = true;
        break;
      }
      await pause(10);
    }
    if (!closed) child.stdin.write('\x03');
  };
  return Promise.all([exited, watch()]).then(([code]) => ({
    screen,
    stdout: existsSync(out) ? readFileSync(out, 'utf8') : '',
    code,
    pid: pidOf(),
    typed,
  }));
}

/** The processes that `pid` (any thread of it) started and that run the scenario's child module. */
function scenarioChildren(pid: number): number[] {
  const found: number[] = [];
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return found;
  }
  for (const task of tasks) {
    let children = '';
    try {
      children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8');
    } catch {
      // The thread has ended.
    }
    for (const word of children.split(' ').filter((w) => w.trim() !== '')) {
      try {
        if (readFileSync(`/proc/${word}/cmdline`, 'latin1').includes(CHILD_FLAG)) found.push(Number(word));
      } catch {
        // Gone already.
      }
    }
  }
  return found;
}

describe('Ctrl-C on a terminal during a Redis processes run', () => {
  // Without Redis this is skipped (test/global-setup.ts printed the one line saying so), except
  // under CI=true, where a missing service is a failure.
  const redis = inject('redis');
  const skip = ('missing' in redis && !redis.required) || !existsSync('/proc');

  /**
   * Runs `args` with Redis, typing Ctrl-C when `when` says; then checks that nothing is left:
   * the run's keys, its processes (marked by an environment entry of this test's own) and
   * anything in its temporary directory. They may go just after lockdemo (a process cleans up
   * once its parent has gone): each is given 10 s.
   */
  async function interrupted(
    args: string[],
    when: (screen: string, pid: number, keys: (pid: number) => Promise<string[]>) => Promise<boolean>,
  ): Promise<Typed> {
    if ('missing' in redis) throw new Error(`this test needs Redis under CI: ${redis.missing}`);
    const { createClient } = await import('redis');
    const client = createClient({ url: redis.url });
    await client.connect();
    const dir = mkdtempSync(join(tmpdir(), 'lockdemo-redis-interrupt-'));
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    const mark = `LOCKDEMO_TEST_MARK=${dir}`;
    try {
      const keys = (pid: number): Promise<string[]> => client.keys(`lockdemo:${pid}:*`);
      const r = await typeCtrlC(dir, args, { LOCKDEMO_REDIS_URL: redis.url, TMPDIR: tmp, LOCKDEMO_TEST_MARK: dir }, (screen, pid) =>
        when(screen, pid, keys),
      );
      expect(r.pid).toBeGreaterThan(0);
      let left: { keys: string[]; processes: string[]; files: string[] } = { keys: [], processes: [], files: [] };
      for (let i = 0; i < 100; i++) {
        left = { keys: await keys(r.pid), processes: processesWithEnv(mark), files: readdirSync(tmp) };
        if (left.keys.length + left.processes.length + left.files.length === 0) break;
        await pause(100);
      }
      expect(left).toEqual({ keys: [], processes: [], files: [] });
      return r;
    } finally {
      await client.quit();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it.skipIf(skip)('once trials have come back: exit 130 and the summary of those trials, marked incomplete', async () => {
    let shown = 0;
    let keysMidRun: string[] = [];
    const r = await interrupted(
      ['processes', '--variant', 'atomic', '--trials', '1000000', '--timeout', '60000'],
      async (screen, pid, keys) => {
        // The progress line counts the trials that came back: the summary counts at least those.
        const last = [...screen.matchAll(/processes › atomic ([\d,]+)\/1,000,000/g)].at(-1);
        shown = Number(last?.[1]?.replaceAll(',', '') ?? 0);
        if (shown === 0) return false;
        // The run's keys exist now (so that their absence afterwards says something).
        keysMidRun = await keys(pid);
        return true;
      },
    );
    expect(r.typed).toBe(true);
    expect(keysMidRun.length).toBeGreaterThan(0);
    expect(r.code, r.screen).toBe(130);
    expect(r.screen).not.toMatch(/cannot use Redis|failed during the run/);
    // The summary of the trials that came back: every one kept every increment (INCR), and the
    // run says it stopped, with no verdict.
    const ran = Number(/incomplete: stopped after ([\d,]+) trials?/.exec(r.stdout)?.[1]?.replaceAll(',', '') ?? 0);
    expect(ran, r.stdout).toBeGreaterThanOrEqual(shown);
    expect(r.stdout).toMatch(new RegExp(`^ +80 +${ran.toLocaleString('en-US')} +100\\.0% +correct`, 'm'));
    expect(r.stdout).toContain('interrupted: the figures above cover only the trials that completed');
    expect(r.stdout).toContain('incomplete: stopped before every variant ran to the end; no verdict');
    expect(r.stdout).not.toMatch(/^(pass|FAIL)\b/m);
  });

  it.skipIf(skip)('while its processes start: exit 130 as interrupted, never "cannot use Redis" (2)', async () => {
    const r = await interrupted(
      ['processes', '--trials', '1000000', '--timeout', '60000'],
      // All of them forked (4, the scenario's tasks), and booting Node.js or connecting to Redis.
      async (_, pid) => scenarioChildren(pid).length >= 4,
    );
    expect(r.typed).toBe(true);
    expect(r.code, r.screen).toBe(130);
    expect(r.screen).not.toMatch(/cannot use Redis|failed during the run/);
    // Stopped before any trial came back (nothing on stdout, one line on the terminal), or just
    // after (the summary, marked incomplete): never a verdict.
    if (r.stdout === '') expect(r.screen).toMatch(/lockdemo: interrupted/);
    else expect(r.stdout).toContain('incomplete: stopped before every variant ran to the end; no verdict');
    expect(r.stdout).not.toMatch(/^(pass|FAIL)\b/m);
  });
});
