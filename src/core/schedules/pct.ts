import type { Sfc32 } from '../prng.js';
import { OBSERVE, type Picker } from './strategy.js';

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
  /** A task had strands ready at once, whose other orders no pick here can choose (see Picker.strandsTogether). */
  strandOrdersUnexplored = false;

  constructor(
    public rng: Sfc32,
    private readonly tasks: number,
    private readonly depth: number,
    /** The number of steps a trial takes (k), as measured: change points fall in 1..k. */
    public steps: number,
  ) {}

  strandsTogether(): void {
    this.strandOrdersUnexplored = true;
  }

  /** Draw this trial's priorities and change points from the stream. */
  startTrial(): void {
    this.step = 0;
    const order = Array.from({ length: this.tasks }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = this.rng.below(i + 1);
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- i and j are below order.length
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- i < tasks = order.length, and priority has one entry per task
    for (let i = 0; i < this.tasks; i++) this.priority[order[i]!] = this.depth + i;
    this.changeAt.length = 0;
    for (let j = 1; j < this.depth; j++) this.changeAt.push(1 + this.rng.below(Math.max(1, this.steps)));
  }

  pick(runnable: readonly number[], count: number, previous: number): number {
    // The observation, offered once every task has returned: PCT observes at once, as the
    // runtimes do (its priorities are the tasks'; exhaustive explores both).
    if (runnable[count - 1] === OBSERVE) return count - 1;
    this.step++;
    for (let j = 0; j < this.changeAt.length; j++) {
      if (this.changeAt[j] === this.step && previous >= 0) this.priority[previous] = j + 1;
    }
    let best = 0;
    for (let i = 1; i < count; i++) {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- runnable[0..count) are task ids, and priority has one entry per task
      if (this.priority[runnable[i]!]! > this.priority[runnable[best]!]!) best = i;
    }
    return best;
  }

  /** The probability that one trial finds a given bug of depth d: 1/(n·k^(d−1)). */
  static guarantee(tasks: number, steps: number, depth: number): number {
    return 1 / (tasks * Math.max(1, steps) ** (depth - 1));
  }

  /** What a run says of PCT with k = `steps`: the guarantee and the trials for 99% confidence. */
  static info(tasks: number, steps: number, depth: number): { depth: number; steps: number; guarantee: number; trialsFor99: number } {
    const guarantee = PctPicker.guarantee(tasks, steps, depth);
    return { depth, steps, guarantee, trialsFor99: PctPicker.trialsFor99(guarantee) };
  }

  /** Trials needed so that a bug of depth d is found with probability 0.99. */
  static trialsFor99(p: number): number {
    return p >= 1 ? 1 : Math.ceil(Math.log(0.01) / Math.log(1 - p));
  }
}
