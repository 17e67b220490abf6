/**
 * A report path that is a named pipe: written once a reader comes, without ever blocking the
 * thread that answers Ctrl-C. A plain open waits for a reader, and the run then answered neither
 * Ctrl-C nor SIGTERM for ever (only SIGKILL ended it).
 */
import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from './run-built.js';

const dir = mkdtempSync(join(tmpdir(), 'lockdemo-pipe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fifo(name: string): string {
  const path = join(dir, name);
  // python3 is on every machine lockdemo's tests run on (the parity suite needs it); mkfifo may not be.
  execFileSync('python3', ['-c', 'import os, sys; os.mkfifo(sys.argv[1])', path]);
  return path;
}

describe('a report written to a named pipe', () => {
  it('waits for a reader while Ctrl-C is still answered: one line, and the run ends', async () => {
    const path = fifo('nobody.html');
    const child = spawn(process.execPath, [BIN, 'counter', '--trials', '10', '--seed', '1', '--html', path], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // The last variant's block comes before the report is written: then it waits for a reader.
    const deadline = performance.now() + 60_000;
    while (!/of all 36\n/.test(stdout) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stdout).toMatch(/of all 36\n/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const signalled = performance.now();
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(performance.now() - signalled).toBeLessThan(5_000);
    expect(code).toBe(74);
    expect(stderr).toContain('lockdemo: a report was not written: stopped while it waited for a reader of its pipe\n');
  });

  it('is written whole once a reader comes', async () => {
    const path = fifo('read.html');
    const child = spawn(process.execPath, [BIN, 'counter', '--trials', '10', '--seed', '1', '--html', path], { cwd: ROOT });
    const code = new Promise<number | null>((resolve) => child.on('close', resolve));
    let html = '';
    await new Promise<void>((resolve) => {
      createReadStream(path)
        .on('data', (chunk) => (html += chunk.toString()))
        .on('end', resolve);
    });
    expect(await code).toBe(0);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });
});
