/**
 * The library's entry points check what a caller handed them, in one place: that the scenario
 * was made by defineScenario, and that the options are an object of known keys of the right
 * shape. TypeScript checks the same at compile time; these checks are for JavaScript callers and
 * casts, which would otherwise get a silently ignored option or a TypeError from deep inside.
 */
import { closest } from './closest-name.js';
import { describeValue } from './observed-value.js';
import { RunOptionError } from './resolve-run.js';
import type { ReplayOptions, RunOptions } from './run-options.js';
import { isScenario, ScenarioError, type Scenario } from './scenario.js';

/** Every key of RunOptions: a Record over its keys, so that a new option cannot be left out. */
const RUN_KEYS: Record<keyof RunOptions, true> = {
  trials: true,
  seed: true,
  schedule: true,
  variants: true,
  tasks: true,
  timeoutMs: true,
  depth: true,
  maxInterleavings: true,
  preemptions: true,
  maxSteps: true,
  captureTrial: true,
  jobs: true,
  moduleUrl: true,
  durationMs: true,
  options: true,
  coverage: true,
  extendVariant: true,
  onProgress: true,
  onVariant: true,
  onStart: true,
  signal: true,
};

const REPLAY_KEYS: Record<keyof ReplayOptions, true> = {
  variant: true,
  tasks: true,
  schedule: true,
  options: true,
  maxSteps: true,
  timeoutMs: true,
  trial: true,
  seed: true,
};

/** Refuses anything but a scenario made by defineScenario (in this copy of lockdemo or another). */
export function checkScenarioArgument(call: string, value: unknown): asserts value is Scenario<unknown, unknown> {
  if (isScenario(value)) return;
  throw new ScenarioError(`${call}(): not a scenario made by defineScenario() from 'lockdemo' (got ${describeValue(value)})`);
}

/** The options of runScenario: an object (or nothing) of RunOptions' keys, `variants` an array of names. */
export function checkRunOptions(options: unknown): asserts options is RunOptions | undefined {
  checkKeys('runScenario', options, RUN_KEYS);
  checkVariantList((options as RunOptions | undefined)?.variants);
}

/** `variants`, where given: an array of names. */
export function checkVariantList(variants: unknown): void {
  if (variants !== undefined && (!Array.isArray(variants) || !variants.every((name) => typeof name === 'string'))) {
    throw new RunOptionError(`variants must be an array of variant names, such as ['locked'], got ${describeValue(variants)}`, {
      option: 'variants',
      given: variants,
    });
  }
}

/** The options of replayTrial: an object of ReplayOptions' keys, with the schedule to replay. */
export function checkReplayOptions(options: unknown): asserts options is ReplayOptions {
  checkKeys('replayTrial', options, REPLAY_KEYS);
  const schedule = (options as Partial<ReplayOptions> | undefined)?.schedule;
  const picks = Array.isArray(schedule) && schedule.every((pick) => Number.isInteger(pick) && (pick as number) >= 0);
  if (typeof schedule !== 'string' && !picks) {
    throw new RunOptionError(
      `replayTrial() needs schedule: a replay string such as "A B A B" or an array of task ids such as [0, 1, 0, 1], got ${describeValue(schedule)}`,
      { option: 'schedule', given: schedule },
    );
  }
}

/** That `options` is an object (or nothing) whose keys are all in `known`: a misspelt option is refused, with the close one. */
export function checkKeys(call: string, options: unknown, known: Readonly<Record<string, true>>): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new RunOptionError(`${call}() takes its options as an object (or none), got ${describeValue(options)}`, { given: options });
  }
  const accepted = Object.keys(known);
  for (const key of Object.keys(options)) {
    if (Object.hasOwn(known, key)) continue;
    const near = closest(key, accepted);
    const hint = near !== undefined ? `did you mean ${near}?` : `its options: ${accepted.join(', ')}`;
    throw new RunOptionError(`${call}() has no option ${key} (${hint})`, { option: key, given: key, accepted });
  }
}
