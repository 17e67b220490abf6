/**
 * Locks that matter: for a variant that passes, remove each of its locks in turn and re-run
 * the proof. A lock is *necessary* when a forbidden outcome appears without it (reported with
 * its smallest replay), and *not needed here* when the search finds none.
 *
 * A lock is removed by handing the tasks, in its place, a lock that excludes nobody: acquire
 * and run() never wait, release() does nothing. Everything else the tasks do is unchanged.
 */
import { boundedSearch, DEFAULT_SEARCH_BUDGET } from './bounded-search.js';
import type { LockAblation, VariantAblation } from './extras-types.js';
import { Lock, SHARED_LOCK } from './lock.js';
import { replayTrial, runScenario } from './run-scenario.js';
import { trialOneOnly } from './run-report.js';
import { defineScenario, type IoOperation, type Scenario, type TaskContext, type Variant } from './scenario.js';

/** How the shared lock `t.lock` is named; named locks go by the name given to `t.lockNamed`. */
export { SHARED_LOCK };

/** A lock that excludes nobody: what a task gets in place of a removed lock. */
export class NoLock extends Lock {
  override acquire(): Promise<void> {
    return Promise.resolve();
  }

  override tryAcquire(): boolean {
    return true;
  }

  override release(): void {}

  override async run<T>(fn: () => T | PromiseLike<T>): Promise<T> {
    // Called synchronously, as a free lock's run() is: the same scheduling points as before.
    return await fn();
  }
}

/** The task context with some locks replaced; `seen` collects every lock the task asked for. */
class RewiredContext implements TaskContext {
  constructor(
    private readonly inner: TaskContext,
    private readonly removed: ReadonlySet<string>,
    private readonly seen: Set<string> | undefined,
  ) {}

  get id(): number {
    return this.inner.id;
  }

  get label(): string {
    return this.inner.label;
  }

  yield(): Promise<void> {
    return this.inner.yield();
  }

  sleep(ms: number): Promise<void> {
    return this.inner.sleep(ms);
  }

  wait<T>(promise: PromiseLike<T>): Promise<T> {
    return this.inner.wait(promise);
  }

  io<T>(operation: IoOperation<T>): Promise<T> {
    return this.inner.io(operation);
  }

  get lock(): Lock {
    this.seen?.add(SHARED_LOCK);
    return this.removed.has(SHARED_LOCK) ? new NoLock(SHARED_LOCK) : this.inner.lock;
  }

  lockNamed(name: string): Lock {
    this.seen?.add(name);
    return this.removed.has(name) ? new NoLock(name) : this.inner.lockNamed(name);
  }

  /** @deprecated The old name of lockNamed, so that a scenario still using it is rewired too. */
  newLock(name: string): Lock {
    return this.lockNamed(name);
  }
}

function rewire<S, R>(scenario: Scenario<S, R>, removed: ReadonlySet<string>, seen?: Set<string>): Scenario<S, R> {
  const variants: Record<string, Variant<S>> = {};
  for (const [name, variant] of Object.entries(scenario.variants)) {
    variants[name] = { ...variant, run: (state, t) => variant.run(state, new RewiredContext(t, removed, seen)) };
  }
  const { outcomes, ...rest } = scenario;
  return outcomes === 'serializable' ? defineScenario({ ...rest, variants, outcomes }) : defineScenario({ ...rest, variants, outcomes });
}

/** The scenario with one lock removed from every variant (`--remove-lock`). */
export function withoutLock<S, R>(scenario: Scenario<S, R>, lock: string): Scenario<S, R> {
  return withoutLocks(scenario, [lock]);
}

/** The scenario with these locks removed from every variant. */
function withoutLocks<S, R>(scenario: Scenario<S, R>, locks: readonly string[]): Scenario<S, R> {
  return rewire(scenario, new Set(locks));
}

export interface AblateOptions {
  variant: string;
  tasks?: number;
  options?: Readonly<Record<string, string | undefined>>;
  /** Interleavings per lock over all preemption bounds. Default 200,000. */
  budget?: number;
  /** Scheduling steps per trial, as the run's --max-steps. Default: the engine's. */
  maxSteps?: number;
  signal?: AbortSignal;
}

/** The locks a variant takes or asks for, over the interleavings a bounded search explores. */
export async function locksOf<S, R>(scenario: Scenario<S, R>, o: AblateOptions): Promise<string[]> {
  const seen = new Set<string>();
  await runScenario(rewire(scenario, new Set(), seen), {
    schedule: 'exhaustive',
    variants: [o.variant],
    maxInterleavings: 10_000,
    ...(o.tasks !== undefined ? { tasks: o.tasks } : {}),
    ...(o.options !== undefined ? { options: o.options } : {}),
    ...(o.maxSteps !== undefined ? { maxSteps: o.maxSteps } : {}),
  });
  return [...seen];
}

/**
 * Removes each lock of the variant in turn and searches for a forbidden outcome: every
 * interleaving when that fits in the budget, else every one up to the largest preemption bound
 * that does (and the result says which). When there are several and none is necessary alone,
 * they are removed all at once too: locks that guard the same steps are each unneeded beside the
 * others, and yet some lock is needed (`together`).
 */
export async function ablateVariant<S, R>(scenario: Scenario<S, R>, o: AblateOptions): Promise<VariantAblation> {
  const locks: LockAblation[] = [];
  const names = await locksOf(scenario, o);
  for (const lock of names) locks.push(await ablate(scenario, o, [lock]));
  if (names.length < 2 || locks.some((l) => l.necessary)) return { variant: o.variant, locks };
  return { variant: o.variant, locks, together: await ablate(scenario, o, names) };
}

/** The search for a forbidden outcome with these locks removed. */
async function ablate<S, R>(scenario: Scenario<S, R>, o: AblateOptions, removed: readonly string[]): Promise<LockAblation> {
  const lock = removed.join(', ');
  const without = withoutLocks(scenario, removed);
  const found = await boundedSearch(without, {
    variant: o.variant,
    target: 'forbidden',
    budget: o.budget ?? DEFAULT_SEARCH_BUDGET,
    ...(o.tasks !== undefined ? { tasks: o.tasks } : {}),
    ...(o.options !== undefined ? { options: o.options } : {}),
    ...(o.signal !== undefined ? { signal: o.signal } : {}),
    ...(o.maxSteps !== undefined ? { maxSteps: o.maxSteps } : {}),
  });
  const { setupReadsTrial, drewRandom, strandOrdersUnexplored, maxStepsCut, nondeterministic, ...result } = found;
  const scope = {
    ...(setupReadsTrial === true ? { setupReadsTrial } : {}),
    ...(drewRandom === true ? { drewRandom } : {}),
    ...(strandOrdersUnexplored === true ? { strandOrdersUnexplored } : {}),
    ...(maxStepsCut === true ? { maxStepsCut } : {}),
    ...(nondeterministic !== undefined ? { nondeterministic: true as const } : {}),
  };
  if (result.kind === 'found') {
    // Replayed once more, for the outcome's description and as a check of the replay string.
    const replayed = await replayTrial(without, {
      variant: o.variant,
      schedule: result.schedule,
      ...(o.tasks !== undefined ? { tasks: o.tasks } : {}),
      ...(o.options !== undefined ? { options: o.options } : {}),
      ...(o.maxSteps !== undefined ? { maxSteps: o.maxSteps } : {}),
    });
    return {
      lock,
      necessary: true,
      without: { value: replayed.value, description: replayed.description, schedule: result.schedule, preemptions: result.preemptions },
      complete: false,
      interleavings: result.interleavings,
      ...scope,
    };
  }
  if (result.kind === 'none')
    return { lock, necessary: false, complete: true, interleavings: result.interleavings, total: result.total, ...scope };
  return { lock, necessary: false, complete: false, provenUpTo: result.provenUpTo, interleavings: result.interleavings, ...scope };
}

/** True when a check should fail: the scenario has locks and not one of them is necessary. */
export function everyLockUnneeded(ablations: readonly VariantAblation[]): boolean {
  // Locks each unneeded beside the others, yet needed all together, are needed.
  const all = ablations.flatMap((a) => (a.together !== undefined ? [...a.locks, a.together] : a.locks));
  // Searched in trial 1's program only (a setup that reads its trial index, a Math.random), or only up to
  // --max-steps: no evidence to fail on.
  return (
    all.length > 0 &&
    all.every(
      (l) =>
        !l.necessary &&
        trialOneOnly(l) === undefined &&
        l.strandOrdersUnexplored !== true &&
        l.maxStepsCut !== true &&
        l.nondeterministic !== true,
    )
  );
}
