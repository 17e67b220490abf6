/**
 * The determinism sample of an exhaustive search (core/replay-sample.ts), as the supervised run
 * asks for it: a request of its own, after the search's answer, in the worker that ran the search.
 * A replay that never comes back was stopped in the sample, not in the search: the search was
 * complete and its counts stand, and the interleaving that came back once and hung when it ran
 * again is the finding (`then: hang`), as any other outcome on a replay is.
 */
import type { ReplayNote } from '../../core/heartbeat.js';
import type { Nondeterminism } from '../../core/replay-sample.js';
import type { RunParams } from '../../core/scenario.js';
import { HANG } from '../../core/runner-outcomes.js';
import { StoppedWorker } from './host-worker.js';
import type { Session } from './session.js';

/** The sample's finding, if any; `stopped` when Ctrl-C cut it; undefined when every replay gave its record. */
export async function askSample(
  session: Session,
  variant: string,
  params: RunParams,
  limitMs: number,
): Promise<Nondeterminism | 'stopped' | undefined> {
  try {
    // Asked once: the session replaces a worker it stopped (with `open` run again), then throws.
    const answer = await session.ask(0, { type: 'sample', variant }, limitMs, undefined, () => false);
    return answer.stopped === true ? 'stopped' : answer.nondeterministic;
  } catch (error) {
    if (!(error instanceof StoppedWorker)) throw error;
    // Ctrl-C: the sample did not finish; the run ends as interrupted (its extras are stopped too).
    if (error.reason === 'interrupt') return 'stopped';
    if (error.reason === 'hang' && error.replay !== undefined) return replayHung(session, variant, params, error.replay);
    throw error;
  }
}

/**
 * A replay of the sample that never came back: `then: hang`, marked forbidden when the variant
 * does not allow a hang (graded by the fresh worker, which knows the scenario's outcomes).
 */
export async function replayHung(session: Session, variant: string, params: RunParams, replay: ReplayNote): Promise<Nondeterminism> {
  const graded = await session.ask(0, { type: 'grade', variant, params, result: { counts: [[HANG, 1, 0]] }, done: 1 });
  return { schedule: replay.schedule, first: replay.first, then: HANG, ...(graded.forbiddenCount > 0 ? { thenForbidden: true } : {}) };
}
