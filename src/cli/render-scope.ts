/**
 * How far a variant's verdict reaches, as its block in the terminal says it: the line under an
 * exhaustive search (every interleaving, or the first limit that cut it), and what an `asyncio`
 * run claims of CPython's loop.
 */
import { trialOneOnly } from '../core/run-report.js';
import type { VariantReport } from '../core/run-scenario.js';
import { isRunnerOutcome } from '../core/runner-outcomes.js';
import type { Colors } from './colors.js';
import { NOT_DETERMINISTIC, nondeterminismFound } from './nondeterminism-words.js';
import { formatCount } from './numbers.js';

/**
 * What an `asyncio` run says of CPython: its result, every time, only for what lockdemo models
 * exactly; else that the result is lockdemo's model of the loop, and why.
 */
export function asyncioClaim(v: VariantReport): string {
  const model = "  deterministic in lockdemo's model of asyncio's loop; ";
  // lockdemo stopped it at --timeout; whether CPython's loop would ever finish it (real I/O that
  // comes late, a loop that would end) is beyond what a run can know.
  if (hung(v)) return `${model}stopped at --timeout, so what CPython gives is not known`;
  // A loop that the step bound cut: CPython's loop, whose turns take real time, may end it.
  if (stoppedAtStepLimit(v)) return `${model}stopped at --max-steps, so what CPython gives is not known`;
  // Real I/O completes by the loop's next turn in the model; in CPython its timing decides.
  if (v.realIo === true) return `${model}with real I/O (t.io), CPython's order depends on timing`;
  // The model's clock is ideal; CPython's turns take their real length and its waits end late.
  if (v.clockDependent === true) return `${model}its clock is ideal: in CPython, real time decides where these timers fire`;
  // Work left running with `void f()` started at once, where create_task starts it a turn later.
  if (v.unawaitedWork === true || v.leftRunning === true)
    return `${model}work a task left running (void f()) started at once, where CPython's create_task starts it a turn later`;
  // A JavaScript async function starts at once (CPython's tasks do only under 3.12's
  // eager_task_factory), and a task's strands resume one per turn: lockdemo's order.
  if (v.strandsAtOnce === true) {
    return `${model}a task ran several of its own strands at once (Promise.all), and their order is lockdemo's, not a claim about CPython's`;
  }
  // The loop decides every trial alike: what differs is the program (a setup that reads its trial index).
  if (v.outcomes.filter((o) => o.count > 0).length > 1) return "  CPython's loop decides each trial alike: the program varies by trial";
  const trialOne = trialOneOnly(v);
  if (trialOne !== undefined) {
    const ran = v.trials === 1 ? 'this is trial 1' : `these are ${formatCount(v.trials)} of them`;
    return `  CPython's loop decides each trial alike, but ${trialOne}: each trial may be another program, and ${ran}`;
  }
  // What lockdemo cannot see: a helper's promise awaited through Promise.all or by another task,
  // or work left running (`void f()`), costs turns in CPython (gather, a Task) that a JavaScript
  // promise does not. The claim says where it holds.
  // Nor can it see how long a step computes: CPython's turns take that long, and a timer due
  // meanwhile fires among them (a 1 ms sleep against steps of CPU work woke in the middle).
  return "  deterministic: CPython's loop gives this every time, where each task awaits its helpers itself (no Promise.all, no void f()) and its steps compute far less than its timers wait";
}

/** How far an exhaustive search's verdict reaches, in one line: the first limit that applies. */
export function searchLine(c: Colors, v: VariantReport, bound: string, maxSteps: number | undefined): string {
  const them = (n: number): string => `${formatCount(n)} ${n === 1 ? 'interleaving' : 'interleavings'}`;
  if (v.nondeterministic !== undefined) return c.yellow(`  ${nondeterminismFound(v.nondeterministic)}: ${NOT_DETERMINISTIC}`);
  if (v.unsampled === true && v.complete === true) {
    return c.yellow(
      `  every interleaving explored${bound}, but the run was stopped before it checked that the program ` +
        'gives the same results when run again: not a proof',
    );
  }
  // Interleavings that reached the step bound were cut there: what they would have done
  // after it was not explored, so the search covers every interleaving only up to that bound.
  if (v.maxStepsCut !== undefined) {
    const steps = maxSteps === undefined ? 'the step bound' : `${formatCount(maxSteps)} steps`;
    return c.yellow(
      `  every interleaving${bound} explored up to ${steps} (--max-steps), ${formatCount(v.maxStepsCut)} cut there: ` +
        'the verdict holds up to that bound only, not for what longer runs would do',
    );
  }
  if (!v.complete) {
    // A hang ends a search (it cannot go on past a trial it never saw end); a bound cuts it.
    if (hung(v)) return c.yellow(`  search ended by a hang after ${them(v.trials)}${bound}: the verdict covers only those`);
    // Short of its bound and not ended by a hang: stopped (Ctrl-C), which no bound would change.
    if (!v.finished) return c.yellow(`  search interrupted after ${them(v.trials)}${bound}: the figures cover only those`);
    return c.yellow(
      `  search cut short after ${them(v.trials)}${bound}: the verdict covers ` +
        'only those (raise --max-interleavings or bound --preemptions)',
    );
  }
  if (bound === '' && trialOneOnly(v) !== undefined) {
    return c.yellow("  every interleaving of trial 1 explored: the verdict holds for trial 1's program only");
  }
  if (v.nextTicksUnwatched === true) {
    return c.yellow(
      `  every interleaving explored${bound} as far as lockdemo could watch process.nextTick: async hooks were ` +
        'on (or two runs shared this thread), so a nextTick taken before lockdemo loaded went unwatched: not a proof',
    );
  }
  if (v.strandOrdersUnexplored === true) {
    return c.yellow(
      `  every order of the tasks explored${bound}, but not every order of one task's own strands ` +
        '(its async functions, ready at once): the verdict is not a proof',
    );
  }
  if (bound === '') return c.dim('  every interleaving explored: the verdict holds for all of them');
  return c.yellow(`  every interleaving${bound} explored: the verdict holds for those only, not for interleavings with more preemptions`);
}

/** Whether a trial of `v` was stopped at --timeout. */
export function hung(v: VariantReport): boolean {
  return v.outcomes.some((o) => o.count > 0 && isRunnerOutcome(o.value) && o.value.kind === 'hang');
}

/** Whether a trial of `v` was cut at --max-steps. */
function stoppedAtStepLimit(v: VariantReport): boolean {
  return v.outcomes.some((o) => o.count > 0 && isRunnerOutcome(o.value) && o.value.kind === 'step-limit');
}
