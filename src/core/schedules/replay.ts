import { taskLetters } from '../scenario.js';
import { MAX_STEPS } from '../limits.js';
import { OBSERVE, type Picker } from './strategy.js';

/** Thrown when a replay string does not fit the scenario; the message says where and why. */
export class ReplayError extends Error {
  override name = 'ReplayError';
}

/**
 * A run of this many picks of one task or more is written `A*12` rather than `A A … A`: a trial
 * that spins (a livelock, a polling loop) until --max-steps would print ten thousand letters.
 * Shorter runs stay spelled out, as the lesson's replays are (`A A C B B C`).
 */
export const RUN_LENGTH_MIN = 8;

/**
 * The picks of a replay, run by run: `A*10000 B` holds two runs, not 10,001 picks, so a
 * replay string costs memory by its length, whatever count it names.
 */
export class ReplayPicks {
  /** Total steps. */
  readonly length: number;

  private constructor(
    private readonly tasks: readonly number[],
    /** Where each run ends: runs[i] covers the steps up to ends[i] (exclusive). */
    private readonly ends: readonly number[],
  ) {
    this.length = ends.length === 0 ? 0 : (ends[ends.length - 1] ?? 0);
  }

  /** One pick per step, as the library's `schedule: number[]` gives them. */
  static of(picks: readonly number[]): ReplayPicks {
    const runs: Array<[number, number]> = [];
    for (const task of picks) {
      const last = runs[runs.length - 1];
      if (last !== undefined && last[0] === task) last[1]++;
      else runs.push([task, 1]);
    }
    return ReplayPicks.runs(runs);
  }

  static runs(runs: ReadonlyArray<readonly [task: number, count: number]>): ReplayPicks {
    const tasks: number[] = [];
    const ends: number[] = [];
    let end = 0;
    for (const [task, count] of runs) {
      tasks.push(task);
      ends.push((end += count));
    }
    return new ReplayPicks(tasks, ends);
  }

  /** The task picked at each step, in order. */
  *[Symbol.iterator](): Iterator<number> {
    let step = 0;
    for (const [run, task] of this.tasks.entries()) {
      for (const end = this.ends[run] ?? 0; step < end; step++) yield task;
    }
  }
}

/** Follows a recorded schedule exactly, and says precisely where it stops fitting. */
export class ReplayPicker implements Picker {
  private position = 0;
  private readonly steps: Iterator<number>;
  private readonly length: number;

  constructor(schedule: ReplayPicks | readonly number[]) {
    this.steps = schedule[Symbol.iterator]();
    this.length = schedule.length;
  }

  pick(runnable: readonly number[], count: number): number {
    // Every task has returned: a string that ends here observes now (see OBSERVE).
    const observer = runnable[count - 1] === OBSERVE;
    if (observer && this.position >= this.length) return count - 1;
    const step = ++this.position;
    const next = this.steps.next();
    const task = next.done === true ? undefined : next.value;
    const choices = runnable
      .slice(0, observer ? count - 1 : count)
      .sort((a, b) => a - b)
      .map(taskLetters)
      .join(' ');
    if (task === undefined) {
      throw new ReplayError(
        `the replay string is too short: it ends after step ${step - 1}, but step ${step} must choose among ${choices}`,
      );
    }
    const index = runnable.indexOf(task);
    if (index < 0 || index >= (observer ? count - 1 : count)) {
      throw new ReplayError(`step ${step} picks ${taskLetters(task)}, which is not runnable there (runnable: ${choices})`);
    }
    return index;
  }

  /** Steps of the string not used by the trial. */
  get unused(): number {
    return Math.max(0, this.length - this.position);
  }
}

/** `A B A C` for the picks [0, 1, 0, 2]; a long run of one task as `A*12` (see RUN_LENGTH_MIN). */
export function formatSchedule(picks: readonly number[]): string {
  const words: string[] = [];
  for (let i = 0; i < picks.length;) {
    const task = picks[i] ?? 0;
    let end = i + 1;
    while (end < picks.length && picks[end] === task) end++;
    const letters = taskLetters(task);
    if (end - i >= RUN_LENGTH_MIN) words.push(`${letters}*${end - i}`);
    else for (let k = i; k < end; k++) words.push(letters);
    i = end;
  }
  return words.join(' ');
}

/**
 * Parses a replay string: task letters separated by spaces (`A B A C B C`), a run of one task
 * as `A*12`; `task_A` works too. Throws a ReplayError naming the first word that is not a task
 * of this run, or a count that is not one.
 */
export function parseSchedule(text: string, tasks: number): ReplayPicks {
  const tokens = text
    .trim()
    .split(/[\s,]+/)
    .filter((t) => t.length > 0);
  if (tokens.length === 0) throw new ReplayError('the replay string is empty; expected task letters such as "A B A C B C"');
  const runs: Array<[number, number]> = [];
  let steps = 0;
  for (const token of tokens) {
    const step = steps + 1;
    const match = /^(?:task_)?([A-Z]+)(?:\*(\d+))?$/i.exec(token);
    const letters = match?.[1];
    const count = match?.[2] === undefined ? 1 : Number(match[2]);
    if (letters === undefined || letters !== letters.toUpperCase() || !Number.isSafeInteger(count) || count < 1) {
      throw new ReplayError(
        `step ${step} of the replay string is "${token}"; expected a task letter such as A, or A*12 for twelve steps of A`,
      );
    }
    let id = 0;
    for (const ch of letters) id = id * 26 + (ch.charCodeAt(0) - 64);
    id -= 1;
    if (id >= tasks) {
      throw new ReplayError(`step ${step} names task ${letters}, but this run has ${tasks} tasks (A to ${taskLetters(tasks - 1)})`);
    }
    steps += count;
    if (steps > MAX_STEPS) {
      throw new ReplayError(`the replay string has more than ${MAX_STEPS.toLocaleString('en-US')} steps, more than any trial can take`);
    }
    runs.push([id, count]);
  }
  return ReplayPicks.runs(runs);
}
