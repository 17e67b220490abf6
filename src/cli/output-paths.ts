import {
  accessSync,
  closeSync,
  constants,
  lstatSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError, type Ending } from './exit-codes.js';
import type { Io } from './io.js';
import { HTML_REPORT_START, OLDER_HTML_REPORT_START } from './html/report-start.js';

/**
 * What a report file starts with when lockdemo wrote it: only such a file is ever replaced. The
 * HTML one names lockdemo as its generator: `<!doctype html>` alone begins most web pages.
 */
const REPORT_STARTS = [HTML_REPORT_START, OLDER_HTML_REPORT_START, '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="lockdemo'];

/**
 * Checks, before any work starts, that a report file an option asks for (`--html`, `--junit`)
 * can be written, and may be: its folder exists and takes a new file, the path is not a folder,
 * and a file already there is a report lockdemo wrote (or empty). A CI job that misspelt
 * `--junit reports/x.xml` then fails in a second, not after the whole check has run and printed
 * PASS; and `--html my-scenario.mjs`, a typo away, never replaces the user's own work.
 */
export function checkWritablePath(what: string, path: string, flag: string, example: string): void {
  const fail = (why: string): never => {
    throw new CliError('usage', `cannot write ${what} to ${path}: ${why}`);
  };
  // resolve('') is the current folder, which would be called "a folder" below.
  if (path === '') throw new CliError('usage', `${flag} needs a file name, such as ${example}`);
  if (path.endsWith('/')) fail(`give a file name, such as ${example}`);
  const file = resolve(path);
  const folder = dirname(file);
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    fail(`the folder ${folder} does not exist`);
  }
  if (!isFolder) fail(`${folder} is not a folder`);
  let existing: ReturnType<typeof statSync> | undefined;
  try {
    existing = statSync(file);
  } catch {
    existing = undefined;
  }
  if (existing?.isDirectory()) fail('that is a folder; give a file name');
  if (existing?.isFile() === true && existing.size > 0 && !REPORT_STARTS.some((start) => fileStartsWith(file, start))) {
    fail('a file is there that is not a report lockdemo wrote; remove it, or give another name');
  }
  // A device (/dev/null) is written through (see writeReportFile); anything else is written
  // beside its target and renamed, so the folder must take a new file. Its access bits can say
  // yes where creating one fails (a read-only mount, /proc): try it.
  if (existing !== undefined && !existing.isFile()) {
    try {
      accessSync(file, constants.W_OK);
    } catch {
      fail('it is not writable');
    }
    return;
  }
  const temporary = temporaryOf(file);
  try {
    closeSync(openSync(temporary, 'wx'));
    rmSync(temporary, { force: true });
  } catch (error) {
    fail(`the folder ${folder} does not take a new file (${errorCode(error)})`);
  }
}

function fileStartsWith(file: string, start: string): boolean {
  try {
    const fd = openSync(file, 'r');
    try {
      const head = Buffer.alloc(start.length);
      const read = readSync(fd, head, 0, start.length, 0);
      return head.toString('utf8', 0, read).toLowerCase() === start.toLowerCase();
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** The name a report is written under before it is renamed into place. */
function temporaryOf(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
}

/** An error's code and its words, without the path Node.js adds (which may be the temporary name). */
function errorCode(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.message.replace(/, \w+ '[^']*'(?: -> '[^']*')?$/, '');
}

/**
 * A report file (`--html`, `--junit`) that could not be written once the work was done: a full
 * disk, a device that refuses. Its path was checked before the work started, so this is not bad
 * usage but an output failure, like stdout's.
 */
export class ReportWriteError extends CliError {
  constructor(what: string, path: string, cause: unknown) {
    super('output', `cannot write ${what} to ${path}: ${errorCode(cause)}`);
  }
}

/**
 * Writes a report file after the work: a failure is one line on stderr, and the rest of the
 * output is still printed. Resolves with whether it was written; {@link afterReports} turns a
 * failure into the ending. Any other error (a replay the report needed that failed) propagates.
 */
export async function writeReport(io: Io, write: () => void | Promise<void>): Promise<boolean> {
  try {
    // A report waiting for its pipe's reader stops at a Ctrl-C that comes meanwhile. (A stopped
    // run's report is still written: its stop came before.)
    const writing = write();
    if (io.signal?.aborted !== true) {
      const stop = stopped(io.signal);
      try {
        if ((await Promise.race([writing, stop.promise])) === STOPPED) {
          io.stderr.write('lockdemo: a report was not written: stopped while it waited for a reader of its pipe\n');
          return false;
        }
      } finally {
        // One listener per report, taken off once it is written: check writes one per scenario.
        stop.cancel();
      }
    }
    await writing;
    return true;
  } catch (error) {
    if (!(error instanceof ReportWriteError)) throw error;
    io.stderr.write(`lockdemo: ${error.message}\n`);
    return false;
  }
}

/** A report file that was not written makes a run that would have passed exit 74; a failing verdict keeps its 1, a stop its 130. */
export function afterReports(ending: Ending, written: boolean): Ending {
  return written || ending !== 'ok' ? ending : 'output';
}

/**
 * Writes a report file beside its target, then renames it: a reader never sees half a report,
 * and a failure leaves none (it throws a {@link ReportWriteError}). A path that is there as
 * something other than a regular file (a symlink, a device such as /dev/null, a pipe) is written
 * through instead: a rename would replace the link or the device itself, which, run as root,
 * destroys /dev/null for every process on the machine.
 */
export async function writeReportFile(what: string, file: string, text: string): Promise<void> {
  const path = resolve(file);
  if (existsAsOther(path)) {
    try {
      // A pipe (or a link to one) waits for its reader, without blocking this thread, which must
      // still answer Ctrl-C meanwhile (writeReport stops waiting then).
      if (isPipe(path)) await writeToPipe(path, text);
      else writeFileSync(path, text);
    } catch (error) {
      throw new ReportWriteError(what, file, error);
    }
    return;
  }
  const temporary = temporaryOf(path);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new ReportWriteError(what, file, error);
  }
}

/** Whether `path` is there as something other than a regular file (never following a link). */
function existsAsOther(path: string): boolean {
  try {
    return !lstatSync(path).isFile();
  } catch {
    return false;
  }
}

const STOPPED = Symbol('stopped');

/** A promise that resolves with STOPPED once `signal` aborts (never, without one), and `cancel` to stop listening. */
function stopped(signal: AbortSignal | undefined): { promise: Promise<typeof STOPPED>; cancel: () => void } {
  let stop = (): void => {};
  const promise = new Promise<typeof STOPPED>((resolve) => {
    stop = () => resolve(STOPPED);
    if (signal?.aborted === true) stop();
    else signal?.addEventListener('abort', stop, { once: true });
  });
  return { promise, cancel: () => signal?.removeEventListener('abort', stop) };
}

function isPipe(path: string): boolean {
  try {
    return statSync(path).isFIFO();
  } catch {
    return false;
  }
}

/**
 * Writes `text` to a named pipe without ever blocking this thread: a plain open waits for a
 * reader, in a thread that could then answer no Ctrl-C (and Node.js's exit waits for a worker of
 * its pool stuck in such an open). Opened without blocking it fails until a reader comes (ENXIO),
 * and a full pipe refuses a write (EAGAIN) until the reader has taken some: both are retried.
 */
async function writeToPipe(path: string, text: string): Promise<void> {
  let fd: number | undefined;
  while (fd === undefined) {
    try {
      fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENXIO') throw error;
      await delay(50);
    }
  }
  const data = Buffer.from(text);
  try {
    for (let at = 0; at < data.length;) {
      try {
        at += writeSync(fd, data, at, data.length - at);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
        await delay(10);
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** A report this run wrote (a regular file), removed; a device or a pipe is left as it is. */
export function removeWrittenReport(path: string): void {
  try {
    if (lstatSync(path).isFile()) rmSync(path, { force: true });
  } catch {
    // Not there: nothing to remove.
  }
}
