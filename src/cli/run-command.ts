import { freshSeed } from '../core/prng.js';
import { runScenario, RunOptionError, type ScheduleName, type VariantReport } from '../core/run-scenario.js';
import { ScenarioError, type Scenario } from '../core/scenario.js';
import { createColors } from './colors.js';
import { CliError, ExitCode } from './exit-codes.js';
import type { Io } from './io.js';
import { loadScenario } from './load-scenario.js';
import { ProgressLine } from './progress.js';
import { renderFooter, renderHeader, renderVariant } from './render.js';
import { closest } from './suggest.js';

/** The options of `lockdemo <scenario>`, as commander parsed them. */
export interface RunCommandOptions {
  /** Trials per variant; default: the scenario's own (1000). */
  trials?: number;
  /** Seed of the random schedule; default: a fresh one. */
  seed?: number;
  /** Default `random`. */
  schedule: ScheduleName;
  /** Variants to run; default all. */
  variant?: string[];
  /** Tasks per trial; default: the scenario's own. */
  tasks?: number;
  /** Per-trial timeout (ms) under event-loop and timers; default 5000. */
  timeout: number;
  /** Print one JSON document instead of tables. */
  json?: boolean;
  /** `--no-color` sets this to false. */
  color?: boolean;
}

export async function runCommand(scenarioArg: string, options: RunCommandOptions, io: Io): Promise<number> {
  const scenario = await loadScenario(scenarioArg);
  checkVariants(scenario, options.variant);
  const c = createColors({ isTTY: io.stdout.isTTY, env: io.env, ...(options.color === false ? { flag: false } : {}) });
  const progress = new ProgressLine(io.stderr, scenario.name);
  const trials = options.trials ?? scenario.trials;
  const tasks = options.tasks ?? scenario.tasks;
  const seed = options.seed ?? freshSeed();

  if (!options.json) {
    io.stdout.write(renderHeader(c, { scenario: scenario.name, summary: scenario.summary, trials, schedule: options.schedule, seed, tasks }));
  }
  let report;
  try {
    report = await runScenario(scenario, {
      trials,
      seed,
      tasks,
      schedule: options.schedule,
      timeoutMs: options.timeout,
      ...(options.variant ? { variants: options.variant } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
      onProgress: (p) => progress.update(p),
      onVariant: (v: VariantReport) => {
        progress.clear();
        if (!options.json) io.stdout.write(renderVariant(c, v, io.stdout.columns ?? 100));
      },
    });
  } catch (error) {
    progress.clear();
    if (error instanceof RunOptionError) throw new CliError(ExitCode.Usage, error.message);
    if (error instanceof ScenarioError) throw new CliError(ExitCode.Load, error.message);
    throw error;
  }
  progress.clear();
  if (options.json) {
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    io.stdout.write(renderFooter(c, report, reproduceCommand(scenarioArg, { ...options, trials, seed, tasks }, scenario)));
  }
  if (report.interrupted) return ExitCode.Interrupted;
  return report.verdict === 'pass' ? ExitCode.Ok : ExitCode.Forbidden;
}

function checkVariants(scenario: Scenario<any>, wanted: string[] | undefined): void {
  const names = Object.keys(scenario.variants);
  for (const name of wanted ?? []) {
    if (names.includes(name)) continue;
    const guess = closest(name, names);
    throw new CliError(
      ExitCode.Usage,
      `unknown variant "${name}" for scenario "${scenario.name}". Available: ${names.join(', ')}${guess ? `. Did you mean "${guess}"?` : ''}`,
    );
  }
}

/** The command line that repeats this run exactly: every choice that was not the default. */
export function reproduceCommand(
  scenarioArg: string,
  o: RunCommandOptions & { trials: number; seed: number; tasks: number },
  scenario: Scenario<any>,
): string {
  const parts = ['lockdemo', shellQuote(scenarioArg), '--trials', String(o.trials)];
  if (o.schedule !== 'event-loop') parts.push('--seed', String(o.seed));
  if (o.schedule !== 'random') parts.push('--schedule', o.schedule);
  if (o.tasks !== scenario.tasks) parts.push('--tasks', String(o.tasks));
  if (o.variant && o.variant.length > 0) parts.push('--variant', ...o.variant.map(shellQuote));
  if (o.timeout !== 5000 && o.schedule !== 'random') parts.push('--timeout', String(o.timeout));
  return parts.join(' ');
}

function shellQuote(s: string): string {
  return /^[\w./:@%+=,-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}
