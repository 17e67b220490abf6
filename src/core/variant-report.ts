/**
 * A variant's report as the run's grading makes it, in a module of its own so that the CLI's
 * main thread builds it without loading the engine.
 */
import type { GradedVariant } from './grading.js';
import type { VariantReport } from './run-scenario.js';
import type { RacePolicy } from './scenario.js';
import type { TrialRecord } from './tally.js';

/**
 * The part of a variant's report that every run path (in-process and supervised) builds the
 * same way: its grading, whether it finished, its first race and forbidden trials, and for an
 * exhaustive search whether it was complete and under which preemption bound.
 */
export function gradedVariantReport(
  variant: { name: string; races: RacePolicy; summary?: string | undefined },
  done: number,
  graded: GradedVariant,
  finished: boolean,
  records: { firstRace?: TrialRecord | undefined; firstForbidden?: TrialRecord | undefined; captured?: TrialRecord | undefined },
  search: { complete: boolean; preemptions?: number | undefined } | undefined,
): VariantReport {
  return {
    name: variant.name,
    races: variant.races,
    ...(variant.summary === undefined ? {} : { summary: variant.summary }),
    trials: done,
    raceCount: graded.raceCount,
    deadlockCount: graded.deadlockCount,
    forbiddenCount: graded.forbiddenCount,
    raceFrequency: graded.raceFrequency,
    interval95: graded.interval95,
    verdict: graded.verdict === 'fail' ? 'fail' : finished ? 'pass' : 'incomplete',
    finished,
    outcomes: graded.outcomes,
    ...(records.firstRace ? { firstRace: records.firstRace } : {}),
    ...(records.firstForbidden ? { firstForbidden: records.firstForbidden } : {}),
    ...(records.captured ? { captured: records.captured } : {}),
    ...(search ? { interleavings: done, complete: search.complete } : {}),
    ...(search && search.preemptions !== undefined ? { preemptions: search.preemptions } : {}),
  };
}
