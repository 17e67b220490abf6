import type { ScheduleName } from '../core/schedules/table.js';
import { CliError } from './exit-codes.js';
import type { ScenarioInfo } from './contain/protocol.js';

/** What `lockdemo <scenario>` was asked, and the checks that need nothing but the flags themselves. */

/** The options of `lockdemo <scenario>`, as commander parsed them. */
export interface RunCommandOptions {
  /** Trials per variant; default: the scenario's own (1000). */
  trials?: number;
  /** Seed of the random, pct and timers schedules; default: a fresh one. */
  seed?: number;
  /** Default: the scenario's first schedule (`random` for the built-ins that await only `t`). */
  schedule?: ScheduleName;
  /**
   * The scenario's own options given on the command line, by name (`{ origin: 'http' }`);
   * the core applies the defaults and variables of the others.
   */
  scenarioOptions?: Record<string, string>;
  /** Variants to run; default all. */
  variant?: string[];
  /** Tasks per trial; default: the scenario's own. */
  tasks?: number;
  /** Per-trial timeout (ms), enforced from outside; default the scenario's own, else 5000. */
  timeout?: number;
  /** Worker threads (random and pct); default 1. */
  jobs?: number | 'auto';
  /** Seconds per variant, instead of a number of trials. */
  duration?: number;
  /** pct: the bug depth; default 3. */
  depth?: number;
  /** exhaustive: the bound on interleavings per variant; default 1,000,000. */
  maxInterleavings?: number;
  /** exhaustive: the bound on preemptions per interleaving; default none. */
  preemptions?: number;
  /** Controlled schedules: scheduling steps per trial before a step-limit outcome; default 10,000. */
  maxSteps?: number;
  /** Trace the first racing trial of each variant. */
  trace?: boolean;
  /** Trace this trial (1-based) of each variant. */
  traceTrial?: number;
  /** Run exactly this interleaving and trace it. */
  replay?: string;
  /** With `replay`: the trial (1-based) it runs as, whose index `setup` sees; default 1. */
  replayTrial?: number;
  /** Show declared outcomes that never occurred as rows, not folded into one line. */
  allOutcomes?: boolean;
  /** Print one JSON document instead of tables. */
  json?: boolean;
  /** `--no-color` sets this to false. */
  color?: boolean;
  /** Also write a self-contained HTML report to this file. */
  html?: string;
  /** Remove each lock of every passing variant that forbids races, and re-run the proof. */
  ablate?: boolean;
  /** Run with this lock removed (`t.lock` or a name given to `t.lockNamed`). */
  removeLock?: string;
}

/** Options that only make sense together are checked before anything runs. */
export function checkCombinations(o: RunCommandOptions): void {
  if (o.replayTrial !== undefined && o.replay === undefined)
    throw usage('--replay-trial says which trial a --replay runs as: give --replay too');
  if (o.replay !== undefined && (o.trace || o.traceTrial !== undefined))
    throw usage('--replay already prints its trace; drop --trace and --trace-trial');
  if (o.duration !== undefined && o.trials !== undefined) throw usage('--duration and --trials both say how long to run: give one of them');
  if (o.removeLock === '') throw usage('--remove-lock needs a lock name: t.lock, or a name given to t.lockNamed');
  if (o.removeLock !== undefined && o.jobs !== undefined && o.jobs !== 1) throw usage('--remove-lock runs in this thread: drop --jobs');
  if (o.ablate && o.replay !== undefined) throw usage('--ablate re-runs the proof of a whole variant; drop --replay');
  if (o.replay !== undefined) {
    // A replay runs the one interleaving it is given: what chooses or counts trials has no say
    // (--seed does: the trial's Math.random draws by the run's seed, see trial-random.ts).
    const sampling: Array<[string, unknown]> = [
      ['--schedule', o.schedule],
      ['--trials', o.trials],
      ['--duration', o.duration],
      ['--depth', o.depth],
      ['--max-interleavings', o.maxInterleavings],
      ['--preemptions', o.preemptions],
      ['--jobs', o.jobs],
      ['--all-outcomes', o.allOutcomes],
    ];
    const given = sampling.filter(([, value]) => value !== undefined && value !== false).map(([flag]) => flag);
    if (given.length > 0) {
      throw usage(
        `--replay runs exactly the interleaving it is given, so ${given.join(', ')} cannot apply: drop ${given.length === 1 ? 'it' : 'them'}`,
      );
    }
  }
}

/** The scenario's own options given (the core checks the scenario declares them). */
export function scenarioOptionsOf(o: RunCommandOptions): Record<string, string> {
  const given = o.scenarioOptions ?? {};
  for (const [name, value] of Object.entries(given)) {
    if (value === '') throw usage(`--${name} needs a value (leave the option out for its default)`);
  }
  return given;
}

export function usage(message: string): CliError {
  return new CliError('usage', message);
}

/** Every variant asked for with --variant is one of the scenario's, or a usage error naming those it has. */
export function checkVariants(scenario: Pick<ScenarioInfo, 'name' | 'variants'>, wanted: string[] | undefined): void {
  const names = scenario.variants.map((v) => v.name);
  for (const name of wanted ?? []) {
    if (names.includes(name)) continue;
    throw CliError.unknown({ what: 'variant', given: name, accepted: names, within: `scenario "${scenario.name}"` });
  }
}
