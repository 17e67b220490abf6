import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Io } from '../../src/cli/io.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/lockdemo.js', import.meta.url));

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of a run: this one, colour neither forced nor refused, no Redis, and `env`. */
function runEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const base = { ...process.env };
  delete base.FORCE_COLOR;
  delete base.NO_COLOR;
  // CI exports a Redis URL; a test that wants Redis passes it, so every other run is the same everywhere.
  delete base.LOCKDEMO_REDIS_URL;
  // A width exported in the shell that runs the tests would change every run's output.
  delete base.COLUMNS;
  return { ...base, ...env };
}

/** Runs the built CLI as a user would (not a terminal, colour not forced) and collects everything. */
export function lockdemo(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return lockdemoAt(BIN, args, env);
}

/** {@link lockdemo} with the bin of another copy of the build (a test's altered copy of dist). */
export function lockdemoAt(bin: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: ROOT, env: runEnvironment(env), maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The built CLI's entry (`npm test` builds first), as bin/lockdemo.js imports it. */
const BUILT_MAIN = new URL('dist/src/cli/main.js', `file://${ROOT}/`).href;

/**
 * The built CLI's `runCli`, in this process: what bin/lockdemo.js calls, with what lockdemo()
 * would give it (stdout and stderr not terminals, the same environment), minus the process.
 * For tests of what a command prints and which exit status it returns, where a node process
 * of its own would only add its start-up (0.1 to 0.2 s of CPU a run; over the suite's few
 * hundred runs, a sixth of its CPU) and test nothing more. Scenario code still runs in the
 * CLI's supervised worker. What belongs to the process (signals, a closed pipe, the status the
 * process exits with, colour from the environment, `process.exit` in scenario code) is tested
 * with lockdemo().
 *
 * What code in the CLI's workers writes to process.stdout or process.stderr itself reaches this
 * process's streams, not the Result: that stray output shows only in spawned runs, which the
 * tests of hostile modules, of a run as a user makes it and of check over every built-in are.
 *
 * A scenario's worker reads its options' variables from this process's environment, not from
 * `env`, so a run of scenarios refuses an `env` of its own, and `processes` (CI's
 * LOCKDEMO_REDIS_URL, which lockdemo() removes, would reach it here), including a `check`
 * without targets, which runs it: these go through lockdemo().
 */
export async function lockdemoInProcess(args: string[], env: NodeJS.ProcessEnv = {}, signal?: AbortSignal): Promise<Result> {
  if (runsScenarios(args)) {
    if (Object.keys(env).length > 0) throw new Error(`a run's environment would not reach its scenario here: run it with lockdemo()`);
    if (args.includes('processes')) throw new Error('processes reads LOCKDEMO_REDIS_URL: run it with lockdemo()');
    if (args[0] === 'check' && args.slice(1).every((arg) => arg.startsWith('-'))) {
      throw new Error('check without targets runs processes, which reads LOCKDEMO_REDIS_URL: run it with lockdemo()');
    }
  }
  const { runCli } = (await import(BUILT_MAIN)) as { runCli: (argv: readonly string[], io: Io) => Promise<number> };
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (chunk: string) => (stdout += chunk), isTTY: false },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: false },
    env: runEnvironment(env),
    ...(signal !== undefined ? { signal } : {}),
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** Whether a command line may run a scenario's trials (help, list and init never do). */
function runsScenarios(args: string[]): boolean {
  return !['help', 'list', 'init'].includes(args[0] ?? '') && !args.includes('--help') && !args.includes('-h');
}

/** Runs a shell pipeline from the project root, for `| head` and the like. */
export function shell(command: string, limitMs = 50_000): Promise<Result> {
  return new Promise((resolve) => {
    // The shell leads a process group of its own: a command that overruns is killed with every
    // process of its pipeline, so a failed test leaves no lockdemo running behind it.
    const child = spawn('bash', ['-c', command], { cwd: ROOT, env: runEnvironment({}), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, limitMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

// eslint-disable-next-line no-control-regex -- an escape sequence is what it matches
export const ANSI = /\x1b\[[0-9;]*m/;
