/**
 * How a request to a worker fails (see host-worker.ts): the worker was stopped from outside or
 * ended by itself ({@link StoppedWorker}), or it reported an error of its kind ({@link HostError}).
 */
import type { Phase, ReplayNote } from '../../core/heartbeat.js';
import type { WireError } from './protocol.js';

/** Why a worker stopped answering: it was stopped after the limit, or it ended by itself. */
export class StoppedWorker extends Error {
  override name = 'StoppedWorker';
  constructor(
    readonly reason: 'hang' | 'exit' | 'crash' | 'interrupt',
    readonly phase: Phase,
    /** The trial in flight, 0-based. */
    readonly trial: number,
    /** Its picks so far (controlled schedules), possibly cut at MAX_PUBLISHED_PICKS. */
    readonly picks: number[],
    /** For `exit`: the code scenario code passed to process.exit, or undefined if it did not call it. */
    readonly exitCode: number | undefined,
    message: string,
    /** For `exit`: the exception that ended the worker, as the worker described it before it ended. */
    readonly fatal?: WireError,
    /**
     * Stopped in a replay of the determinism sample (replay-sample.ts), not in the search: the
     * interleaving it ran again and what the search had recorded for it.
     */
    readonly replay?: ReplayNote,
    /** Under `lockdemo check`: the schedule of its run in flight, as heartbeat.ts's Slot.Schedule (0: none said). */
    readonly schedule = 0,
  ) {
    super(message);
  }
}

/** An error the worker reported, with its kind. */
export class HostError extends Error {
  override name = 'HostError';
  constructor(readonly wire: WireError) {
    super(wire.message);
    if (wire.stack !== undefined) this.stack = wire.stack;
  }
}
