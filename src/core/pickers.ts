import type { Picker } from './controlled-trial.js';
import type { Sfc32 } from './prng.js';
import { ScenarioError, taskLetters } from './scenario.js';

/** `random`: uniform among the runnable tasks. */
export class RandomPicker implements Picker {
  constructor(public rng: Sfc32) {}

  pick(_runnable: readonly number[], count: number): number {
    return count === 1 ? 0 : this.rng.below(count);
  }
}

/**
 * `pct`: Probabilistic Concurrency Testing (Burckhardt, Kothari, Musuvathi, Nagarakatte,
 * ASPLOS 2010). Each trial gives the n tasks random distinct priorities d..d+n−1 and picks
 * d−1 change points among the first k steps; the highest-priority runnable task always runs,
 * and at the j-th change point the task that just ran drops to priority j, below every initial
 * one. A bug that needs d ordering constraints is then found by each trial with probability at
 * least 1/(n·k^(d−1)).
 */
export class PctPicker implements Picker {
  private readonly priority: number[] = [];
  private readonly changeAt: number[] = [];
  private step = 0;

  constructor(
    public rng: Sfc32,
    private readonly tasks: number,
    private readonly depth: number,
    /** The number of steps a trial takes (k), as measured: change points fall in 1..k. */
    public steps: number,
  ) {}

  /** Draw this trial's priorities and change points from the stream. */
  startTrial(): void {
    this.step = 0;
    const order = Array.from({ length: this.tasks }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = this.rng.below(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let i = 0; i < this.tasks; i++) this.priority[order[i]!] = this.depth + i;
    this.changeAt.length = 0;
    for (let j = 1; j < this.depth; j++) this.changeAt.push(1 + this.rng.below(Math.max(1, this.steps)));
  }

  pick(runnable: readonly number[], count: number, previous: number): number {
    this.step++;
    for (let j = 0; j < this.changeAt.length; j++) {
      if (this.changeAt[j] === this.step && previous >= 0) this.priority[previous] = j + 1;
    }
    let best = 0;
    for (let i = 1; i < count; i++) {
      if (this.priority[runnable[i]!]! > this.priority[runnable[best]!]!) best = i;
    }
    return best;
  }

  /** The probability that one trial finds a given bug of depth d: 1/(n·k^(d−1)). */
  static guarantee(tasks: number, steps: number, depth: number): number {
    return 1 / (tasks * Math.max(1, steps) ** (depth - 1));
  }

  /** Trials needed so that a bug of depth d is found with probability 0.99. */
  static trialsFor99(p: number): number {
    return p >= 1 ? 1 : Math.ceil(Math.log(0.01) / Math.log(1 - p));
  }
}

interface Choice {
  /** Index into this step's options of the branch being explored. */
  taken: number;
  /** How many branches this step has (under the preemption bound). */
  options: number;
}

/**
 * `exhaustive`: every interleaving, by stateless depth-first search. Each trial replays the
 * current path from the start (the scenario is its own state, so nothing is saved), takes the
 * first option at every new step, and on return the deepest step with an untried option moves
 * on to it. With a preemption bound, switching away from a task that could have gone on costs
 * one preemption, and once the budget is spent only the running task may continue (CHESS).
 */
export class Explorer implements Picker {
  private readonly path: Choice[] = [];
  private depth = 0;
  private preemptions = 0;
  /** True once every interleaving has been explored. */
  exhausted = false;
  /** The probability of the current path under `random` (uniform among the ready): ∏ 1/|ready|. */
  pathProbability = 1;

  constructor(private readonly maxPreemptions = Infinity) {}

  startTrial(): void {
    this.depth = 0;
    this.preemptions = 0;
    this.pathProbability = 1;
  }

  pick(runnable: readonly number[], count: number, previous: number): number {
    this.pathProbability /= count;
    // The task that was running goes first among the options, so the first interleaving
    // explored is the one without preemptions.
    let own = -1;
    for (let i = 0; i < count; i++) if (runnable[i] === previous) own = i;
    const budgetSpent = own >= 0 && this.preemptions >= this.maxPreemptions;
    const options = budgetSpent ? 1 : count;
    let choice = this.path[this.depth];
    if (choice === undefined) {
      choice = { taken: 0, options };
      this.path.push(choice);
    } else if (choice.options !== options) {
      throw new ScenarioError(
        `the scenario is not deterministic: replaying the same interleaving offered ${options} choices at step ${this.depth + 1} instead of ${choice.options} (does it use Math.random or real time?)`,
      );
    }
    this.depth++;
    if (own < 0) return choice.taken;
    if (choice.taken === 0) return own;
    this.preemptions++;
    // Options after the first are the other runnable tasks in order.
    const other = choice.taken - 1;
    return other < own ? other : other + 1;
  }

  /** Move to the next interleaving; false when there is none left. */
  endTrial(): boolean {
    this.path.length = this.depth;
    while (this.path.length > 0) {
      const last = this.path[this.path.length - 1]!;
      if (last.taken + 1 < last.options) {
        last.taken++;
        return true;
      }
      this.path.pop();
    }
    this.exhausted = true;
    return false;
  }
}

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
    const choices = runnable.slice(0, count).sort((a, b) => a - b).map(taskLetters).join(' ');
    if (task === undefined) {
      throw new ReplayError(`the replay string is too short: it ends after step ${step - 1}, but step ${step} must choose among ${choices}`);
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
  const tokens = text.trim().split(/[\s,]+/).filter((t) => t.length > 0);
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
