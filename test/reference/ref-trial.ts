/**
 * One trial of a scenario under the reference model, written from DESIGN.md "The execution
 * model" and the README's scenario contract only; it shares no code with src/core.
 *
 * Obviously correct rather than fast: after every pick the whole microtask queue drains (an
 * awaited setImmediate) before the ready set is computed. Since every task other than the one
 * picked is gated behind a promise that only this loop resolves, the picked task's segment is
 * all that runs during a drain, and how many microtask hops it takes cannot matter. Whatever the
 * segment settled or released has flipped the woken task's state by the end of the drain, so a
 * woken task is a candidate at the very next pick.
 *
 * Points: a task's start, t.yield(), t.sleep(ms) (time is not modelled: a sleeper is ready at
 * once), acquiring a held lock, t.wait(p) on a promise that has not settled when t.wait is
 * called, t.io(operation). Not points: a free acquire, release, t.wait on a settled promise, the
 * task's own awaits.
 *
 * Real I/O (`t.io`), as the README states it: the task is blocked on its operation; before the
 * next pick every operation in flight is awaited to its end (in real time), and then the tasks
 * whose operations ended are woken, in the order the operations were started, like tasks whose
 * `t.wait` promise settled.
 */
import { types } from 'node:util';
import { RefLock, type RefLockHost } from './ref-lock.js';

export type ObservedValue = number | string;

/** How a reference trial ended: the scenario's value or one of the runner's own outcomes. */
export type RefOutcome =
  | { kind: 'value'; value: ObservedValue }
  | { kind: 'deadlock' }
  | { kind: 'error'; message: string }
  | { kind: 'stalled'; task: number }
  | { kind: 'step-limit' };

/** The task context the reference hands to a scenario (the README's table of doors). */
export interface RefContext {
  readonly id: number;
  readonly label: string;
  yield(): Promise<void>;
  sleep(ms: number): Promise<void>;
  wait<T>(promise: PromiseLike<T>): Promise<T>;
  io<T>(operation: PromiseLike<T> | (() => T | PromiseLike<T>)): Promise<T>;
  readonly lock: RefLock;
  lockNamed(name: string): RefLock;
  /** The deprecated old name of lockNamed. */
  newLock(name: string): RefLock;
}

/** What the reference needs of a scenario module (checked by load-scenario.ts). */
export interface RefScenario {
  name: string;
  tasks: number;
  options?: Record<string, { default?: string }>;
  open?: (params: RunParams) => unknown;
  close?: (resource: unknown) => unknown;
  setup: (params: RunParams & { trial: number; resource: unknown }) => unknown;
  variants: Record<string, { run: (state: unknown, t: RefContext) => Promise<void> }>;
  observe: (state: unknown, params: RunParams) => ObservedValue | Promise<ObservedValue>;
}

export interface RunParams {
  tasks: number;
  options: Readonly<Record<string, string | undefined>>;
}

type TaskState = 'ready' | 'running' | 'blocked-lock' | 'blocked-promise' | 'blocked-io' | 'done';

interface RefTask {
  state: TaskState;
  /** When the task last became ready, for the FIFO order of {@link Chooser}'s second argument. */
  readyAt: number;
  /** What the scheduler calls when it picks this task. */
  resume: (() => void) | undefined;
}

/**
 * Picks one of the ready task ids. `ready` is sorted by id; `fifo` holds the same ids in the
 * order they became ready, as asyncio's ready queue would: tasks start in id order, a wake-up
 * (a lock handed over, a waited promise settled) queues the woken task when it is seen, and a
 * task that yields queues behind every wake-up its own segment caused (in CPython those were
 * queued before the yield ends the segment; here some are seen a microtask later, so the yielding
 * task is queued after the drain).
 */
export type Chooser = (ready: readonly number[], fifo: readonly number[]) => number;

export interface RefTrial {
  outcome: RefOutcome;
  /** The task picked at each scheduling point, starts included. */
  picks: number[];
}

const drain = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** `task_A` ... `task_Z`; the fixtures never need more. */
export const labelOf = (id: number): string => `task_${String.fromCharCode(65 + id)}`;

export async function runReferenceTrial(
  scenario: RefScenario,
  variant: string,
  params: RunParams & { resource: unknown },
  choose: Chooser,
  maxSteps: number,
): Promise<RefTrial> {
  const run = scenario.variants[variant]?.run;
  if (run === undefined) throw new Error(`no variant ${variant} in ${scenario.name}`);
  const tasks: RefTask[] = [];
  const picks: number[] = [];
  let current = -1;
  let failure: string | undefined;
  let clock = 0;

  const block = (id: number, state: 'blocked-lock' | 'blocked-promise' | 'blocked-io', resume: () => void): void => {
    const task = tasks[id]!;
    if (id !== current || task.state !== 'running') throw new Error(`${labelOf(id)} blocked while not running`);
    task.state = state;
    task.resume = resume;
  };
  const wake = (id: number): void => {
    const task = tasks[id]!;
    if (task.state === 'blocked-lock' || task.state === 'blocked-promise' || task.state === 'blocked-io') {
      task.state = 'ready';
      task.readyAt = ++clock;
    }
  };
  const park = (id: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const task = tasks[id]!;
      if (id !== current || task.state !== 'running') throw new Error(`${labelOf(id)} parked twice in one segment`);
      task.state = 'ready';
      task.resume = resolve;
    });
  const waitFor = <T>(id: number, promise: PromiseLike<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      let settled: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
      let blocked = false;
      const deliver = (): void => {
        if (settled === undefined) throw new Error('delivered before settling');
        if (settled.ok) resolve(settled.value);
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on the awaited promise's own rejection reason unchanged, as `await` does
        else reject(settled.error);
      };
      const onSettled = (result: typeof settled): void => {
        settled = result;
        if (blocked) wake(id);
      };
      // A native promise, of Promise or of a subclass that keeps Promise's own `then`, gets the
      // reaction straight from that `then` (queued at once if it has settled); Promise.resolve
      // would adopt a subclass's instance with extra microtasks, as any other thenable.
      // eslint-disable-next-line @typescript-eslint/unbound-method -- applied below to a native promise, never called unbound
      const ownThen = Promise.prototype.then;
      const native = types.isPromise(promise) && promise.then === ownThen;
      void Reflect.apply(ownThen, native ? promise : Promise.resolve(promise), [
        (value: T) => onSettled({ ok: true, value }),
        (error: unknown) => onSettled({ ok: false, error }),
      ]);
      // Queued after the reaction above, so the reaction runs first exactly when the promise had
      // already settled at the call (a pending promise queues its reaction only when it settles,
      // behind this probe): a settled promise is not a scheduling point.
      void Promise.resolve()
        .then(() => {
          if (settled !== undefined) {
            deliver();
            return;
          }
          blocked = true;
          block(id, 'blocked-promise', deliver);
        })
        .catch((error: unknown) => {
          failure ??= messageOf(error);
        });
    });

  /** The `t.io` operations started since the last pick, in start order; each settles `done`. */
  let operations: Array<{ id: number; done: Promise<void> }> = [];
  const ioFor = <T>(id: number, operation: PromiseLike<T> | (() => T | PromiseLike<T>)): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      let result: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
      const started = typeof operation === 'function' ? new Promise<T>((ok) => ok(operation())) : Promise.resolve(operation);
      const done = started.then(
        (value) => {
          result = { ok: true, value };
        },
        (error: unknown) => {
          result = { ok: false, error };
        },
      );
      operations.push({ id, done });
      block(id, 'blocked-io', () => {
        if (result === undefined) throw new Error('delivered before the operation ended');
        if (result.ok) resolve(result.value);
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on the operation's own rejection reason unchanged, as `await` does
        else reject(result.error);
      });
    });

  const host: RefLockHost = { current: () => current, block: (id, resume) => block(id, 'blocked-lock', resume), wake };
  const locks = new Map<string, RefLock>();
  const defaultLock = new RefLock('lock', host);
  const named = (name: string): RefLock => {
    let lock = locks.get(name);
    if (lock === undefined) locks.set(name, (lock = new RefLock(name, host)));
    return lock;
  };

  let state: unknown;
  try {
    state = await scenario.setup({ ...params, trial: 0 });
  } catch (error) {
    return { outcome: { kind: 'error', message: messageOf(error) }, picks };
  }
  for (let id = 0; id < params.tasks; id++) {
    const t: RefContext = {
      id,
      label: labelOf(id),
      yield: () => park(id),
      sleep: () => park(id),
      wait: (promise) => waitFor(id, promise),
      io: (operation) => ioFor(id, operation),
      lock: defaultLock,
      lockNamed: named,
      newLock: named,
    };
    const task: RefTask = { state: 'ready', readyAt: ++clock, resume: undefined };
    task.resume = () => {
      Promise.resolve()
        .then(() => run(state, t))
        .then(
          () => {
            task.state = 'done';
            task.resume = undefined;
          },
          (error: unknown) => {
            failure ??= messageOf(error);
          },
        );
    };
    tasks.push(task);
  }

  for (;;) {
    await drain();
    // The task that ran queues behind whatever its segment woke (see Chooser).
    if (current >= 0 && tasks[current]!.state === 'ready') tasks[current]!.readyAt = ++clock;
    // Real I/O: wait for all of it, then wake its tasks in start order (see the header).
    while (operations.length > 0) {
      const ended = operations;
      operations = [];
      await Promise.all(ended.map((o) => o.done));
      for (const o of ended) wake(o.id);
      await drain();
    }
    if (failure !== undefined) return { outcome: { kind: 'error', message: failure }, picks };
    const stalled = tasks.findIndex((task) => task.state === 'running');
    if (stalled >= 0) return { outcome: { kind: 'stalled', task: stalled }, picks };
    const ready = tasks.flatMap((task, id) => (task.state === 'ready' ? [id] : []));
    if (ready.length === 0) {
      // A deadlock needs a task blocked on a lock (whose holder is known). With only promises
      // waited for, nothing shows who would settle them (another task, or a real timer): stalled.
      if (tasks.some((task) => task.state === 'blocked-lock')) return { outcome: { kind: 'deadlock' }, picks };
      const waiting = tasks.findIndex((task) => task.state !== 'done');
      if (waiting >= 0) return { outcome: { kind: 'stalled', task: waiting }, picks };
      try {
        return { outcome: { kind: 'value', value: await scenario.observe(state, params) }, picks };
      } catch (error) {
        return { outcome: { kind: 'error', message: messageOf(error) }, picks };
      }
    }
    if (picks.length >= maxSteps) return { outcome: { kind: 'step-limit' }, picks };
    const fifo = [...ready].sort((a, b) => tasks[a]!.readyAt - tasks[b]!.readyAt);
    const id = choose(ready, fifo);
    const task = tasks[id];
    if (task === undefined || task.state !== 'ready' || task.resume === undefined) throw new Error(`picked ${id}, not ready`);
    picks.push(id);
    current = id;
    task.state = 'running';
    const resume = task.resume;
    task.resume = undefined;
    resume();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
