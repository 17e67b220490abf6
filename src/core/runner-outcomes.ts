import { describeThrown } from './describe-thrown.js';

/**
 * The outcomes the runner produces itself, rather than a scenario's `observe`. The catch-all
 * outcome of a scenario never matches them (see grading.ts).
 */

/** Every unfinished task waits for a lock. */
export const DEADLOCK = 'deadlock';

/** The trial did not finish within the per-trial timeout (`event-loop`, `timers`). */
export const TIMEOUT = 'timeout';

/** The outcome value of a trial in which a task threw: `error: <first line of the message>`. */
export function errorOutcome(error: unknown): string {
  return `error: ${describeThrown(error)}`;
}
