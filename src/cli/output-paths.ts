import { accessSync, constants, lstatSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError, type Ending } from './exit-codes.js';
import type { Io } from './io.js';

/**
 * Checks, before any work starts, that a file an option asks for can be written: its folder
 * exists and is writable, and the path is not a folder. A CI job that misspelt `--junit
 * reports/x.xml` then fails in a second, not after the whole check has run and printed PASS.
 */
export function checkWritablePath(what: string, path: string, flag: string): void {
  // resolve('') is the current folder, which would be called "a folder" below.
  if (path === '') throw new CliError('usage', `${flag} needs a file name, such as lockdemo.xml`);
  const file = resolve(path);
  const folder = dirname(file);
  const fail = (why: string): never => {
    throw new CliError('usage', `cannot write ${what} to ${path}: ${why}`);
  };
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
  try {
    accessSync(existing ? file : folder, constants.W_OK);
  } catch {
    fail(existing ? 'the file is not writable' : `the folder ${folder} is not writable`);
  }
}

/**
 * A report file (`--html`, `--junit`) that could not be written once the work was done: a full
 * disk, a device that refuses. Its path was checked before the work started, so this is not bad
 * usage but an output failure, like stdout's.
 */
export class ReportWriteError extends CliError {
  constructor(what: string, path: string, cause: unknown) {
    super('output', `cannot write ${what} to ${path}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/**
 * Writes a report file after the work: a failure is one line on stderr, and the rest of the
 * output is still printed. Resolves with whether it was written; {@link afterReports} turns a
 * failure into the ending. Any other error (a replay the report needed that failed) propagates.
 */
export async function writeReport(io: Io, write: () => void | Promise<void>): Promise<boolean> {
  try {
    await write();
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
export function writeReportFile(what: string, file: string, text: string): void {
  const path = resolve(file);
  if (existsAsOther(path)) {
    try {
      writeFileSync(path, text);
    } catch (error) {
      throw new ReportWriteError(what, file, error);
    }
    return;
  }
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
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
