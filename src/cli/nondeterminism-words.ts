/**
 * How every report says that a searched scenario is not deterministic (see
 * VariantReport.nondeterministic): which interleaving gave which two outcomes, in the terminal's
 * run and check lines, the HTML report and JUnit alike.
 */
import type { Nondeterminism } from '../core/replay-sample.js';
import { shortShownValue } from './shown-value.js';

/** A replay string longer than this is cut in the sentence (the JSON keeps it whole). */
const SCHEDULE_ROOM = 60;
/** Room for each of the two values, as a check's line cuts its first forbidden value. */
const VALUE_ROOM = 30;

/** `interleaving "A A B B" gave 1, then 0 when it ran again`. */
export function nondeterminismFound(n: Nondeterminism): string {
  const schedule = n.schedule.length > SCHEDULE_ROOM ? `${n.schedule.slice(0, SCHEDULE_ROOM - 1)}…` : n.schedule;
  const first = shortShownValue(n.first, VALUE_ROOM);
  // A value the scenario forbids, which the search's counts never show: said where it is named.
  const then = `${shortShownValue(n.then, VALUE_ROOM)}${n.thenForbidden === true ? ' (forbidden)' : ''}`;
  const again =
    n.divergedAt === undefined ? `then ${then} when it ran again` : `then, run again, left it at step ${n.divergedAt} and gave ${then}`;
  return `interleaving "${schedule}" gave ${first}, ${again}`;
}

/** What it means for the search, in a check's words and a run's. */
export const NOT_DETERMINISTIC = 'the scenario is not deterministic, so exhaustive search proves nothing for it';
