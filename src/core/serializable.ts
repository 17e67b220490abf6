/**
 * `outcomes: 'serializable'`: a scenario that does not list its outcomes allows exactly those
 * that some serial order of its tasks gives. lockdemo runs each of the n! orders with no
 * interleaving (a task runs until it ends or blocks, the earliest in the order first) and
 * allows what they end with; any other outcome is a race, forbidden in a variant that forbids
 * races. Each allowed value is described by the first serial order that gives it.
 */
import { isRunnerOutcome, type TrialValue } from './runner-outcomes.js';
import type { Picker } from './controlled-trial.js';
import { runWithPickers } from './engine-adapter.js';
import type { Outcome, RunParams, Scenario } from './scenario.js';
import { taskLetters, variantOf } from './scenario.js';

/** The value of `outcomes` that asks for serializability. */
export const SERIALIZABLE = 'serializable';

/** Most tasks a serializable scenario may have: 8! = 40,320 serial orders. */
export const MAX_SERIAL_TASKS = 8;

export function isSerializable<S, R>(scenario: Scenario<S, R>): boolean {
  return scenario.outcomes === SERIALIZABLE;
}

/** The one-line refusal above MAX_SERIAL_TASKS tasks, or undefined when the count is fine. */
export function serialTaskLimit<S, R>(scenario: Scenario<S, R>, tasks: number): string | undefined {
  if (!isSerializable(scenario) || tasks <= MAX_SERIAL_TASKS) return undefined;
  return `outcomes: 'serializable' runs every serial order of the tasks, so it allows at most ${MAX_SERIAL_TASKS} tasks (8! = 40,320 orders); this run has ${tasks}`;
}

/**
 * A serial order: the runnable task that comes first in `order` always goes next, so a task
 * runs until it ends (or blocks, when another task must act first).
 */
export class SerialPicker implements Picker {
  private readonly rank: number[] = [];

  constructor(readonly order: readonly number[]) {
    order.forEach((task, position) => {
      this.rank[task] = position;
    });
  }

  pick(runnable: readonly number[], count: number): number {
    let best = 0;
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- runnable[0..count) are task ids, and rank has one entry per task
    for (let i = 1; i < count; i++) if (this.rank[runnable[i]!]! < this.rank[runnable[best]!]!) best = i;
    return best;
  }
}

/** Every permutation of 0..n-1, in lexicographic order. */
export function permutations(n: number): number[][] {
  const out: number[][] = [];
  const current: number[] = [];
  const used = new Array<boolean>(n).fill(false);
  const extend = (): void => {
    if (current.length === n) {
      out.push([...current]);
      return;
    }
    for (let i = 0; i < n; i++) {
      if (used[i]) continue;
      used[i] = true;
      current.push(i);
      extend();
      current.pop();
      used[i] = false;
    }
  };
  extend();
  return out;
}

/** "A B C": the tasks in the order they run, as in a replay string. */
export function formatOrder(order: readonly number[]): string {
  return order.map(taskLetters).join(' ');
}

/**
 * The outcomes of one variant: each value some serial order gives is correct (described by
 * the first order that gives it, and how many others do), anything else is a race.
 */
export async function serialOutcomes<S, R>(
  scenario: Scenario<S, R>,
  variantName: string,
  params: RunParams,
  resource: R | undefined,
): Promise<Outcome[]> {
  const refusal = serialTaskLimit(scenario, params.tasks);
  if (refusal !== undefined) throw new RangeError(refusal);
  const variant = variantOf(scenario, variantName);
  const orders = permutations(params.tasks);
  const trials = await runWithPickers(
    scenario,
    variant,
    params,
    orders.map((order) => new SerialPicker(order)),
    resource,
  );
  const byValue = new Map<TrialValue, { first: readonly number[]; count: number }>();
  trials.forEach((trial, i) => {
    const entry = byValue.get(trial.value);
    const order = orders[i];
    // runWithPickers gives one trial per order, in order.
    if (order === undefined) return;
    if (entry === undefined) byValue.set(trial.value, { first: order, count: 1 });
    else entry.count++;
  });
  // A serial order that deadlocks or throws gives a runner outcome, not a value: it is not
  // declared as allowed here, so the runner's own grading of it stands.
  const values = [...byValue].filter(
    (entry): entry is [number | string, { first: readonly number[]; count: number }] => !isRunnerOutcome(entry[0]),
  );
  const outcomes: Outcome[] = values.map(([value, { first, count }]) => ({
    value,
    grade: 'correct',
    description: count === 1 ? `serial order ${formatOrder(first)}` : `serial order ${formatOrder(first)}, and ${count - 1} more`,
  }));
  outcomes.push({ grade: 'race', description: 'no serial order gives this: a race' });
  return outcomes;
}
