import type { TrialValue } from './runner-outcomes.js';

/** What the engine (controlled-trial.ts) shares with the trial loop, traces and tallies. */

/** What a traced trial reports; see trace.ts. Absent on the fast path. */
export interface TrialTracer {
  /** A scheduling step is about to hand the baton to `task` (step numbers start at 1). */
  step(step: number, task: number): void;
  event(task: number, text: string): void;
  /** Wraps the state so reads and writes are recorded, attributed to `running()`. */
  wrapState<S>(state: S, running: () => number): S;
}

/** How a trial ended: the observed value, or one of the outcomes the runner itself produces. */
export type TrialEnd = (value: TrialValue) => void;

export { DEFAULT_MAX_STEPS } from './limits.js';

/**
 * How long the real I/O of a controlled trial (`t.io`) may take, from its first operation,
 * when the run gives no timeout: the default of `--timeout`.
 */
export const DEFAULT_IO_TIMEOUT_MS = 5000;

/** The state of a task (DESIGN "The execution model"), one per task, held explicitly. */
export const TaskState = {
  READY: 0,
  RUNNING: 1,
  BLOCKED_LOCK: 2,
  BLOCKED_WAIT: 3,
  SLEEPING: 4,
  DONE: 5,
  /** Blocked on real I/O (`t.io`) until every operation of the trial in flight has finished. */
  BLOCKED_IO: 6,
} as const;
export type TaskState = (typeof TaskState)[keyof typeof TaskState];

/** The picks of the trial in flight, kept without reallocating from trial to trial. */
export class PickLog {
  readonly items: number[] = [];
  size = 0;

  push(task: number): void {
    this.items[this.size++] = task;
  }

  clear(): void {
    this.size = 0;
  }

  toArray(): number[] {
    return this.items.slice(0, this.size);
  }
}
