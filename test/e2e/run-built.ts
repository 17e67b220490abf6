import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/lockdemo.js', import.meta.url));

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would (not a terminal, colour not forced) and collects everything. */
export function lockdemo(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  const base = { ...process.env };
  delete base.FORCE_COLOR;
  delete base.NO_COLOR;
  // CI exports a Redis URL; a test that wants Redis passes it, so every other run is the same everywhere.
  delete base.LOCKDEMO_REDIS_URL;
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...base, ...env }, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs a shell pipeline from the project root, for `| head` and the like. */
export function shell(command: string): Promise<Result> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', command], { cwd: ROOT }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

// eslint-disable-next-line no-control-regex -- an escape sequence is what it matches
export const ANSI = /\x1b\[[0-9;]*m/;
