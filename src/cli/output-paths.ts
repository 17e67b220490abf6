import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliError } from './exit-codes.js';

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
