/**
 * Ctrl-C while the worker is stuck in scenario code (a synchronous loop, so it can answer
 * nothing): the summary still counts every trial the worker had reported, as the progress line
 * showed them, and its numbers add up.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './run-built.js';

const count = (text: string): number => Number(text.replaceAll(',', ''));

/**
 * Runs the stuck-on-flag fixture on a pseudo-terminal (`script`), so that a progress line is
 * drawn. Once it is, the test creates the flag file; once the fixture says it is stuck, it
 * types Ctrl-C. Returns what the terminal showed, stdout, and the exit status.
 */
function ctrlCWhenStuck(dir: string, jobs: string): Promise<{ screen: string; stdout: string; code: number }> {
  const flag = join(dir, 'flag');
  const out = join(dir, 'out');
  return new Promise((resolve) => {
    // As in scale.test.ts: the trapped INT keeps the shell alive to print lockdemo's status.
    const command = `trap : INT; node bin/lockdemo.js test/fixtures/hostile/stuck-on-flag.mjs --trials 1e9 --seed 1 --timeout 600000 --jobs ${jobs} > ${out}; echo "[exit $?]"`;
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: ROOT,
      env: { ...process.env, SHELL: '/bin/sh', LOCKDEMO_TEST_FLAG: flag },
    });
    let screen = '';
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
      if (existsSync(flag) || !screen.includes('trials/s')) return;
      writeFileSync(flag, '');
      const poll = setInterval(() => {
        if (!existsSync(`${flag}.stuck`)) return;
        clearInterval(poll);
        child.stdin.write('\x03');
      }, 20);
    });
    child.on('close', () => resolve({ screen, stdout: readFileSync(out, 'utf8'), code: Number(/\[exit (\d+)\]/.exec(screen)?.[1] ?? -1) }));
  });
}

// Side by side: each run has its own directory, flag file and terminal.
describe.concurrent('Ctrl-C on a worker stuck in a synchronous loop', () => {
  it.each([['1'], ['2']])('counts every trial it had reported (jobs %s), and the numbers add up', async (jobs) => {
    const dir = mkdtempSync(join(tmpdir(), 'lockdemo-stuck-'));
    try {
      const { screen, stdout, code } = await ctrlCWhenStuck(dir, jobs);
      expect(code).toBe(130);
      // The last count the progress line drew before Ctrl-C (it redraws at most every 100 ms,
      // so the summary may hold a later report, never fewer trials).
      const shown = [...screen.matchAll(/stuck-on-flag › unlocked ([\d,]+)\/1,000,000,000/g)].map((m) => count(m[1] ?? ''));
      const lastShown = shown.at(-1) ?? 0;
      expect(lastShown).toBeGreaterThan(0);
      const ran = count(/incomplete: stopped after ([\d,]+) trials/.exec(stdout)?.[1] ?? '');
      expect(ran).toBeGreaterThanOrEqual(lastShown);
      expect(ran).toBeLessThan(1e9);
      // The rows add up to the trials counted, and so does the race frequency.
      const rows = [...stdout.matchAll(/^\s+([12])\s+([\d,]+)\s+[\d.]+%\s+(race|correct)/gm)];
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.reduce((sum, m) => sum + count(m[2] ?? ''), 0)).toBe(ran);
      const raced = rows.filter((m) => m[3] === 'race').reduce((sum, m) => sum + count(m[2] ?? ''), 0);
      expect(stdout).toContain(`(${raced.toLocaleString('en-US')}/${ran.toLocaleString('en-US')},`);
      expect(stdout).toContain('interrupted: the figures above cover only the trials that completed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
