import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, lockdemo, ROOT, shell } from './run-built.js';

interface Report {
  variants: Array<{ name: string; trials: number; outcomes: Array<{ value: number | string; count: number }>; firstRace?: { trial: number; schedule: string } }>;
}

const histograms = (stdout: string) =>
  (JSON.parse(stdout) as Report).variants.map((v) => ({ name: v.name, trials: v.trials, firstRace: v.firstRace, outcomes: v.outcomes }));

/** Starts the built CLI, sends SIGINT once its first line of output appeared, collects the rest. */
function interruptAfterStart(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!sent && stdout.includes('\n')) {
        sent = true;
        // Let it run a little first, so some trials complete.
        setTimeout(() => child.kill('SIGINT'), 700);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('--jobs', () => {
  it('gives the same histogram, first race and replay string for every number of jobs', async () => {
    const args = ['counter', '--trials', '300000', '--seed', '21', '--json'];
    const one = await lockdemo([...args, '--jobs', '1']);
    const two = await lockdemo([...args, '--jobs', '2']);
    const three = await lockdemo([...args, '--jobs', '3']);
    const auto = await lockdemo([...args, '--jobs', 'auto']);
    expect(one.code).toBe(0);
    expect(histograms(two.stdout)).toEqual(histograms(one.stdout));
    expect(histograms(three.stdout)).toEqual(histograms(one.stdout));
    expect(histograms(auto.stdout)).toEqual(histograms(one.stdout));
  });

  it('works for pct and for a user scenario module, which workers import by URL', async () => {
    const pct = ['deadlock', '--schedule', 'pct', '--trials', '140000', '--seed', '2', '--json'];
    expect(histograms((await lockdemo([...pct, '--jobs', '2'])).stdout)).toEqual(histograms((await lockdemo(pct)).stdout));
    const user = await lockdemo(['test/fixtures/broken-lock.mjs', '--trials', '140000', '--seed', '1', '--jobs', '2']);
    expect(user.code).toBe(1);
    expect(user.stdout).toContain('FAIL: forbidden outcomes in locked');
  });

  it('is refused where trials are not independently seeded', async () => {
    const r = await lockdemo(['counter', '--schedule', 'exhaustive', '--jobs', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^lockdemo: --jobs applies to the random and pct schedules/);
  });
});

describe('long runs', () => {
  it.each([['1'], ['2']])('Ctrl-C (jobs %s) stops after the trials in flight, prints the partial summary, exits 130', async (jobs) => {
    const r = await interruptAfterStart(['counter', '--trials', '1e9', '--seed', '1', '--jobs', jobs]);
    expect(r.code).toBe(130);
    expect(r.stdout).toContain('interrupted: the figures above cover only the trials that completed');
    const ran = Number(/race frequency [\d.]+% \([\d,]+\/([\d,]+),/.exec(r.stdout)![1]!.replaceAll(',', ''));
    expect(ran).toBeGreaterThan(0);
    expect(ran).toBeLessThan(1e9);
    // The reproduce line names exactly the trials that completed.
    expect(r.stdout).toContain(`reproduce: lockdemo counter --trials ${ran} --seed 1 --variant unlocked`);
    // The only thing on stderr: the feedback that the first Ctrl-C was heard.
    expect(r.stderr).toBe('lockdemo: stopping after the trials in flight… (Ctrl-C again to stop at once)\n');
  });

  it('--duration runs each variant for a time budget and reports how many trials ran', async () => {
    const r = await lockdemo(['counter', '--duration', '0.5', '--seed', '4', '--json']);
    expect(r.code).toBe(0);
    for (const v of (JSON.parse(r.stdout) as Report).variants) {
      expect(v.trials).toBeGreaterThan(1000);
      expect(v.outcomes.reduce((sum, o) => sum + o.count, 0)).toBe(v.trials);
    }
    const text = await lockdemo(['counter', '--duration', '0.2', '--seed', '4']);
    expect(text.stdout).toContain('0.2 s per variant');
    expect(text.stdout).toMatch(/reproduce: lockdemo counter --trials \d+ --seed 4 --variant unlocked\nreproduce: lockdemo counter --trials \d+ --seed 4 --variant locked\n$/);
    expect((await lockdemo(['counter', '--duration', '1', '--trials', '5'])).code).toBe(2);
  });

  it('draws a progress line on a terminal for a run over a second, and erases it', async () => {
    // `script` gives the CLI a pseudo-terminal; stdout goes to a file so only stderr is on it.
    const r = await shell(
      `script -qec "node bin/lockdemo.js counter --trials 4e6 --seed 1 --variant unlocked > /dev/null" /dev/null`,
    );
    expect(r.stdout).toMatch(/\r\x1b\[Kcounter › unlocked [\d,]+\/4,000,000 · [\d.]+[kM]? trials\/s · ETA \d+s/);
    // Redrawn in place, and erased at the end: the last thing on the terminal is an erase.
    expect(r.stdout.trimEnd().endsWith('\r\x1b[K')).toBe(true);
  });

  it('prints no progress line when stderr is not a terminal', async () => {
    const r = await lockdemo(['counter', '--trials', '4e6', '--seed', '1', '--variant', 'unlocked']);
    expect(r.stderr).toBe('');
  });
});
