import { taskLetters } from '../scenario.js';
import type { Picker } from './strategy.js';

/** Thrown when a replay string does not fit the scenario; the message says where and why. */
export class ReplayError extends Error {
  override name = 'ReplayError';
}

/** Follows a recorded schedule exactly, and says precisely where it stops fitting. */
export class ReplayPicker implements Picker {
  private position = 0;

  constructor(private readonly schedule: readonly number[]) {}

  pick(runnable: readonly number[], count: number): number {
    const step = this.position + 1;
    const task = this.schedule[this.position++];
    const choices = runnable
      .slice(0, count)
      .sort((a, b) => a - b)
      .map(taskLetters)
      .join(' ');
    if (task === undefined) {
      throw new ReplayError(
        `the replay string is too short: it ends after step ${step - 1}, but step ${step} must choose among ${choices}`,
      );
    }
    const index = runnable.indexOf(task);
    if (index < 0 || index >= count) {
      throw new ReplayError(`step ${step} picks ${taskLetters(task)}, which is not runnable there (runnable: ${choices})`);
    }
    return index;
  }

  /** Steps of the string not used by the trial. */
  get unused(): number {
    return this.schedule.length - this.position;
  }
}

/** `A B A C` for the picks [0, 1, 0, 2]. */
export function formatSchedule(picks: readonly number[]): string {
  return picks.map(taskLetters).join(' ');
}

/**
 * Parses a replay string: task letters separated by spaces (`A B A C B C`); `task_A` works too.
 * Throws a ReplayError naming the first token that is not a task of this run.
 */
export function parseSchedule(text: string, tasks: number): number[] {
  const tokens = text
    .trim()
    .split(/[\s,]+/)
    .filter((t) => t.length > 0);
  if (tokens.length === 0) throw new ReplayError('the replay string is empty; expected task letters such as "A B A C B C"');
  return tokens.map((token, i) => {
    const letters = token.replace(/^task_/i, '');
    if (!/^[A-Z]+$/.test(letters)) {
      throw new ReplayError(`step ${i + 1} of the replay string is "${token}"; expected a task letter such as A`);
    }
    let id = 0;
    for (const ch of letters) id = id * 26 + (ch.charCodeAt(0) - 64);
    id -= 1;
    if (id >= tasks) {
      throw new ReplayError(`step ${i + 1} names task ${letters}, but this run has ${tasks} tasks (A to ${taskLetters(tasks - 1)})`);
    }
    return id;
  });
}
