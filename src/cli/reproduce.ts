// Only constants and types of the core: the engine itself loads in the worker, not here.
import { MAX_HANGS } from '../core/limits.js';
import { SCHEDULE_TABLE, type ScheduleName } from '../core/schedules/table.js';
import { removedLockFor, shellQuote, type RemovedLock } from './command-line.js';
import type { ScenarioInfo } from './contain/protocol.js';
import type { RunReport } from '../core/run-scenario.js';
import type { Declared } from './scenario-flags.js';
import type { RunCommandOptions } from './run-command-options.js';

/**
 * The reproduce lines of a run. A timed or interrupted run ran its own number of trials per
 * variant: each is repeated exactly (an exhaustive search stopped early, by its first
 * interleavings). A variant that finished none has nothing to repeat, and `--trials 0` would
 * be refused.
 */
export function reproduceLines(
  scenarioArg: string,
  settled: Parameters<typeof reproduceCommand>[1],
  scenario: Pick<ScenarioInfo, 'tasks' | 'options'>,
  report: Pick<RunReport, 'variants' | 'interrupted'>,
  run: { timed: boolean; traceTrial: number | undefined },
): string[] {
  if (!run.timed && !report.interrupted) return [reproduceCommand(scenarioArg, settled, scenario)];
  return report.variants
    .filter((v) => v.trials > 0)
    .map((v) =>
      reproduceCommand(
        scenarioArg,
        {
          ...settled,
          trials: v.trials,
          variant: [v.name],
          ...(settled.schedule === 'exhaustive' && !v.finished ? { maxInterleavings: v.trials } : {}),
          // A trial past those that ran was never traced: asked again, it would be refused.
          ...(run.traceTrial !== undefined && run.traceTrial > v.trials ? { traceTrial: undefined } : {}),
        },
        scenario,
      ),
    );
}

/** The command line that repeats this run exactly: every choice that was not the default. */
export function reproduceCommand(
  scenarioArg: string,
  o: Omit<RunCommandOptions, 'removeLock'> & {
    /** The run's `--remove-lock`: in the line only for variants that ask for it (see removedLockFor). */
    removedLock?: RemovedLock | undefined;
    schedule: ScheduleName;
    trials: number;
    seed: number;
    tasks: number;
    defaultSchedule: ScheduleName;
    /** The command as it ran, not as it repeats: a timed run names its --duration, not a trial count. */
    asRan?: boolean;
  },
  scenario: Pick<ScenarioInfo, 'tasks' | 'options'>,
): string {
  const parts = ['lockdemo', shellQuote(scenarioArg)];
  parts.push(...pastableFlags(scenario.options, o.scenarioOptions ?? {}).words);
  if (o.asRan === true && o.duration !== undefined) parts.push('--duration', String(o.duration));
  else if (SCHEDULE_TABLE[o.schedule].options.has('trials')) parts.push('--trials', String(o.trials));
  if (SCHEDULE_TABLE[o.schedule].seeded) parts.push('--seed', String(o.seed));
  if (o.schedule !== o.defaultSchedule) parts.push('--schedule', o.schedule);
  if (o.depth !== undefined) parts.push('--depth', String(o.depth));
  if (o.maxInterleavings !== undefined) parts.push('--max-interleavings', String(o.maxInterleavings));
  if (o.preemptions !== undefined) parts.push('--preemptions', String(o.preemptions));
  if (o.maxSteps !== undefined) parts.push('--max-steps', String(o.maxSteps));
  if (o.tasks !== scenario.tasks) parts.push('--tasks', String(o.tasks));
  if (o.allOutcomes) parts.push('--all-outcomes');
  parts.push(...timeoutWords(o.timeout));
  const lock = removedLockFor(o.removedLock, o.variant);
  if (lock !== undefined) parts.push('--remove-lock', shellQuote(lock));
  if (o.ablate) parts.push('--ablate');
  if (o.trace) parts.push('--trace');
  if (o.traceTrial !== undefined) parts.push('--trace-trial', String(o.traceTrial));
  // The counts are the same for every --jobs; the output is not (the header names the jobs, and
  // coverage is counted with one job only): the line repeats it byte for byte.
  if (o.jobs !== undefined && o.jobs !== 1) parts.push('--jobs', String(o.jobs));
  // Each variant once, as the run ran it (`--variant locked,locked` runs locked once).
  if (o.variant && o.variant.length > 0) parts.push('--variant', ...[...new Set(o.variant)].map(shellQuote));
  return parts.join(' ');
}

/** A secret given on the command line, left out of a printed command: the variable standing for it. */
export interface LeftOut {
  flag: string;
  variable: string;
}

/**
 * The words that repeat the given scenario options on a command line that can be pasted: a
 * secret is printed masked everywhere, and a masked value (`redis://:***@host`) would fail, so
 * it stands as a shell variable the user sets (the option's own variable when it has one). An
 * option the run took from its environment variable is written too, as the core read it
 * (resolve-run.ts): in a fresh shell the line would otherwise run with the default.
 */
/**
 * `--timeout` as given, for a line that runs a trial again: a trial that needed longer than the
 * default would hang when run as printed. Nothing when it was not given.
 */
export function timeoutWords(timeout: number | undefined): string[] {
  return timeout !== undefined ? ['--timeout', String(timeout)] : [];
}

export function pastableFlags(
  declared: Declared,
  given: Readonly<Record<string, string | undefined>>,
): { words: string[]; leftOut: LeftOut[] } {
  const words: string[] = [];
  const leftOut: LeftOut[] = [];
  const fromVariables = Object.entries(declared).flatMap(([name, option]): Array<[string, string]> => {
    const value = given[name] === undefined && option.env !== undefined ? process.env[option.env] : undefined;
    return value !== undefined && value !== '' ? [[name, value]] : [];
  });
  for (const [name, value] of [...Object.entries(given), ...fromVariables]) {
    if (value === undefined) continue;
    const option = declared[name];
    if (option?.secret === true) {
      const variable = option.env ?? `LOCKDEMO_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
      words.push(`--${name}`, `"$${variable}"`);
      leftOut.push({ flag: `--${name}`, variable });
    } else {
      words.push(`--${name}`, shellQuote(value));
    }
  }
  return { words, leftOut };
}

/** What the footer says about running the same thing again. */
export type Rerun =
  /** The schedule repeats the run: the commands, with a caveat where it repeats only some code. */
  | { label: 'reproduce' | 'rerun'; commands: readonly string[]; notes: readonly string[] }
  /** It does not: why. */
  | { label: 'none'; reason: string };

/** The variants stopped after MAX_HANGS hangs, and the workers that ran the trials. */
export interface HangCut {
  variants: readonly string[];
  jobs: number;
}

/**
 * Whether a rerun repeats this run, from the schedule table and what the scenario runs under: a
 * `reproduce:` line only where the schedule decides every step (a controlled one, from the seed);
 * under `event-loop` only code without real timers or I/O repeats, and a scenario that cannot run
 * under a controlled schedule (real threads, processes, I/O outside `t.io`) never does. Nor does
 * a variant stopped after MAX_HANGS hangs under several workers: which hangs came back first, and
 * so where the counted trials end, depended on timing (supervised-run.ts). With one worker the
 * hangs come in trial order, and the same trials hang again. Nor, whatever the schedule, does a
 * scenario that exhaustive search found not deterministic.
 */
export function rerunOf(
  schedule: ScheduleName,
  scenarioSchedules: readonly ScheduleName[],
  commands: readonly string[],
  leftOut: readonly LeftOut[],
  cut?: HangCut,
  /** Variants whose search found the scenario not deterministic: the same run gives other results. */
  changing: readonly string[] = [],
  /** Trials that did not come back within --timeout: whether a trial near it does is the machine's doing. */
  hung = 0,
): Rerun {
  const facts = SCHEDULE_TABLE[schedule];
  if (changing.length > 0) {
    return {
      label: 'none',
      reason: `not reproducible: ${changing.join(', ')} gave another result when an interleaving ran again (the scenario is not deterministic)`,
    };
  }
  if (!facts.reproducible)
    return { label: 'none', reason: `not reproducible: under ${schedule} real timers decide, so a rerun gives different counts` };
  if (!facts.controlled && !scenarioSchedules.some((name) => SCHEDULE_TABLE[name].controlled)) {
    return {
      label: 'none',
      reason: `not reproducible: this scenario runs real threads, processes or I/O, which ${schedule} does not control, so a rerun gives different counts`,
    };
  }
  if (cut !== undefined && cut.jobs > 1 && cut.variants.length > 0) {
    return {
      label: 'none',
      reason:
        `not reproducible: ${cut.variants.join(', ')} stopped after ${MAX_HANGS} hangs, and with ${cut.jobs} jobs which ` +
        'trials hung first depends on timing, so a rerun may count other trials (with --jobs 1 a run stops in trial order)',
    };
  }
  const secrets = leftOut.map((l) => `set ${l.variable} to the value of ${l.flag} first (the secret is left out)`);
  if (!facts.controlled)
    return {
      label: 'rerun',
      commands,
      notes: [`the same counts only for code without real timers or I/O (${schedule} decides)`, ...secrets],
    };
  // A trial stopped at --timeout may have been about to come back: on another run, or another
  // machine, it may, and the counts differ. Only a trial that never ends hangs every time.
  if (hung > 0) {
    return {
      label: 'rerun',
      commands,
      notes: ['the same counts only if the same trials hang again (a trial near --timeout may come back on a rerun)', ...secrets],
    };
  }
  return { label: 'reproduce', commands, notes: secrets };
}
