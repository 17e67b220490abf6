/**
 * A scenario as the worker runs it: every function of the scenario wrapped so that a broken
 * contract (a `trials` that returns NaN, an `observe` that returns an object, an `available`
 * that throws) is reported as such, naming the field (exit 3), and so that the supervisor
 * knows whether scenario code is in `setup`, the tasks or `observe` when it stops answering.
 */
import { describeThrown } from '../../core/describe-thrown.js';
import { Phase, setPhase, setupStarting } from '../../core/heartbeat.js';
import { describeValue } from '../../core/observed-value.js';
import { RunOptionError } from '../../core/resolve-run.js';
import { SCHEDULES } from '../../core/run-scenario.js';
import { MAX_TEXT, ScenarioError, type RunParams, type Scenario, type TrialParams, type Variant } from '../../core/scenario.js';
import { isSerializable } from '../../core/serializable.js';
import { trialOf } from '../../core/setup-params.js';

export function containScenario(scenario: Scenario<unknown, unknown>): Scenario<unknown, unknown> {
  const where = `scenario "${scenario.name}"`;
  const fail = (field: string, expected: string, got: unknown): never => {
    throw new ScenarioError(`${where}: "${field}" must ${expected}, got ${describeValue(got)}`);
  };
  const call = <T>(field: string, fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      throw attributed(`${where}: "${field}"`, error);
    }
  };
  const setup = (params: TrialParams<unknown>): unknown => {
    setupStarting(trialOf(params));
    setPhase(Phase.Setup);
    const state = scenario.setup(params);
    if (isThenable(state)) return Promise.resolve(state).finally(() => setPhase(Phase.Tasks));
    setPhase(Phase.Tasks);
    return state;
  };
  const observe = (state: unknown, params: RunParams): unknown => {
    setPhase(Phase.Observe);
    // What it returns is checked by the core's trial loop (observed-value.ts), which ends the run there.
    const value = scenario.observe(state, params);
    if (isThenable(value)) return Promise.resolve(value).finally(() => setPhase(Phase.Tasks));
    setPhase(Phase.Tasks);
    return value;
  };
  const trials = (params: RunParams): number => {
    const n = call('trials', () => (typeof scenario.trials === 'function' ? scenario.trials(params) : scenario.trials));
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 1e9) fail('trials', 'be an integer from 1 to 1e9', n);
    return n;
  };
  const schedules = (params: RunParams): readonly string[] => {
    const list = call('schedules', () =>
      typeof scenario.schedules === 'function' ? scenario.schedules(params) : (scenario.schedules ?? SCHEDULES),
    );
    if (!Array.isArray(list) || list.length === 0 || !list.every((s) => (SCHEDULES as readonly unknown[]).includes(s))) {
      fail('schedules', `list at least one of ${SCHEDULES.join(', ')}`, list);
    }
    return list;
  };
  const outcomes = (params: RunParams): unknown => {
    const list = call('outcomes', () => (typeof scenario.outcomes === 'function' ? scenario.outcomes(params) : scenario.outcomes));
    if (!Array.isArray(list)) fail('outcomes', 'be an array (or a function returning one)', list);
    return list;
  };
  const variants: Record<string, Variant<unknown>> = {};
  for (const [name, variant] of Object.entries(scenario.variants)) {
    const available = variant.available;
    variants[name] = Object.freeze({
      ...variant,
      ...(available === undefined
        ? {}
        : {
            available: (params: RunParams): true | string => {
              const answer = call(`variants.${name}.available`, () => available(params));
              if (answer !== true && typeof answer !== 'string') fail(`variants.${name}.available`, 'return true or a reason', answer);
              return answer;
            },
          }),
    });
  }
  const { open, close, setting } = scenario;
  return Object.freeze({
    ...scenario,
    setup,
    observe,
    trials,
    schedules,
    // `outcomes: 'serializable'` stays the marker the core looks for (see serializable.ts).
    outcomes: isSerializable(scenario) ? scenario.outcomes : outcomes,
    variants,
    ...(setting === undefined
      ? {}
      : {
          setting: (params: RunParams): string | undefined => {
            const line = call('setting', () => setting(params));
            if (line !== undefined && (typeof line !== 'string' || line.length > MAX_TEXT)) {
              fail('setting', `return a string of at most ${MAX_TEXT} characters (or nothing)`, line);
            }
            return line;
          },
        }),
    ...(open === undefined ? {} : { open: (params: RunParams) => call('open', () => open(params)) }),
    ...(close === undefined ? {} : { close: (resource: unknown) => call('close', () => close(resource)) }),
  }) as unknown as Scenario<unknown, unknown>;
}

/** What a field of the scenario threw, as the scenario's error (a hostile value included). */
function attributed(field: string, error: unknown): Error {
  try {
    if (error instanceof ScenarioError || error instanceof RunOptionError) return error;
    // A scenario says an option does not work (usage), perhaps with another copy of lockdemo's class.
    if (error instanceof Error && error.name === 'RunOptionError') return new RunOptionError(describeThrown(error));
  } catch {
    // A Proxy whose traps throw: described below, as any other value.
  }
  return new ScenarioError(`${field} threw: ${describeThrown(error)}`);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
