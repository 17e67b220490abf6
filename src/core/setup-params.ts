import type { TrialParams } from './scenario.js';

/**
 * `setup`'s parameters as `exhaustive` passes them: the same, but reading `trial` is noticed.
 * Every interleaving runs as trial 0 (one program), so a setup that reads its index may build
 * another program for other trials, which the search never ran (see Explorer.setupReadsTrial).
 * lockdemo's own wrappers read the index with {@link trialOf}, which is not noticed.
 */
const RAW_TRIAL = Symbol('lockdemo.trial');

interface Watched {
  [RAW_TRIAL]?: number;
}

/**
 * Whom a read of `trial` is told to: the search whose setup ran last in this thread, or nobody
 * (a sampled schedule). Not the search that made the copy: setup may keep the object it was
 * given in an earlier search (another variant's, the smallest race's) and read it in this one.
 */
let reader: (() => void) | undefined;

/** Called before each controlled setup: a read of `trial` from now on counts for `onRead`. */
export function readsOfTrialGoTo(onRead: (() => void) | undefined): void {
  reader = onRead;
}

export function watchTrial<R>(params: TrialParams<R>): TrialParams<R> {
  const watched: TrialParams<R> & Watched = { ...params, [RAW_TRIAL]: params.trial };
  Object.defineProperty(watched, 'trial', {
    enumerable: true,
    get: () => {
      reader?.();
      return params.trial;
    },
  });
  return watched;
}

/** The trial index of `setup`'s parameters, without counting as the scenario's read. */
export function trialOf(params: TrialParams<unknown>): number {
  return (params as TrialParams<unknown> & Watched)[RAW_TRIAL] ?? params.trial;
}
