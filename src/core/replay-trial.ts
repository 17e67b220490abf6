import { formatSchedule, parseSchedule, ReplayError, ReplayPicker, ReplayPicks } from './schedules/replay.js';
import { variantOf } from './scenario.js';
import type { Scenario } from './scenario.js';
import { gradeVariant, sameValue } from './grading.js';
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
import { holdSeededRandom, randomKey } from './trial-random.js';

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
    // Checked as a run's; without one, 0 (not the fresh seed resolveRun would draw).
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  const random = options.seed !== undefined ? randomKey(r.seed, name) : undefined;
  if (!r.schedules.includes('random')) {
    throw new RunOptionError(
      `${scenario.name} runs under the ${r.schedules.join(' or ')} schedule only with these options: there is no schedule lockdemo could replay`,
    );
  }
  const picks = typeof options.schedule === 'string' ? parseSchedule(options.schedule, r.tasks) : ReplayPicks.of(options.schedule);
  const variant = variantOf(scenario, name);
  // Loaded here: a plain run never traces, and `lockdemo counter` should start fast.
  const { TraceRecorder } = await import('./trace.js');
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  let outcomes = r.outcomes;
  /** Runs the interleaving once, recording its steps when given a tracer. */
  const once = async (resource: R | undefined, tracer: InstanceType<typeof TraceRecorder> | undefined): Promise<Replayed> => {
    const picker = new ReplayPicker(picks);
    const log = new PickLog();
    let value: TrialValue | undefined;
    let waitCycle: string | undefined;
    const plan: TrialPlan<S, R> = {
      scenario,
      variant,
      params: r.params,
      timeoutMs: r.timeoutMs,
      maxSteps,
      picks: log,
      ...(tracer !== undefined ? { tracer } : {}),
      ...(random !== undefined ? { random } : {}),
      record: (v) => {
        value = v;
      },
      onTrialEnd: (trial) => {
        waitCycle = trial.waitCycle;
      },
      ...(resource !== undefined ? { resource } : {}),
    };
    let given = false;
    await controlledBatch(plan, { next: () => (given ? undefined : ((given = true), picker)), ended: () => {} }, options.trial ?? 0, 1);
    return { value, waitCycle, unused: picker.unused, schedule: formatSchedule(log.toArray()) };
  };
  // The interleaving runs twice: as it is, which decides the result, and traced. The recording
  // proxies of a trace can change what a program does (a state object used as a Map key or
  // cloned is then a proxy), so the trace is shown only when it ran the same steps to the same
  // value; otherwise the result stands without it, and says why.
  const tracer = new TraceRecorder();
  let plain: Replayed;
  let traced: Replayed | undefined;
  let opened = false;
  let resource: R | undefined;
  // Math.random is seeded while the scenario's code runs, and the caller's is put back after.
  const release = holdSeededRandom();
  try {
    if (scenario.open !== undefined) resource = await scenario.open(r.params);
    // `close` runs after the trials, with or without an `open` (given undefined then), as in a run.
    opened = true;
    if (isSerializable(scenario)) outcomes = await serialOutcomes(scenario, name, r.params, resource);
    plain = await once(resource, undefined);
    if (plain.unused === 0) {
      try {
        traced = await once(resource, tracer);
      } catch {
        traced = undefined;
      }
    }
  } finally {
    try {
      if (opened) await scenario.close?.(resource as R);
    } finally {
      release();
    }
  }
  const { value, unused } = plain;
  if (unused > 0 && isRunnerOutcome(value) && value.kind === 'step-limit') {
    throw new ReplayError(
      `the replay string has ${picks.length} steps, but ${optionWord('maxSteps')} ${maxSteps} ends the trial after step ${maxSteps}: raise ${optionWord('maxSteps')}`,
    );
  }
  if (unused > 0) {
    throw new ReplayError(`the replay string is too long: the trial finished after step ${picks.length - unused} of ${picks.length}`);
  }
  if (value === undefined) throw new Error('the replayed trial ended without a value');
  const ended = value;
  const row = gradeVariant(new Map([[ended, 1]]), 1, outcomes, variant.races).outcomes.find((o) => sameValue(o.value, ended));
  if (row === undefined) throw new Error('the replayed trial has no graded outcome');
  const faithful = traced !== undefined && traced.unused === 0 && Object.is(traced.value, ended) && traced.schedule === plain.schedule;
  return {
    variant: name,
    value: ended,
    grade: row.grade,
    ...(row.runner !== undefined ? { runner: row.runner } : {}),
    description: row.description,
    schedule: plain.schedule,
    events: faithful ? tracer.events : [],
    ...(faithful ? {} : { untraced: UNTRACED }),
    ...(plain.waitCycle ? { waitCycle: plain.waitCycle } : {}),
  };
}

/** Why a replay shows no steps: its traced run did not behave as the program does. */
export const UNTRACED =
  "no trace: the traced run did not repeat this run (recording proxies are not the objects themselves: a key, a clone, a getter with side effects; or state kept outside setup's); the result is the untraced run's";

interface Replayed {
  value: TrialValue | undefined;
  waitCycle: string | undefined;
  unused: number;
  schedule: string;
}
