/**
 * A printed replay command replays the trial as it was: a `setup` that uses its `trial` index
 * (uses-trial.mjs: odd trials run unlocked, even ones locked) gets the index the trial had in
 * the run, through --replay-trial, whatever the sampled schedule.
 */
import { describe, expect, it } from 'vitest';
import { lockdemoInProcess } from './run-built.js';

const FIXTURE = 'test/fixtures/hostile/uses-trial.mjs';

interface Report {
  variants: Array<{ firstRace?: { trial: number; value: number; schedule: string } }>;
}

/** The words of a printed command line, its wrapped lines joined, quotes removed. */
function words(command: string): string[] {
  return [...command.replace(/ \\\n\s+/g, ' ').matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

describe('--replay-trial', () => {
  it.each([['random'], ['pct']])('the first race printed by a %s run replays as that trial', async (schedule) => {
    const args = [FIXTURE, '--schedule', schedule, '--trials', '20', '--seed', '5'];
    const json = await lockdemoInProcess([...args, '--json']);
    const first = (JSON.parse(json.stdout) as Report).variants[0]?.firstRace;
    // Trial 1 (index 0) is even and locked: the first race is a later trial, whose index matters.
    expect(first?.trial).toBeGreaterThan(1);
    expect(first?.value).toBe(1);
    const text = await lockdemoInProcess(args);
    const printed = /first race: trial [\d,]+, replay: (lockdemo(?:\\\n|[^\n])*)/.exec(text.stdout)?.[1] ?? '';
    const command = words(printed);
    expect(command.slice(-2)).toEqual(['--replay-trial', String(first?.trial)]);
    expect(command).toContain(first?.schedule);
    // The printed command, run as printed, gives the trial's value.
    const again = await lockdemoInProcess(command.slice(1));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/result 1 — race: one lost/);
    // The reproduce line of the replay carries the trial too.
    expect(again.stdout).toMatch(new RegExp(`--replay "${first?.schedule}" --replay-trial ${first?.trial}\\n$`));
    // A coverage total is the count of trial 1's interleavings: never claimed below what was seen.
    const coverage = /coverage: (\d+) distinct interleavings in [\d,]+ trials(?:, [\d.]+% of all (\d+))?/.exec(text.stdout);
    expect(coverage).not.toBeNull();
    if (coverage?.[2] !== undefined) expect(Number(coverage[1])).toBeLessThanOrEqual(Number(coverage[2]));
    // As trial 1 (locked) the same string does not fit the program: the index mattered.
    const asFirst = await lockdemoInProcess(command.slice(1, -2));
    expect(asFirst.code).toBe(2);
    expect(asFirst.stderr).toMatch(/--replay does not fit uses-trial/);
  });

  it('--replay --json reports the value of the trial it ran as', async () => {
    const r = await lockdemoInProcess([FIXTURE, '--variant', 'only', '--replay', 'A B A B', '--replay-trial', '2', '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { value: number }).value).toBe(1);
  });

  it('is refused without --replay, and for a trial number below 1', async () => {
    const alone = await lockdemoInProcess(['counter', '--replay-trial', '2']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toBe('lockdemo: --replay-trial says which trial a --replay runs as: give --replay too\n');
    expect((await lockdemoInProcess([FIXTURE, '--variant', 'only', '--replay', 'A B A B', '--replay-trial', '0'])).code).toBe(2);
  });
});
