import { PickLog } from './engine-types.js';
import { controlledBatch } from './controlled-batch.js';
import type { ScheduleName } from './schedules/table.js';
import type { TrialPlan } from './trial-plan.js';
import { randomSource, type TrialSource } from './trial-sources.js';

/**
 * The trial loop: runs a variant's trials in batches, under a controlled schedule (one chain of
 * microtasks per batch, with a watchdog for trials that stall: controlled-batch.ts) or an
 * uncontrolled one (real timers, one trial or several in flight: loose-batch.ts), and counts
 * each outcome where the plan says (trial-plan.ts). The pickers come from trial-sources.ts.
 */

/** Trials are seeded in chunks of CHUNK_TRIALS (see limits.ts): the unit that can move to a worker. */
export { CHUNK_TRIALS } from './limits.js';

/** Trials of the `timers` schedule in flight at once (their tasks wait on real timers). */
const TIMERS_CONCURRENCY = 16;

/** Random trials run to measure k, the steps of a trial, before a `pct` run. */
const PCT_PILOT_TRIALS = 200;

/**
 * Runs trials [first, first + count) of one variant in batches, with a macrotask between
 * batches so that signals, timers and progress output get their turn. Stops early when `stop`
 * says so or the source runs dry; resolves with the number of trials run.
 */
export async function runRange<S, R>(
  plan: TrialPlan<S, R>,
  r: { schedule: ScheduleName; seed: number },
  variantName: string,
  source: TrialSource | undefined,
  first: number,
  count: number,
  stop: () => boolean,
  progress: (done: number) => void,
  exhausted: () => boolean = () => false,
): Promise<number> {
  let batch: Batch;
  if (source !== undefined) batch = (p, from, max) => controlledBatch(p, source, from, max);
  else {
    // The uncontrolled loop is loaded only by the runs that need it (start-up).
    const { looseBatch } = await import('./loose-batch.js');
    batch =
      r.schedule === 'event-loop'
        ? (p, from, max) => looseBatch(p, r.seed, variantName, from, max, 1, false)
        : (p, from, max) => looseBatch(p, r.seed, variantName, from, max, TIMERS_CONCURRENCY, true);
  }
  let done = 0;
  while (done < count && !stop() && !exhausted()) {
    if (done > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    done += await batch(plan, first + done, count - done);
    progress(done);
  }
  return done;
}

/** Runs up to `max` trials starting at trial `first`; resolves with how many ran. */
type Batch = <S, R>(plan: TrialPlan<S, R>, first: number, max: number) => Promise<number>;

/** k for PCT: the most steps any of a few random trials took (the pilot's outcomes are not counted). */
export async function measureSteps<S, R>(plan: TrialPlan<S, R>, seed: number, variant: string): Promise<number> {
  let steps = 1;
  const pilot: TrialPlan<S, R> = {
    ...plan,
    picks: new PickLog(),
    record: () => {},
    onTrialEnd: (trial) => {
      steps = Math.max(steps, trial.steps);
    },
  };
  const source = randomSource(seed, `pilot ${variant}`);
  let done = 0;
  while (done < PCT_PILOT_TRIALS) done += await controlledBatch(pilot, source, done, PCT_PILOT_TRIALS - done);
  return steps;
}
