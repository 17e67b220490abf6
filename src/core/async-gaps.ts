import { AsyncResource, executionAsyncId } from 'node:async_hooks';

/**
 * The second detector behind the engine's barrier (see tick-watch.ts for the first): callbacks
 * queued with a nextTick the counting wrapper never saw (a reference taken before lockdemo
 * loaded, Node.js's own internal nextTick in streams). Every nextTick call allocates an async
 * id, whatever it was called through, and Node.js runs the callback with that id as the
 * execution id. The engine allocates ids only for its barriers and for a probe made in each
 * (an AsyncResource, the one public way to draw the next id). So, in a barrier:
 *
 * - its own id is the last probe's + 1 unless something allocated an id since (a callback
 *   queued ahead of the barrier, which has run and whose promise work has not);
 * - the new probe is the barrier's + 1 unless something allocated an id after the barrier was
 *   queued (a later microtask of the segment queued a callback, which runs after the barrier).
 *
 * Either way the engine hops past and looks again. A gap may also be any other async resource
 * (a timer, a queueMicrotask): the hop then costs little and changes nothing. With promise
 * hooks enabled (async_hooks, AsyncLocalStorage in Node.js 20), every promise allocates an id
 * and gaps never close: a hop's microtask then runs with an execution id, which tells, and the
 * detector stands down for the rest of the trial (the counting wrapper still holds). Gaps that
 * persist for MAX_GAP_HOPS hops in a row for one pick make it stand down too: a safety net for
 * a barrier whose ids are not Node.js's (process.nextTick replaced before lockdemo loaded), far
 * above any chain of callbacks a program hops through before it blocks.
 */

/** Hops past gaps for one pick before the detector stands down for the trial. */
export const MAX_GAP_HOPS = 1000;

const PROBE_OPTIONS = { requireManualDestroy: true };

function probe(): number {
  const resource = new AsyncResource('LOCKDEMO_BARRIER', PROBE_OPTIONS);
  // Ended at once: an async_hooks user sees its init and its destroy, never a leak.
  resource.emitDestroy();
  return resource.asyncId();
}

export class AsyncGaps {
  /** The id of the engine's last probe. */
  private last = 0;
  /** False once ids are known not to be the engine's to count (hooks, or a foreign nextTick). */
  private trusted = true;
  /** Hops past gaps for the pending pick. */
  private hops = 0;

  /**
   * At a trial's start, before `setup`: trust again. The reference for its first barrier stays
   * the last probe of the trial before, so what happened since (its end, this `setup`, a turn
   * of the loop between two batches) is a gap, and costs one hop, only if it allocated an id.
   */
  begin(): void {
    this.trusted = true;
    this.hops = 0;
  }

  /** In a barrier: true when no async id was allocated since the last probe other than its own. */
  quiet(): boolean {
    // Stood down: nothing to compare, and no probe to make.
    if (!this.trusted) return true;
    const id = executionAsyncId();
    const next = probe();
    const quiet = id === this.last + 1 && next === id + 1;
    this.last = next;
    if (quiet) {
      this.hops = 0;
      return true;
    }
    return false;
  }

  /** False once the detector stood down for this trial (hooks on, or gaps that never closed). */
  get watching(): boolean {
    return this.trusted;
  }

  /** After a gap: true to hop past it, false once it has persisted too long (stand down). */
  again(): boolean {
    if (++this.hops <= MAX_GAP_HOPS) return true;
    this.trusted = false;
    this.hops = 0;
    return false;
  }

  /** In a hop's microtask: an execution id there means promise hooks are on. */
  hopped(): void {
    if (executionAsyncId() !== 0) this.trusted = false;
  }
}
