/**
 * A `check` whose variant's determinism sample (core/replay-sample.ts) had a replay that never
 * came back: an interleaving the search had seen come back hung when it ran again, so the
 * scenario is not deterministic, and the variant fails as a `check` fails any such variant
 * (`nondeterministic`, with `then: hang`). The search itself was complete, but its counts went
 * with the stopped worker (a check is one request): they are asked again of the fresh worker (a
 * fresh `open`), without the sample and without the extras, whose re-runs would loop as the
 * replay did. Nothing of it is a hang of the search, and no replay line claims one.
 */
import type { CheckResult } from '../core/check.js';
import type { ReplayNote } from '../core/heartbeat.js';
import type { RunParams } from '../core/scenario.js';
import { StoppedWorker } from './contain/host-worker.js';
import type { Request } from './contain/protocol.js';
import type { Session } from './contain/session.js';
import { replayHung } from './contain/sample-request.js';

type CheckRequest = Extract<Request, { type: 'check' }>;

/**
 * The variant's results once its sample's replay hung: the counts of its search, failed as not
 * deterministic; `hung(error)` when the search hangs this time; undefined when Ctrl-C stopped it.
 */
export async function afterReplayHang(
  session: Session,
  request: CheckRequest,
  limitMs: number,
  replay: ReplayNote,
  params: RunParams,
  hung: (error: StoppedWorker) => CheckResult,
): Promise<CheckResult[] | undefined> {
  let results: CheckResult[];
  try {
    results = await session.ask(0, { ...request, countsOnly: true }, limitMs, undefined, () => false);
  } catch (error) {
    if (!(error instanceof StoppedWorker)) throw error;
    if (error.reason === 'interrupt') return undefined;
    return [hung(error)];
  }
  const nondeterministic = await replayHung(session, request.variant, params, replay);
  return results.map((r): CheckResult => (r.status === 'skip' ? r : { ...r, status: 'fail', nondeterministic }));
}
