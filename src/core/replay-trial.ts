import { formatSchedule, parseSchedule, ReplayError, ReplayPicker } from './schedules/replay.js';
import { variantOf } from './scenario.js';
import type { Scenario } from './scenario.js';
import { gradeVariant } from './grading.js';
import { controlledBatch } from './controlled-batch.js';
import type { TrialPlan } from './trial-plan.js';
import { DEFAULT_MAX_STEPS, PickLog } from './controlled-trial.js';
import { isRunnerOutcome, type TrialValue } from './runner-outcomes.js';
import { optionWord } from './option-words.js';
import { isSerializable, serialOutcomes } from './serializable.js';
import { resolveRun, RunOptionError } from './resolve-run.js';
import type { ReplayOptions } from './run-options.js';
import { checkReplayOptions, checkScenarioArgument } from './library-input.js';
import type { TracedTrial } from './run-report.js';

/**
 * Runs exactly one interleaving, recording every step. A schedule that does not fit the
 * scenario (a task that is not runnable where the string picks it, a string too short or too
 * long) throws a ReplayError that says where.
 */
export async function replayTrial<S, R>(scenario: Scenario<S, R>, options: ReplayOptions): Promise<TracedTrial> {
  checkScenarioArgument('replayTrial', scenario);
  checkReplayOptions(options);
  const names = Object.keys(scenario.variants);
  const name = options.variant ?? (names.length === 1 ? names[0] : undefined);
  if (name === undefined) {
    throw new RunOptionError(`a replay needs one variant (accepted: ${names.join(', ')})`);
  }
  const r = resolveRun(scenario, {
    variants: [name],
    ...(options.tasks ? { tasks: options.tasks } : {}),
    ...(options.options ? { options: options.options } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  if (!r.schedules.includes('random')) {
    throw new RunOptionError(
      `${scenario.name} runs under the ${r.schedules.join(' or ')} schedule only with these options: there is no schedule lockdemo could replay`,
    );
  }
  const picks = typeof options.schedule === 'string' ? parseSchedule(options.schedule, r.tasks) : [...options.schedule];
  const variant = variantOf(scenario, name);
  const picker = new ReplayPicker(picks);
  // Loaded here: a plain run never traces, and `lockdemo counter` should start fast.
  const { TraceRecorder } = await import('./trace.js');
  const tracer = new TraceRecorder();
  let value: TrialValue | undefined;
  let waitCycle: string | undefined;
  const plan: TrialPlan<S, R> = {
    scenario,
    variant,
    params: r.params,
    timeoutMs: r.timeoutMs,
    maxSteps: options.maxSteps ?? DEFAULT_MAX_STEPS,
    picks: new PickLog(),
    tracer,
    record: (v) => {
      value = v;
    },
    onTrialEnd: (trial) => {
      waitCycle = trial.waitCycle;
    },
  };
  // The one trial gets what every trial of a run shares, exactly as in runScenario.
  let opened = false;
  try {
    if (scenario.open !== undefined) plan.resource = await scenario.open(r.params);
    // `close` runs after the trial, with or without an `open` (given undefined then), as in a run.
    opened = true;
    if (isSerializable(scenario)) r.outcomes = await serialOutcomes(scenario, name, r.params, plan.resource);
    let given = false;
    await controlledBatch(plan, { next: () => (given ? undefined : ((given = true), picker)), ended: () => {} }, options.trial ?? 0, 1);
  } finally {
    // opened: `plan.resource` is what `open` returned.
    if (opened) await scenario.close?.(plan.resource as R);
  }
  if (picker.unused > 0 && isRunnerOutcome(value) && value.kind === 'step-limit') {
    const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
    throw new ReplayError(
      `the replay string has ${picks.length} steps, but ${optionWord('maxSteps')} ${maxSteps} ends the trial after step ${maxSteps}: raise ${optionWord('maxSteps')}`,
    );
  }
  if (picker.unused > 0) {
    throw new ReplayError(
      `the replay string is too long: the trial finished after step ${picks.length - picker.unused} of ${picks.length}`,
    );
  }
  if (value === undefined) throw new Error('the replayed trial ended without a value');
  const ended = value;
  const row = gradeVariant(new Map([[ended, 1]]), 1, r.outcomes, variant.races).outcomes.find((o) => o.value === ended);
  if (row === undefined) throw new Error('the replayed trial has no graded outcome');
  return {
    variant: name,
    value: ended,
    grade: row.grade,
    ...(row.runner !== undefined ? { runner: row.runner } : {}),
    description: row.description,
    schedule: formatSchedule(plan.picks.toArray()),
    events: tracer.events,
    ...(waitCycle ? { waitCycle } : {}),
  };
}
