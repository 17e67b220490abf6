/**
 * Replay strings with counted runs: `A*12` is twelve steps of A. A trial that spins to
 * --max-steps prints a few characters rather than ten thousand letters, and the string it prints
 * must replay exactly the same picks. The expected strings here are written out by hand.
 */
import { describe, expect, it } from 'vitest';
import { formatSchedule, parseSchedule, ReplayError, ReplayPicker, ReplayPicks, RUN_LENGTH_MIN } from '../../src/core/schedules/replay.js';

/** Every pick a parsed string gives, in order (the picker asked as a trial would ask it). */
function picksOf(schedule: ReplayPicks | readonly number[], tasks: number): number[] {
  const picker = new ReplayPicker(schedule);
  const all = Array.from({ length: tasks }, (_, i) => i);
  const out: number[] = [];
  while (picker.unused > 0) out.push(all[picker.pick(all, tasks)] ?? -1);
  return out;
}

const repeat = (task: number, n: number): number[] => Array<number>(n).fill(task);

describe('replay strings with counted runs', () => {
  it('counts a run of 8 or more steps of one task and spells out shorter ones', () => {
    expect(RUN_LENGTH_MIN).toBe(8);
    expect(formatSchedule(repeat(0, 7))).toBe('A A A A A A A');
    expect(formatSchedule(repeat(0, 8))).toBe('A*8');
    expect(formatSchedule([0, 0, ...repeat(1, 10), 2])).toBe('A A B*10 C');
    expect(formatSchedule([...repeat(26, 9), 0, 1, 0])).toBe('AA*9 A B A');
    expect(formatSchedule(repeat(1, 10_000))).toBe('B*10000');
    expect(formatSchedule([])).toBe('');
  });

  it('parses back to exactly the picks it was written from', () => {
    // Deterministic runs of every length around the threshold, over 30 tasks (two-letter names).
    let seed = 7;
    const next = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 200; round++) {
      const picks: number[] = [];
      for (let runs = 1 + next(6); runs > 0; runs--) picks.push(...repeat(next(30), 1 + next(12)));
      expect(picksOf(parseSchedule(formatSchedule(picks), 30), 30)).toEqual(picks);
    }
  });

  it('reads counts anywhere, with task_ names and commas, as the plain letters', () => {
    expect(picksOf(parseSchedule('A*3 B task_C*2, A', 3), 3)).toEqual([0, 0, 0, 1, 2, 2, 0]);
    expect(picksOf(parseSchedule('A*1', 2), 2)).toEqual([0]);
    expect(parseSchedule('B*1000000000', 2).length).toBe(1e9);
  });

  it('refuses a count that is not one, naming the step where it stands', () => {
    for (const [text, step] of [
      ['A*0', 1],
      ['A B*', 2],
      ['A A*3B', 2],
      ['a*3', 1],
      ['A*-2', 1],
      ['A*2.5', 1],
      ['A*3 *4', 4],
    ] as const) {
      expect(() => parseSchedule(text, 2), text).toThrow(ReplayError);
      expect(() => parseSchedule(text, 2), text).toThrow(new RegExp(`^step ${step} of the replay string is`));
    }
    expect(() => parseSchedule('A*5 C', 2)).toThrow('step 6 names task C, but this run has 2 tasks (A to B)');
    expect(() => parseSchedule('A*999999999 B*2', 2)).toThrow('more than 1,000,000,000 steps');
  });

  it('says how far a string reaches: too short, and the step that picks a task that is not runnable', () => {
    const picker = new ReplayPicker(parseSchedule('A*3', 2));
    expect(picker.pick([0, 1], 2)).toBe(0);
    expect(picker.pick([1, 0], 2)).toBe(1);
    expect(() => picker.pick([1], 1)).toThrow('step 3 picks A, which is not runnable there (runnable: B)');
    const short = new ReplayPicker(ReplayPicks.of([1]));
    short.pick([0, 1], 2);
    expect(() => short.pick([0, 1], 2)).toThrow('it ends after step 1, but step 2 must choose among A B');
  });
});
