/**
 * One result of `lockdemo check`: its line in the table (PASS, FAIL, FLAG or SKIP, with the first
 * forbidden outcome and its replay), and the result of a variant whose trial never came back.
 */
import type { CheckResult } from '../core/check.js';
import { formatSchedule } from '../core/schedules/replay.js';
import { CONTROLLED_SCHEDULES, SCHEDULES, unitWord, type ScheduleName } from '../core/schedules/table.js';
import type { Colors } from './colors.js';
import type { StoppedWorker } from './contain/host-worker.js';
import { formatCount } from './numbers.js';
import { DEFAULT_WIDTH, printable } from './text-width.js';
import { shortShownValue } from './shown-value.js';
import { NOT_DETERMINISTIC, nondeterminismFound } from './nondeterminism-words.js';
import { isRunnerOutcome } from '../core/runner-outcomes.js';
import { trialOneOnly } from '../core/run-report.js';

/**
 * A variant whose trial did not come back within the check's time bound: it fails undecided (a
 * check cannot go past a hang), which says nothing of whether its outcomes allow hangs. It is
 * named as the worker announced it (core/check.ts): under the schedule of the run in flight, by
 * its place in that run, with the picks it had made; stopped after every run of the check (in
 * the smallest race's search, say), it is the analysis that did not come back.
 */
export function hangResult(
  scenario: string,
  variant: string,
  races: CheckResult['races'],
  stopped: StoppedWorker,
  limitMs: number,
  /** The schedule the check starts with, for a stop outside its runs. */
  first: ScheduleName,
): CheckResult {
  const announced = SCHEDULES[stopped.schedule - 1];
  const schedule = announced ?? first;
  const replayable = announced !== undefined && CONTROLLED_SCHEDULES.includes(announced) && stopped.picks.length > 0;
  return {
    scenario,
    variant,
    races,
    status: 'fail',
    schedule,
    explored: announced !== undefined ? stopped.trial + 1 : 0,
    raceCount: 0,
    deadlockCount: 0,
    forbiddenCount: 0,
    stopped: {
      trial: stopped.trial + 1,
      limitMs,
      ...(replayable ? { schedule: formatSchedule(stopped.picks) } : {}),
      ...(announced === undefined ? { analysis: true as const } : {}),
    },
    seconds: limitMs / 1000,
  };
}

/** Why trials decided a variant rather than a search of every interleaving (CheckResult.sampled). */
const SAMPLED_BECAUSE: Record<NonNullable<CheckResult['sampled']>, string> = {
  maxInterleavings: 'more interleavings than --max-interleavings',
  setupReadsTrial: trialOneOnly({ setupReadsTrial: true }) ?? '',
  drewRandom: trialOneOnly({ drewRandom: true }) ?? '',
  nextTicksUnwatched: 'a nextTick taken before lockdemo loaded went unwatched (async hooks on)',
  uncontrolled: 'real threads, processes or I/O, in orders lockdemo cannot choose',
};

/** "a sample, not a proof: …, so 10,000 trials decided" (trials, of whichever schedule ran them). */
function sampledText(r: CheckResult & { sampled: NonNullable<CheckResult['sampled']> }): string {
  const why = SAMPLED_BECAUSE[r.sampled];
  return r.sampled === 'uncontrolled'
    ? `a sample, not a proof: ${why}`
    : `a sample, not a proof: ${why}, so ${formatCount(r.explored)} trials decided`;
}

/** Under a flagged variant, in the terminal, the JUnit and the HTML reports. */
export const FLAG_WORDS = 'allows races but showed none: as a demonstration it demonstrates nothing';

/** A line under a check's result that says how far its verdict reaches; `warn`: it is no proof. */
export interface ScopeNote {
  text: string;
  warn: boolean;
}

/**
 * How far a check's verdict reaches, as the terminal, the HTML report and the JUnit report all
 * say it: a search that did not go through every interleaving, or, under `asyncio`, where the
 * result is lockdemo's model of the loop rather than CPython's (as a run says it, render.ts).
 */
export function scopeNotes(r: CheckResult): ScopeNote[] {
  const notes: ScopeNote[] = [];
  const note = (text: string, warn = false): void => void notes.push({ text, warn });
  // First: it is why the variant failed, whatever the other notes say of the search.
  if (r.nondeterministic !== undefined) note(`${nondeterminismFound(r.nondeterministic)}: ${NOT_DETERMINISTIC}`, true);
  if (r.strandOrdersUnexplored === true) note("not every order of one task's own strands (ready at once): not a proof", true);
  if (r.nextTicksUnwatched === true) note('async hooks on: a nextTick taken before lockdemo loaded went unwatched: not a proof', true);
  if (r.realIo === true) note("real I/O (t.io): lockdemo's model; in CPython the order depends on timing");
  if (r.clockDependent === true) note('an ideal clock: in CPython, real time decides where these timers fire');
  if (r.strandsAtOnce === true) note("a task ran strands at once (Promise.all): lockdemo's order, not CPython's");
  if (r.unawaitedWork === true || r.leftRunning === true) note("work left running (void f()): lockdemo's order, not CPython's");
  // Trials that found nothing forbidden, or no race where one was expected, prove no absence.
  const absence = (r.status === 'pass' && r.races === 'forbidden') || r.status === 'flag';
  if (r.sampled !== undefined && absence) note(sampledText({ ...r, sampled: r.sampled }), true);
  const trialOne = trialOneOnly(r);
  // Said once: a sample's note above already names why.
  if (r.schedule === 'asyncio' && trialOne !== undefined && !(r.sampled !== undefined && absence)) {
    note(`${trialOne}: ${formatCount(r.explored)} ${r.explored === 1 ? 'trial' : 'trials'}, each its own program`);
  }
  if (r.schedule === 'exhaustive' && trialOne !== undefined) note(`trial 1's program only: ${trialOne}`);
  else if (r.schedule === 'exhaustive' && r.maxStepsCut !== undefined) {
    const { interleavings, maxSteps } = r.maxStepsCut;
    note(`searched up to ${formatCount(maxSteps)} steps (--max-steps), ${formatCount(interleavings)} cut there: not a proof`, true);
  } else if (r.schedule === 'exhaustive' && r.complete === false) {
    note(`only the first ${formatCount(r.explored)} interleavings: cut at --max-interleavings`);
  }
  return notes;
}

/** Why a forbidden outcome under `asyncio` has no replay string (see VariantReport.strandsAtOnce). */
export function noReplayReason(r: CheckResult): string | undefined {
  if (r.firstForbidden === undefined || r.firstForbidden.schedule !== undefined) return undefined;
  if (r.strandsAtOnce === true) return 'no replay: the model may resume those strands in another order';
  if (r.unawaitedWork === true) return 'no replay: the model does not run what went on after the tasks returned';
  return undefined;
}

/**
 * What a variant stopped by the check's time bound did not finish, as the terminal, the JUnit
 * and the HTML reports all say it: the trial under the schedule that ran it, or the analysis.
 */
export function stoppedText(r: CheckResult, stopped: NonNullable<CheckResult['stopped']>): string {
  // Milliseconds as every other message, and the --timeout flag, write them: no thousands separator.
  const within = `did not come back within ${stopped.limitMs} ms, and a check cannot go past it`;
  if (stopped.analysis === true) return `after its trials, the analysis (the smallest race, --ablate) ${within}`;
  return `${unitWord(r.schedule, false)} ${formatCount(stopped.trial)} ${within}`;
}

/** "0/1 interleaving", "1 of 1 trial", as the run says them: the unit agrees with the count. */
function unitOf(r: CheckResult): string {
  return r.explored === 1 ? unitWord(r.schedule).replace(/s$/, '') : unitWord(r.schedule);
}

/**
 * A result's race count, as the terminal and the HTML report give it: `races 3/90 interleavings`,
 * or `no figures` for a stopped variant, whose figures were lost with its worker, and the trial
 * that did not come back has none ("races 0/1" read as one interleaving run, and clean).
 */
export function figuresText(r: CheckResult): string {
  return r.stopped !== undefined ? 'no figures' : `races ${formatCount(r.raceCount)}/${formatCount(r.explored)} ${unitOf(r)}`;
}

/**
 * A result's counts that are no races, as the terminal, the JUnit and the HTML reports give them:
 * a deadlock is never a race, and forbidden outcomes that are no races (a value the scenario did
 * not declare) are counted too; without them, "races 0/90" on a FAIL read as if nothing happened.
 * None for a stopped variant, whose figures were lost with its worker.
 */
export function countLines(r: CheckResult): Array<{ text: string; forbidden: boolean }> {
  if (r.stopped !== undefined || r.status === 'skip') return [];
  const unit = unitOf(r);
  const lines: Array<{ text: string; forbidden: boolean }> = [];
  if (r.deadlockCount > 0) {
    lines.push({
      text: `deadlocks in ${formatCount(r.deadlockCount)} of ${formatCount(r.explored)} ${unit}, not counted as races`,
      forbidden: false,
    });
  }
  if (r.forbiddenCount > 0 && r.forbiddenCount !== r.raceCount) {
    lines.push({ text: `forbidden outcomes in ${formatCount(r.forbiddenCount)} of ${formatCount(r.explored)} ${unit}`, forbidden: true });
  }
  return lines;
}

export function renderResult(
  c: Colors,
  r: CheckResult,
  width: number,
  replay: string | undefined,
  /** The terminal's width, which a quoted value is cut to. */
  lineWidth = DEFAULT_WIDTH,
  /** What the replay needs first, as a run says it (`set MY_TOKEN to the value of --token first`). */
  replayNotes: readonly string[] = [],
): string {
  const notes = replayNotes.map((note) => `\n      ${c.dim(note)}`).join('');
  const status =
    r.status === 'pass'
      ? c.green.bold('PASS')
      : r.status === 'fail'
        ? c.red.bold('FAIL')
        : r.status === 'flag'
          ? c.yellow.bold('FLAG')
          : c.dim('SKIP');
  if (r.status === 'skip') return `${status}  ${`${r.scenario} › ${r.variant}`.padEnd(width)}  ${c.dim(r.reason ?? '')}\n`;
  let line = `${status}  ${`${r.scenario} › ${r.variant}`.padEnd(width)}  ${r.schedule.padEnd(10)}  ${figuresText(r)} ${c.dim(`(races ${r.races})`)}`;
  // A search that did not go through every interleaving decided the variant only by what it
  // found there: say how far it reached, in the same breath as the count.
  for (const { text, warn } of scopeNotes(r)) line += `\n      ${warn ? c.yellow(text) : c.dim(text)}`;
  for (const { text, forbidden } of countLines(r)) line += `\n      ${forbidden ? c.red(text) : text}`;
  if (r.stopped !== undefined) line += `\n      stopped: ${stoppedText(r, r.stopped)}`;
  if (r.stopped !== undefined && replay !== undefined && r.firstForbidden === undefined) line += `\n      replay: ${replay}${notes}`;
  if (r.status === 'fail' && r.firstForbidden) {
    // Cut to what a line holds (a value may be 10,000 characters), as a run's smallest-outcome line does.
    // One of lockdemo's own outcomes (a stall, a step limit) is its words, not a value: wrapped
    // over a few lines rather than cut to one with a count that reads as a long value's.
    const runner = isRunnerOutcome(r.firstForbidden.value);
    const room = Math.max(24, (runner ? 3 : 1) * (lineWidth - 6) - 'first forbidden: '.length);
    const value = shortShownValue(r.firstForbidden.value, room, !runner);
    line += `\n      first forbidden: ${value} (${printable(r.firstForbidden.description)})`;
    const none = noReplayReason(r);
    if (replay) line += `\n      replay: ${replay}${notes}`;
    else if (none !== undefined) line += `\n      ${c.dim(none)}`;
  }
  if (r.status === 'flag') line += `\n      ${c.yellow(FLAG_WORDS)}`;
  return `${line}\n`;
}
