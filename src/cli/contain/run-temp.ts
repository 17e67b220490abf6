/**
 * The run's own temporary directory: scenario code sees it as its TMPDIR (os.tmpdir(), and the
 * child processes it starts), and the main thread removes it when the process exits, however
 * the run ends. A worker stopped from outside after a hanging trial never runs the scenario's
 * `close`, so what its `open` put in the temporary directory (the processes scenario's lock and
 * counter files, say) would otherwise stay behind; with this, nothing does, but after SIGKILL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let dir: string | undefined;
let unavailable = false;

/**
 * The environment for a worker that runs scenario code: this process's, with the temporary
 * directory's variables pointing at the run's own one (made at the first call). Undefined,
 * the process's environment unchanged, when that directory cannot be made.
 */
export function scenarioEnv(): NodeJS.ProcessEnv | undefined {
  if (dir === undefined && !unavailable) {
    try {
      dir = mkdtempSync(join(tmpdir(), 'lockdemo-run-'));
      process.on('exit', removeRunTemp);
    } catch {
      // An unwritable TMPDIR: scenario code sees it as it is, and fails there as it would.
      unavailable = true;
    }
  }
  if (dir === undefined) return undefined;
  return { ...process.env, TMPDIR: dir, TMP: dir, TEMP: dir };
}

/** Removes the run's temporary directory and all in it; never throws (the process is exiting). */
export function removeRunTemp(): void {
  if (dir === undefined) return;
  try {
    // A child process that the stopped worker left may still be writing there: a few tries.
    rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 10 });
  } catch {
    // Left for the system's cleaning of its temporary directory: nothing more can be done.
  }
}
