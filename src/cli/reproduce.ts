// Only constants and types of the core: the engine itself loads in the worker, not here.
import { SCHEDULE_TABLE, type ScheduleName } from '../core/schedules/table.js';
import { shellQuote } from './command-line.js';
import type { ScenarioInfo } from './contain/protocol.js';
import { flagWords } from './scenario-flags.js';
import type { RunCommandOptions } from './run-command-options.js';

/** The command line that repeats this run exactly: every choice that was not the default. */
export function reproduceCommand(
  scenarioArg: string,
  o: RunCommandOptions & { schedule: ScheduleName; trials: number; seed: number; tasks: number; defaultSchedule: ScheduleName },
  scenario: Pick<ScenarioInfo, 'tasks' | 'options'>,
): string {
  const parts = ['lockdemo', shellQuote(scenarioArg)];
  parts.push(...flagWords(scenario.options, o.scenarioOptions ?? {}));
  if (SCHEDULE_TABLE[o.schedule].options.has('trials')) parts.push('--trials', String(o.trials));
  if (SCHEDULE_TABLE[o.schedule].seeded) parts.push('--seed', String(o.seed));
  if (o.schedule !== o.defaultSchedule) parts.push('--schedule', o.schedule);
  if (o.depth !== undefined) parts.push('--depth', String(o.depth));
  if (o.maxInterleavings !== undefined) parts.push('--max-interleavings', String(o.maxInterleavings));
  if (o.preemptions !== undefined) parts.push('--preemptions', String(o.preemptions));
  if (o.maxSteps !== undefined) parts.push('--max-steps', String(o.maxSteps));
  if (o.tasks !== scenario.tasks) parts.push('--tasks', String(o.tasks));
  if (o.timeout !== undefined) parts.push('--timeout', String(o.timeout));
  if (o.removeLock !== undefined) parts.push('--remove-lock', shellQuote(o.removeLock));
  if (o.ablate) parts.push('--ablate');
  if (o.trace) parts.push('--trace');
  if (o.traceTrial !== undefined) parts.push('--trace-trial', String(o.traceTrial));
  if (o.variant && o.variant.length > 0) parts.push('--variant', ...o.variant.map(shellQuote));
  return parts.join(' ');
}
