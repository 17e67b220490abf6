/**
 * The run's own temporary directory: scenario code sees it as its TMPDIR (os.tmpdir(), and the
 * child processes it starts), and the main thread removes it when the process exits, however
 * the run ends. A worker stopped from outside after a hanging trial never runs the scenario's
 * `close`, so what its `open` put in the temporary directory (the processes scenario's lock and
 * counter files, say) would otherwise stay behind; with this, nothing does, but after SIGKILL.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processesWithEnv } from './child-processes.js';

let dir: string | undefined;
let unavailable = false;
let removalArmed = false;
/** Runs of a program that embeds the CLI (runCli) under way: see {@link embeddedRun}. */
let embeddedRuns = 0;
/** Directories of embedded runs that ended, being removed: the exit handler removes them too. */
const ending = new Set<string>();

/**
 * The environment for a worker that runs scenario code: this process's, with the temporary
 * directory's variables pointing at the run's own one (made at the first call). Undefined,
 * the process's environment unchanged, when that directory cannot be made.
 */
export function scenarioEnv(): NodeJS.ProcessEnv | undefined {
  if (dir === undefined && !unavailable) {
    try {
      dir = mkdtempSync(join(tmpdir(), 'lockdemo-run-'));
      if (!removalArmed) process.on('exit', removeRunTemp);
      removalArmed = true;
    } catch {
      // An unwritable TMPDIR: scenario code sees it as it is, and fails there as it would.
      unavailable = true;
    }
  }
  if (dir === undefined) return undefined;
  return { ...process.env, TMPDIR: dir, TMP: dir, TEMP: dir };
}

/**
 * One run of a program that embeds the CLI (runCli, a test runner's worker): the run's temporary
 * directory is removed once no such run is under way, not at the process's exit, which may never
 * come as an exit (a test runner ends its workers with a signal). The next run makes a new one.
 */
export async function embeddedRun<T>(run: () => Promise<T>, beforeRemoval: (made: string) => Promise<void>): Promise<T> {
  embeddedRuns++;
  try {
    return await run();
  } finally {
    if (--embeddedRuns === 0 && dir !== undefined) {
      // A run that starts from now on makes a directory of its own: what is ended below is this one's alone.
      const made = dir;
      dir = undefined;
      // Should the program exit meanwhile, its exit handler removes it (see removeRunTemp).
      ending.add(made);
      // What the run left running goes first (see beforeRemoval), or it would make the directory again.
      await beforeRemoval(made);
      ending.delete(made);
      removeDir(made);
    }
  }
}

/**
 * Ends what the run's scenario code started and left running (the processes whose TMPDIR is the
 * run's, its descendants or not: one a shell started and left is no descendant any more),
 * before its directory is removed: one still writing there (a loop that makes files, or makes
 * the directory again) would undo its removal. SIGTERM first, which a child that cleans up
 * handles (the processes scenario's delete their Redis keys), and SIGKILL for what is left after
 * `graceMs`. Only the run's own processes have that TMPDIR, a directory made for this run: in a
 * program that embeds the CLI (a test runner), its other children are never touched.
 */
export async function endRunChildren(graceMs = 500, of = dir): Promise<void> {
  if (of === undefined) return;
  const entry = `TMPDIR=${of}`;
  const signal = (name: NodeJS.Signals): number => {
    let sent = 0;
    for (const pid of processesWithEnv(entry)) {
      try {
        process.kill(pid, name);
        sent++;
      } catch {
        // Gone already.
      }
    }
    return sent;
  };
  if (signal('SIGTERM') === 0) return;
  const until = performance.now() + graceMs;
  while (processesWithEnv(entry).length > 0 && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
  signal('SIGKILL');
}

/** Removes the run's temporary directory and all in it; never throws (the process is exiting). */
export function removeRunTemp(): void {
  // An embedded run's end cut short by the exit: what it was ending is ended now, all at once.
  for (const made of ending) {
    killAll(made);
    removeDir(made);
  }
  ending.clear();
  if (dir === undefined) return;
  const made = dir;
  dir = undefined;
  removeDir(made);
}

/** Removes the run's directory `made`, ending what keeps writing there if it must. */
function removeDir(made: string): void {
  if (removed(made)) return;
  // Still there: a process of the run's that is no descendant any more (a shell started it and
  // went) keeps writing there. Every process whose TMPDIR is the run's is ended, and once more.
  killAll(made);
  removed(made);
}

/** SIGKILL to every process whose TMPDIR is the run's directory `made`. */
function killAll(made: string): void {
  for (const pid of processesWithEnv(`TMPDIR=${made}`)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
}

/** Removes `path`, and whether it is gone. */
function removed(path: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      rmSync(path, { recursive: true, force: true, maxRetries: 3, retryDelay: 10 });
    } catch {
      // A directory scenario code made read-only (a module cache) cannot be emptied by its
      // owner until it is writable again: made so, and tried once more.
      writable(path);
      continue;
    }
    if (!existsSync(path)) return true;
  }
  return !existsSync(path);
}

/** Makes `path` and every directory below it writable by its owner, as far as it can. */
function writable(path: string): void {
  try {
    chmodSync(path, 0o700);
    for (const entry of readdirSync(path, { withFileTypes: true })) if (entry.isDirectory()) writable(join(path, entry.name));
  } catch {
    // Not ours to change: what is left is left for the system's cleaning of its temporary directory.
  }
}
