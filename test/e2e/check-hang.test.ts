/**
 * A trial of `lockdemo check` that never comes back: bounded as a run bounds it, and named as
 * the run names it (the schedule that ran it, its place there, the replay that hangs again).
 * Each fixture busy-waits 3 s against --timeout 1000, far past either bound on any machine, and 1000 ms is far more than a trial that does come back takes on a loaded one.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockdemo, shell, type Result } from './run-built.js';

const dir = mkdtempSync(join(tmpdir(), 'lockdemo-check-hang-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The output with its lines joined where they were wrapped (a trailing `\` or a replay on the next line). */
function joined(r: Result): string {
  return r.stdout.replace(/\\\n\s*/g, '').replace(/replay:\n\s*/g, 'replay: ');
}

/** The command after `replay:`, as a shell would take it. */
function replayOf(text: string): string[] {
  const line = /replay: lockdemo (.*)$/m.exec(text)?.[1];
  if (line === undefined) throw new Error(`no replay line in:\n${text}`);
  return (line.match(/"[^"]*"|\S+/g) ?? []).map((word) => word.replace(/^"|"$/g, ''));
}

describe.concurrent('check: a trial that does not come back', () => {
  it('fails its variant, as the run does, at the interleaving the run names, with the replay that hangs', async () => {
    const fixture = 'test/fixtures/check-busy-hang.mjs';
    const [check, run] = await Promise.all([
      lockdemo(['check', fixture, '--timeout', '1000', '--junit', join(dir, 'hang.xml')]),
      lockdemo([fixture, '--schedule', 'exhaustive', '--timeout', '1000']),
    ]);
    // The run, the reference: the hang is interleaving 4, "B B A A".
    expect(run.code).toBe(1);
    expect(run.stdout.replace(/\\\n\s*/g, '').replace(/replay:\n\s*/g, 'replay: ')).toContain(
      `first forbidden: interleaving 4, replay: lockdemo ${fixture} --timeout 1000 --variant guarded --replay "B B A A"`,
    );
    const text = joined(check);
    expect(check.code, check.stdout + check.stderr).toBe(1);
    expect(text).toMatch(/^FAIL {2}busy-hang › guarded {2}exhaustive {2}no figures \(races forbidden\)$/m);
    expect(text).toContain('stopped: interleaving 4 did not come back within 1000 ms, and a check');
    expect(text).toContain(`replay: lockdemo ${fixture} --timeout 1000 --variant guarded --replay "B B A A"\n`);
    // The JUnit report, which CI shows, names it alike, with the replay.
    const xml = readFileSync(join(dir, 'hang.xml'), 'utf8');
    expect(xml).toContain('<failure type="hang" message="interleaving 4 did not come back within 1000 ms, and a check cannot go past it">');
    expect(xml).toContain(`replay: lockdemo ${fixture} --timeout 1000 --variant guarded --replay &quot;B B A A&quot;</failure>`);
    const replay = await lockdemo(replayOf(text));
    expect(replay.stdout.replace(/\s+/g, ' ')).toContain('the trial did not come back within 1000 ms and was stopped from outside');
  }, 60_000);

  it('is named under the schedule that ran it: random trial 38, after a search of trial 1’s program', async () => {
    const fixture = 'test/fixtures/check-busy-trial.mjs';
    const [check, json] = await Promise.all([
      lockdemo(['check', fixture, '--timeout', '1000']),
      lockdemo(['check', fixture, '--timeout', '1000', '--json']),
    ]);
    const text = joined(check);
    expect(check.code, check.stdout + check.stderr).toBe(1);
    expect(text).toMatch(/^FAIL {2}busy-trial › guarded {2}random {6}no figures \(races forbidden\)$/m);
    expect(text).toContain('stopped: trial 38 did not come back within 1000 ms');
    expect(text).toMatch(/replay: lockdemo \S+ --timeout 1000 --variant guarded --replay "[AB ]+" --replay-trial 38\n/);
    const [result] = (JSON.parse(json.stdout) as { results: Array<Record<string, unknown>> }).results;
    expect(result).toMatchObject({ schedule: 'random', explored: 38, stopped: { trial: 38, limitMs: 1000 } });
    expect(result?.['replay']).toBe(/replay: (lockdemo .*)$/m.exec(text)?.[1]);
    const replay = await lockdemo(replayOf(text));
    expect(replay.stdout.replace(/\s+/g, ' ')).toContain('the trial did not come back within 1000 ms and was stopped from outside');
  }, 60_000);

  it('a re-run of the analysis after the trials (--ablate) that hangs leaves the analysis out, not the verdict, as a run does', async () => {
    const fixture = 'test/fixtures/check-ablate-hang.mjs';
    const [check, run] = await Promise.all([
      lockdemo(['check', fixture, '--ablate', '--timeout', '1000']),
      lockdemo([fixture, '--schedule', 'exhaustive', '--ablate', '--timeout', '1000']),
    ]);
    const leftOut =
      'the analysis after the trials (smallest race, --ablate) was left out: one of its re-runs did not come back within --timeout';
    expect(run.code).toBe(0);
    expect(run.stdout.replace(/\n\s+/g, ' ')).toContain(leftOut);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toMatch(/^PASS {2}ablate-hang › locked {2}exhaustive {2}races 0\/4 interleavings/);
    expect(check.stdout.replace(/\n\s+/g, ' ')).toContain(leftOut);
    expect(check.stdout).not.toContain('stopped:');
  }, 60_000);

  it('a `close` that never settles is the one error: the variant’s true result, then the close line (exit 3)', async () => {
    const r = await lockdemo(['check', 'test/fixtures/check-close-never.mjs']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^PASS {2}close-never › unlocked {2}exhaustive {2}races 4\/6 interleavings/);
    expect(r.stdout).not.toContain('stopped:');
    expect(r.stderr).toBe('lockdemo: scenario "close-never": the scenario did not come back within 2000 ms in "close"\n');
  }, 60_000);

  it('a FAIL keeps its exit 1 when the reader goes away (`| head -1`), as a run’s does', async () => {
    // The failing variant's line comes first; the slow one runs for seconds after head has gone.
    const r = await shell(
      `"${process.execPath}" bin/lockdemo.js check test/fixtures/check-fail-then-slow.mjs --trials 5000 | head -1; echo "status \${PIPESTATUS[0]}"`,
    );
    expect(r.stdout).toMatch(/^FAIL {2}fail-then-slow › fails .*\nstatus 1\n$/);
  }, 60_000);
});
