/**
 * What the worker does for each request of the supervisor. Loaded by host.ts right away, so
 * the engine's modules are compiled while the main thread is still parsing the command line.
 */
import { gradeVariant } from '../../core/grading.js';
import { PctPicker } from '../../core/schedules/pct.js';
import { oddsOf } from '../../core/random-odds.js';
import { variantExtender } from '../../core/variant-extras.js';
import { outcomesFor, replayTrial, resolveRun, RunOptionError } from '../../core/run-scenario.js';
import { ScenarioError, type RunParams, type Scenario, type Variant } from '../../core/scenario.js';
import { Tally } from '../../core/tally.js';
import { measureSteps } from '../../core/trial-loop.js';
import { makePlan } from '../../core/trial-plan.js';
import { randomKey } from '../../core/trial-random.js';
import { describeThrown } from '../../core/describe-thrown.js';
import { Phase, setPhase } from '../../core/heartbeat.js';
import { withoutReplaySample } from '../../core/replay-sample.js';
import { loadScenario } from '../load-scenario.js';
import { containScenario } from './contained-scenario.js';
import { oddsFor, runRangeRequest, runSampleRequest, variantOutcomes } from './host-range.js';
import type { Answers, OnProgress, PrepareFlags, Request, ScenarioInfo } from './protocol.js';
import type { RemovedLock } from '../command-line.js';

// How errors cross to the main thread: loaded with the engine, for host.ts to use at once.
export { toWire, uncaughtToWire } from './wire-error.js';

export async function load(target: string): Promise<Scenario<unknown, unknown>> {
  return containScenario(await loadScenario(target));
}

export function describe(scenario: Scenario<unknown, unknown>): ScenarioInfo {
  const options: ScenarioInfo['options'] = {};
  for (const [name, option] of Object.entries(scenario.options ?? {})) {
    options[name] = {
      description: String(option.description),
      ...(option.choices ? { choices: [...option.choices].map(String) } : {}),
      ...(option.default !== undefined ? { default: String(option.default) } : {}),
      ...(option.env !== undefined ? { env: String(option.env) } : {}),
      ...(option.placeholder !== undefined ? { placeholder: String(option.placeholder) } : {}),
      ...(option.secret === true ? { secret: true } : {}),
    };
  }
  return {
    name: scenario.name,
    summary: scenario.summary,
    tasks: scenario.tasks,
    variants: Object.entries(scenario.variants).map(([name, v]) => ({
      name,
      races: v.races,
      ...(typeof v.summary === 'string' ? { summary: v.summary } : {}),
    })),
    options,
    // `close` runs once after the trials whether or not there is an `open` (with the resource
    // undefined then): the session opens a worker for either, so that it is closed after.
    opens: scenario.open !== undefined || scenario.close !== undefined,
    ...(typeof scenario.unit === 'string' ? { unit: scenario.unit } : {}),
  };
}

/** The scenario with --remove-lock applied and checked for --ablate (see run-extras.ts), and the variants that take the lock. */
export async function prepare(
  scenario: Scenario<unknown, unknown>,
  flags: PrepareFlags,
): Promise<{ scenario: Scenario<unknown, unknown>; removedLock?: RemovedLock }> {
  // Loaded here: only --remove-lock and --ablate need it.
  const { prepareScenario } = await import('../prepare-scenario.js');
  return prepareScenario(scenario, flags, flags.options);
}

export async function open(scenario: Scenario<unknown, unknown>, params: RunParams): Promise<unknown> {
  if (scenario.open === undefined) return undefined;
  try {
    return await scenario.open(params);
  } catch (error) {
    // A scenario says an option does not work (Redis unreachable, a wrong password): exit 2.
    if (isNamed(error, 'RunOptionError')) throw new RunOptionError(describeThrown(error));
    throw new ScenarioError(
      `${scenario.name} could not start what its trials share: ${describeThrown(error).replace(/^scenario "[^"]*": "open" threw: /, '')}`,
    );
  }
}

export async function close(scenario: Scenario<unknown, unknown>, resource: unknown): Promise<void> {
  await scenario.close?.(resource);
}

/** The variant a request names (the supervisor names only variants the scenario has). */
function variantOf(scenario: Scenario<unknown, unknown>, name: string): Variant<unknown> {
  const variant = scenario.variants[name];
  if (variant === undefined) throw new Error(`${scenario.name} has no variant "${name}"`);
  return variant;
}

/**
 * The scenario with what this worker opened as its `open`, and no `close`: re-runs inside a
 * request (a replay, the extras, a check) share the run's resource, and `close` runs once, when
 * the session closes the worker.
 */
function sharing(scenario: Scenario<unknown, unknown>, resource: unknown): Scenario<unknown, unknown> {
  return Object.freeze({ ...scenario, ...(scenario.open !== undefined ? { open: () => resource } : {}), close: undefined });
}

/** A variant's trials graded: the `grade` request, and a range asked to grade its own trials. */
async function grade(
  scenario: Scenario<unknown, unknown>,
  resource: unknown,
  request: Pick<Extract<Request, { type: 'grade' }>, 'variant' | 'params' | 'result' | 'done' | 'complete'>,
): Promise<Answers['grade']> {
  const variant = variantOf(scenario, request.variant);
  const tally = new Tally([], variant.races, undefined);
  tally.merge(request.result);
  const outcomes = await variantOutcomes(scenario, request.variant, request.params, resource);
  const graded = gradeVariant(tally.counts(), request.done, outcomes, variant.races);
  const odds = request.complete === true ? oddsFor(request.variant) : undefined;
  return { ...graded, ...(odds ? { randomOdds: oddsOf(odds, graded.outcomes, outcomes, variant.races) } : {}) };
}

function isNamed(error: unknown, name: string): boolean {
  try {
    return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;
  } catch {
    return false;
  }
}

type Handled = Exclude<Request, { type: 'load' | 'open' | 'close' | 'prepare' }>;

export async function handle<R extends Handled>(
  scenario: Scenario<unknown, unknown>,
  resource: unknown,
  request: R,
  progress: OnProgress,
): Promise<Answers[R['type']]> {
  return (await dispatch(scenario, resource, request, progress)) as Answers[R['type']];
}

async function dispatch(scenario: Scenario<unknown, unknown>, resource: unknown, request: Handled, progress: OnProgress): Promise<unknown> {
  switch (request.type) {
    case 'resolve': {
      const { scenario: _, outcomes: __, ...plain } = resolveRun(scenario, request.options);
      return plain;
    }
    case 'pct': {
      const variant = variantOf(scenario, request.variant);
      const tally = new Tally(outcomesFor(scenario, request.params), variant.races, undefined);
      const steps = await measureSteps(
        makePlan(scenario, variant, request.params, 0, tally, resource, request.maxSteps, randomKey(request.seed, request.variant)),
        request.seed,
        request.variant,
      );
      return PctPicker.info(request.params.tasks, steps, request.depth);
    }
    case 'range': {
      const ran = await runRangeRequest(scenario, resource, request, progress);
      if (request.grade !== true) return ran;
      // The trials' tally goes out first, as the answer of a range without a grade would: should
      // the grading be stopped (Ctrl-C while an outcome's code runs), the supervisor still
      // counts every trial that came back, and asks a fresh worker for the grade.
      progress(ran.done, ran.result);
      // Graded as a `grade` request would be, in the phase it would run in.
      setPhase(Phase.Other);
      const { variant, params } = request;
      return {
        ...ran,
        graded: await grade(scenario, resource, { variant, params, result: ran.result, done: ran.done, complete: ran.complete }),
      };
    }
    case 'sample':
      return runSampleRequest(request.variant);
    case 'grade':
      return grade(scenario, resource, request);
    case 'extend': {
      // Its re-runs use what this worker opened, as the run's trials did; the session closes it.
      const extend = variantExtender(sharing(scenario, resource), {
        tasks: request.tasks,
        options: request.options,
        ...(request.ablate ? { ablate: true } : {}),
        ...(request.maxSteps !== undefined ? { maxSteps: request.maxSteps } : {}),
      });
      // Its re-runs are trials like the run's: one that never comes back is a hang to stop.
      setPhase(Phase.Tasks);
      try {
        return (await extend(request.report)) ?? null;
      } finally {
        setPhase(Phase.Other);
      }
    }
    case 'replay': {
      // The trial runs with what this worker opened, as every trial of the run did.
      return replayTrial(sharing(scenario, resource), {
        variant: request.variant,
        tasks: request.tasks,
        schedule: request.schedule,
        options: request.options,
        ...(request.trial !== undefined ? { trial: request.trial } : {}),
        ...(request.maxSteps !== undefined ? { maxSteps: request.maxSteps } : {}),
        ...(request.seed !== undefined ? { seed: request.seed } : {}),
      });
    }
    case 'check': {
      // What the check opened once for all its variants (see check-command.ts), as a run shares
      // it; the session closes it, once, after the check.
      const only: Scenario<unknown, unknown> = Object.freeze({
        ...sharing(scenario, resource),
        variants: { [request.variant]: variantOf(scenario, request.variant) },
      });
      // Loaded here: a run never checks.
      const { checkScenario } = await import('../../core/check.js');
      if (request.countsOnly === true) return withoutReplaySample(() => checkScenario(only, request.options));
      const tasks = request.options.tasks;
      // Its re-runs use what this worker opened, as the check's trials do: never `close` (which the session runs once).
      const extendVariant = variantExtender(sharing(scenario, resource), {
        ...(tasks !== undefined ? { tasks } : {}),
        ...(request.options.options !== undefined ? { options: request.options.options } : {}),
        ...(request.ablate ? { ablate: true } : {}),
        ...(request.options.maxSteps !== undefined ? { maxSteps: request.options.maxSteps } : {}),
      });
      return checkScenario(only, { ...request.options, ...(request.noExtras === true ? {} : { extendVariant }) });
    }
  }
}
