import { ownSetTimeout } from './own-timers.js';
import { describeThrown } from './describe-thrown.js';
import { ControlledTrial } from './controlled-trial.js';
import { DEFAULT_MAX_STEPS } from './engine-types.js';
import { observedValueError } from './observed-value.js';
import { isRunnerOutcome, type TrialValue } from './runner-outcomes.js';
import { BATCH_MS, setupError, type TrialPlan } from './trial-plan.js';
import type { TrialSource } from './trial-sources.js';
import { readsOfTrialGoTo, watchTrial } from './setup-params.js';
import { reseedTrialRandom, watchForeignRandom } from './trial-random.js';

/**
 * The controlled trial loop. Trials run back to back inside one chain of microtasks: a trial's
 * end starts the next one, with no timer in between. The batch ends after BATCH_MS so that
 * timers and signals get a turn. A trial that stops making progress lets the microtask queue
 * drain; the watchdog, which can only run then, records it as stalled or deadlocked and the
 * batch goes on.
 */
export function controlledBatch<S, R>(plan: TrialPlan<S, R>, source: TrialSource, first: number, max: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const { scenario, variant, params } = plan;
    const started = performance.now();
    const deadline = started + BATCH_MS;
    let slow = false;
    let done = 0;
    let closed = false;
    let current: ControlledTrial<S, R> | undefined;
    const watch = source.trialIndexRead;
    // One watched copy per trial object (its parameters object lives as long as it does).
    let watchedOf: object | undefined;
    let watched: Parameters<typeof scenario.setup>[0] | undefined;
    const setup: typeof scenario.setup = (p) => {
      readsOfTrialGoTo(watch);
      if (watch !== undefined && watchedOf !== p) {
        watchedOf = p;
        watched = watchTrial(p);
      }
      try {
        return scenario.setup(watched ?? p);
      } catch (error) {
        throw setupError(scenario, error);
      }
    };
    const close = (): void => {
      closed = true;
      // A Math.random put in place during the batch (a scenario's own generator, at import, in
      // setup or by a task) drew unseen, if at all: counted as drawn, and watched from now on.
      // Once a batch, not once a trial: the trial loop pays nothing for it.
      if (watchForeignRandom()) plan.drew = true;
      resolve(done);
    };
    const onEnd = (value: TrialValue): void => {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- onEnd is only ever called by the trial held in current
      const trial = current!;
      if (trial.pickerError !== undefined) {
        closed = true;
        const failure = trial.pickerError;
        reject(failure instanceof Error ? failure : new Error(describeThrown(failure)));
        return;
      }
      const broken = isRunnerOutcome(value) ? undefined : observedValueError(scenario.name, value);
      if (broken !== undefined) {
        closed = true;
        reject(broken);
        return;
      }
      if (trial.stream.drew || trial.between.drew) plan.drew = true;
      plan.record(value, first + done);
      plan.onTrialEnd?.(trial);
      source.ended();
      done++;
      next();
    };
    const next = (): void => {
      // The clock is read every 64 trials, or after every trial once one took a millisecond or
      // more (real I/O, a slow setup): 64 slow trials would overrun a --duration by far.
      if (done === 1) slow = performance.now() - started >= 1;
      if (done >= max || (done > 0 && ((done & 63) === 0 || slow) && performance.now() > deadline)) return close();
      const picker = source.next(first + done);
      if (picker === undefined) return close();
      plan.picks.clear();
      // Reuse the trial object while trials end cleanly; a fresh one after anything else.
      if (current === undefined || !current.reusable) {
        current = new ControlledTrial(
          variant,
          params,
          setup,
          scenario.observe,
          onEnd,
          plan.picks,
          plan.tracer,
          plan.resource,
          plan.maxSteps ?? DEFAULT_MAX_STEPS,
          arm,
          plan.timeoutMs,
        );
      }
      const index = source.trialIndex?.(first + done) ?? first + done;
      // The trial's own Math.random stream, by the index setup sees (exhaustive: 0 for all).
      reseedTrialRandom(plan.random, index, current.stream, current.between);
      try {
        current.start(picker, index);
      } catch (error) {
        closed = true;
        // What setup threw comes as the scenario's (see `setup` above); anything else is the engine's.
        reject(error instanceof Error ? error : new Error(describeThrown(error)));
      }
    };
    // The drain is caught in whichever phase of the event loop comes first: a timer armed
    // now fires before any timer a stalled task arms later, and this immediate before its
    // immediates, so a task that awaited one of those is caught before it resumes. The engine
    // also arms it when it defers a pick until the microtask queue has drained.
    let immediatePending = false;
    let timerPending = false;
    const arm = (immediate = true): void => {
      if (immediate && !immediatePending) {
        immediatePending = true;
        setImmediate(() => {
          immediatePending = false;
          watchdog();
        });
      }
      if (!timerPending) {
        timerPending = true;
        ownSetTimeout(() => {
          timerPending = false;
          watchdog();
        }, 0);
      }
    };
    const watchdog = (): void => {
      if (closed || current === undefined) return;
      current.drained();
      // While real I/O (t.io) is in flight, poll on the timer alone instead of spinning on
      // immediates: the engine arms both again once the I/O has finished.
      if (!closed) arm(!current.awaitingIo);
    };
    arm();
    next();
  });
}
