/**
 * `outcomes: 'serializable'`: a scenario that does not list its outcomes allows exactly those
 * that some serial order of its tasks gives. lockdemo runs each of the n! orders with no
 * interleaving (each task runs from its start to its end before the next starts; an order in
 * which a task must wait for a later one cannot run so, and allows nothing) and allows what
 * they end with; any other outcome is a race, forbidden in a variant that forbids
 * races. Each allowed value is described by the first serial order that gives it.
 *
 * Work a task leaves running (a `void audit()`) is not waited for: once every task has
 * returned, the model observes either at once or after any step of that work (see OBSERVE), so
 * a serial order allows what it gives at each of those points, not only at the work's end. A
 * serial run the model can make is never called a race.
 */
import { isRunnerOutcome, type TrialValue } from './runner-outcomes.js';
import type { Picker } from './controlled-trial.js';
import { OBSERVE } from './schedules/strategy.js';
import { runWithPickers } from './engine-adapter.js';
import type { Outcome, RunParams, Scenario } from './scenario.js';
import { taskLetters, variantOf } from './scenario.js';
import { ScenarioError } from './scenario-error.js';

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
 * A serial order: each task runs from its start to its end before the next one starts. The
 * picker stays with the task in hand while it is ready (a yield, a sleep, a free lock keep it);
 * when it is not, it has ended or it blocked, and the next task in the order starts. A task
 * that blocked (a `t.wait` for what a later task provides, a lock a later task holds) and is
 * ready again later did not run to its end before the next one started: the order cannot run
 * serially, and its trial is {@link infeasible}, whatever value it ends with.
 *
 * Once every task has returned with work left running, each pick offers to observe (see
 * OBSERVE): the picker observes at offer number `observeAt`, and never when it is undefined
 * (the work runs to its end). {@link observeOffers} counts the offers made.
 */
export class SerialPicker implements Picker {
  private position = 0;
  /** Tasks the order has moved past: ended, or blocked. */
  private readonly left = new Set<number>();
  /** Set once a task the order moved past is ready again: this order is not a serial run. */
  infeasible = false;
  /** How many times this run was offered to observe before the work left running had ended. */
  observeOffers = 0;

  constructor(
    readonly order: readonly number[],
    readonly observeAt?: number,
  ) {}

  pick(runnable: readonly number[], count: number, previous: number): number {
    for (let i = 0; i < count; i++) {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- runnable[0..count) are task ids (and OBSERVE)
      if (this.left.has(runnable[i]!)) this.infeasible = true;
    }
    if (previous === OBSERVE) {
      // The observation is offered last: runnable[count - 1].
      if (this.observeOffers++ === this.observeAt) return count - 1;
      count--;
    }
    for (;;) {
      const current = this.order[this.position];
      if (current === undefined) return 0;
      const index = runnable.indexOf(current);
      if (index >= 0 && index < count) return index;
      this.left.add(current);
      this.position++;
    }
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
  // Every order runs the same program, trial 1's: the values they allow are graded against
  // every trial, so a setup that builds another program for another trial cannot be served.
  let readsTrial = false;
  // Nor can it serve a program that draws from Math.random: each trial draws other numbers.
  let drew = false;
  const run = (runs: SerialPicker[]) =>
    runWithPickers(
      scenario,
      variant,
      params,
      runs,
      resource,
      () => {
        readsTrial = true;
      },
      () => {
        drew = true;
      },
    );
  // Each order runs to its end first, which counts where it could have observed earlier; then
  // once for each of those points (the program is the same each time: trial 1's).
  const pickers = permutations(params.tasks).map((order) => new SerialPicker(order));
  const trials = await run(pickers);
  const early = pickers.flatMap((p) =>
    Array.from({ length: p.infeasible ? 0 : p.observeOffers }, (_, at) => new SerialPicker(p.order, at)),
  );
  if (early.length > 0) {
    trials.push(...(await run(early)));
    pickers.push(...early);
  }
  if (readsTrial) {
    throw new ScenarioError(
      `scenario "${scenario.name}": outcomes: 'serializable' grades every trial against the serial orders of one program, so setup must not read its trial index`,
    );
  }
  if (drew) {
    throw new ScenarioError(
      `scenario "${scenario.name}": outcomes: 'serializable' grades every trial against one program's serial orders, so its code must not draw from Math.random`,
    );
  }
  // Tasks that wait for one another (a barrier, a rendezvous) have no serial order at all: there
  // is nothing to compare a run with, so every value would be called a race. The scenario must
  // say which outcomes are right.
  if (pickers.every((picker) => picker.infeasible)) {
    throw new ScenarioError(
      `scenario "${scenario.name}": outcomes: 'serializable' found no serial order of ${variantName}: in every order a task waits for a later one, so declare its outcomes`,
    );
  }
  const byValue = new Map<TrialValue, { first: SerialPicker; orders: Set<string> }>();
  trials.forEach((trial, i) => {
    const picker = pickers[i];
    // runWithPickers gives one trial per picker, in order; an order in which a task blocked
    // until a later one ran is not serial, and allows nothing.
    if (picker === undefined || picker.infeasible) return;
    const entry = byValue.get(trial.value);
    if (entry === undefined) byValue.set(trial.value, { first: picker, orders: new Set([formatOrder(picker.order)]) });
    else entry.orders.add(formatOrder(picker.order));
  });
  // A serial order that deadlocks or throws gives a runner outcome, not a value: it is not
  // declared as allowed here, so the runner's own grading of it stands.
  const values = [...byValue].filter(
    (entry): entry is [number | string, { first: SerialPicker; orders: Set<string> }] => !isRunnerOutcome(entry[0]),
  );
  const outcomes: Outcome[] = values.map(([value, { first, orders }]) => {
    const order = `serial order ${formatOrder(first.order)}${first.observeAt !== undefined ? ', observed early' : ''}`;
    return { value, grade: 'correct', description: orders.size === 1 ? order : `${order}, and ${orders.size - 1} more` };
  });
  outcomes.push({ grade: 'race', description: 'no serial order gives this: a race' });
  return outcomes;
}
