/**
 * The extras of a supervised run's variant (the smallest race, coverage's total, --ablate), asked
 * of worker 0 once the variant's trials are in: what runScenario's `extendVariant` does in the
 * library, with the worker's own bound on each re-run.
 */
import type { VariantExtras } from '../../core/extras-types.js';
import type { VariantReport } from '../../core/run-report.js';
import { CONTROLLED_SCHEDULES } from '../../core/schedules/table.js';
import type { ResolvedInfo } from './protocol.js';
import type { Session } from './session.js';
import { StoppedWorker } from './worker-errors.js';

/** What the extras need of the run's options (see SupervisedRunOptions). */
export interface ExtrasOptions {
  extras?: boolean;
  ablate?: boolean;
  scenarioOptions?: Record<string, string>;
}

/**
 * The extras re-run interleavings: not for a variant that hung (it would hang again), and any
 * trial of theirs that does not come back within `limitMs` drops them, not the run.
 */
export function supervisedExtras(
  session: Session,
  o: ExtrasOptions,
  r: ResolvedInfo,
  limitMs: number,
): (result: VariantReport, ran: { hangs: number }) => Promise<VariantExtras | undefined> {
  const controlled = CONTROLLED_SCHEDULES.includes(r.schedule);
  return async (result, ran) => {
    if (!o.extras || !controlled || ran.hangs > 0) return undefined;
    // Stopped after the trials: the report says what was left out, rather than leaving it out
    // silently. Stopped during them, no analysis was to start: the trials were cut, as it says.
    if (session.stopped) return result.finished ? { extrasStopped: true } : undefined;
    try {
      return await session.ask(
        0,
        {
          type: 'extend',
          report: result,
          tasks: r.tasks,
          options: o.scenarioOptions ?? {},
          ...(o.ablate ? { ablate: true } : {}),
          ...(r.maxSteps !== undefined ? { maxSteps: r.maxSteps } : {}),
        },
        limitMs,
        undefined,
        () => false,
      );
    } catch (error) {
      if (!(error instanceof StoppedWorker)) throw error;
      // Stopped by Ctrl-C; or a re-run hung (a lock removed, and a task then loops): left out, said.
      return session.stopped ? { extrasStopped: true } : error.reason === 'hang' ? { extrasHung: true } : undefined;
    }
  };
}
