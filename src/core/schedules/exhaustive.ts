import { ScenarioError } from '../scenario.js';
import type { Picker } from './strategy.js';

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
  /**
   * True once `setup` has read its trial index. Every interleaving runs as trial 0 (one
   * program), so a setup that reads the index may build another program for other trials,
   * which the search never saw: its verdict then holds for trial 1's program only.
   */
  setupReadsTrial = false;
  /**
   * True once a task had two or more strands ready at once. Picks choose tasks, and a task's
   * strands resume oldest first, so the search never ran their other orders (any order of I/O
   * completions is possible in the model): its verdict is not a proof for this program.
   */
  strandOrdersUnexplored = false;
  /**
   * True once a trial's barrier could not watch every way to process.nextTick (see
   * Picker.ticksUnwatched): a wake-up queued through a reference taken before lockdemo loaded
   * may have come after its pick, so the verdict is not a proof.
   */
  nextTicksUnwatched = false;

  constructor(private readonly maxPreemptions = Infinity) {}

  strandsTogether(): void {
    this.strandOrdersUnexplored = true;
  }

  ticksUnwatched(): void {
    this.nextTicksUnwatched = true;
  }

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
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the loop runs while the path is not empty
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
