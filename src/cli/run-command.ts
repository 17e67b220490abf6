// Only constants and types of the core: the engine itself loads in the worker, not here.
import type { RunReport, TracedTrial, TrialRecord, VariantReport } from '../core/run-scenario.js';
import { DEFAULT_PCT_DEPTH } from '../core/limits.js';
import { CONTROLLED_SCHEDULES, SCHEDULE_TABLE, type ScheduleName } from '../core/schedules/table.js';
import { HANG } from '../core/runner-outcomes.js';
import { createColors, type Colors } from './colors.js';
import { CliError, ExitCode } from './exit-codes.js';
import type { Io } from './io.js';
import { formatCount, renderFooter, renderHeader, renderVariant } from './render.js';
import { replayedTrial, replayLine, shellQuote, withRemoveLock } from './command-line.js';
import { fitLines, terminalWidth } from './text-width.js';
import { teachingView } from './variant-notes.js';
import { extrasLines, replayCommandOf, smallestSchedule, smallestTitle } from './run-extras.js';
import type { ScenarioInfo } from './contain/protocol.js';
import { Session } from './contain/session.js';
import { runSupervised } from './contain/supervised-run.js';
import { StoppedWorker } from './contain/host-worker.js';
import { unitWord } from '../core/schedules/table.js';
import { flagWords, settingOf, shownOptions } from './scenario-flags.js';

/** The per-trial timeout when neither --timeout nor the scenario gives one. */
export const DEFAULT_TIMEOUT_MS = 5000;

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

/**
 * `lockdemo <scenario>`. The scenario's code runs only in supervised workers (see contain/):
 * this thread never imports it, so it can always stop it and always decide the exit code.
 */
export async function runCommand(scenarioArg: string, options: RunCommandOptions, io: Io, started?: Session): Promise<number> {
  let closed = false;
  const abandon = (): Promise<void> | undefined => (closed ? undefined : started?.abandon());
  try {
    checkCombinations(options);
    if (options.html !== undefined) (await import('./html/write-report.js')).checkHtmlPath(options.html);
  } catch (error) {
    await abandon();
    throw error;
  }
  // Started already when the command line gave the scenario's own options (see main.ts).
  const session = started ?? (await Session.start(scenarioArg, options.timeout ?? DEFAULT_TIMEOUT_MS, io.signal));
  try {
    await checkVariants(session.info, options.variant);
    // --remove-lock and --ablate apply to the scenario in the worker (see run-extras.ts).
    if (options.removeLock !== undefined || options.ablate) {
      await session.applyFlags({
        ...(options.removeLock !== undefined ? { removeLock: options.removeLock } : {}),
        ...(options.ablate ? { ablate: true } : {}),
        ...(options.variant ? { variant: options.variant } : {}),
        ...(options.tasks !== undefined ? { tasks: options.tasks } : {}),
        options: scenarioOptionsOf(options),
      });
    }
    const c = await createColors({ isTTY: io.stdout.isTTY, env: io.env, ...(options.color === false ? { flag: false } : {}) });
    const status =
      options.replay !== undefined
        ? await replayCommand(scenarioArg, session, options, io, c)
        : await sampleCommand(scenarioArg, session, options, io, c);
    closed = true;
    await session.close();
    return status;
  } finally {
    if (!closed) await session.abandon();
  }
}

/** Options that only make sense together are checked before anything runs. */
export function checkCombinations(o: RunCommandOptions): void {
  if (o.replayTrial !== undefined && o.replay === undefined)
    throw usage('--replay-trial says which trial a --replay runs as: give --replay too');
  if (o.replay !== undefined && (o.trace || o.traceTrial !== undefined))
    throw usage('--replay already prints its trace; drop --trace and --trace-trial');
  if (o.duration !== undefined && o.trials !== undefined) throw usage('--duration and --trials both say how long to run: give one of them');
  if (o.removeLock !== undefined && o.jobs !== undefined && o.jobs !== 1) throw usage('--remove-lock runs in this thread: drop --jobs');
  if (o.ablate && o.replay !== undefined) throw usage('--ablate re-runs the proof of a whole variant; drop --replay');
}

/** The scenario's own options given (the core checks the scenario declares them). */
function scenarioOptionsOf(o: RunCommandOptions): Record<string, string> {
  const given = o.scenarioOptions ?? {};
  for (const [name, value] of Object.entries(given)) {
    if (value === '') throw usage(`--${name} needs a value (leave the option out for its default)`);
  }
  return given;
}

function usage(message: string): CliError {
  return new CliError(ExitCode.Usage, message);
}

/** The usual run: many trials (or every interleaving) per variant, graded, then any traces. */
async function sampleCommand(scenarioArg: string, session: Session, options: RunCommandOptions, io: Io, c: Colors): Promise<number> {
  const scenario = session.info;
  // The progress line is drawn only on a terminal; elsewhere its module is not even loaded.
  const progress = io.stderr.isTTY === true ? new (await import('./progress.js')).ProgressLine(io.stderr, scenario.name) : undefined;
  const timed = options.duration !== undefined;
  const scenarioOptions = scenarioOptionsOf(options);
  // The core applies the scenario's defaults (its schedule, its trials) and checks its options.
  const jobs = options.jobs === 'auto' ? (await import('node:os')).availableParallelism() : options.jobs;
  // Resolved once, in the core: every default applied, and every option checked against the
  // schedule (an option that does not apply is refused there, as it is for the library).
  const resolved = await session.ask(0, {
    type: 'resolve',
    options: {
      ...(options.schedule !== undefined ? { schedule: options.schedule } : {}),
      ...(options.tasks !== undefined ? { tasks: options.tasks } : {}),
      ...(options.trials !== undefined ? { trials: options.trials } : {}),
      ...(options.duration !== undefined ? { durationMs: options.duration * 1000 } : {}),
      ...(options.maxInterleavings !== undefined ? { maxInterleavings: options.maxInterleavings } : {}),
      ...(options.preemptions !== undefined ? { preemptions: options.preemptions } : {}),
      ...(options.depth !== undefined ? { depth: options.depth } : {}),
      ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
      ...(options.traceTrial !== undefined ? { captureTrial: options.traceTrial } : options.trace ? { captureTrial: 1 } : {}),
      ...(jobs !== undefined ? { jobs } : {}),
      ...(options.timeout !== undefined ? { timeoutMs: options.timeout } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.variant ? { variants: options.variant } : {}),
      options: scenarioOptions,
    },
  });
  const schedule = resolved.schedule;
  const { trials, tasks, seed } = resolved;
  const settled = { ...options, schedule, trials, seed, tasks, defaultSchedule: resolved.schedules[0] ?? 'random' };
  const flags = flagWords(scenario.options, scenarioOptions);
  const replayCommand = replayCommandOf(scenarioArg, scenario, tasks, options.removeLock, options.maxSteps, flags, schedule);
  const teach = teachingView({ schedule, schedules: resolved.schedules, unit: scenario.unit, allOutcomes: options.allOutcomes });
  const setting = settingOf(scenario.options, resolved.setting, resolved.params.options);
  if (resolved.names.length === 0) {
    throw usage(
      `no variant of ${scenario.name} can run with these options: ${resolved.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`,
    );
  }

  // Printed once the run is under way: a scenario that cannot start (Redis unreachable) leaves
  // nothing half-written on stdout.
  const printHeader = (): void => {
    if (options.json) return;
    io.stdout.write(
      renderHeader(c, {
        scenario: scenario.name,
        summary: scenario.summary,
        trials,
        schedule,
        seed,
        tasks,
        ...(options.duration !== undefined ? { durationSeconds: options.duration } : {}),
        ...(resolved.jobs > 1 ? { jobs: resolved.jobs } : {}),
        ...(setting.length > 0 ? { setting } : {}),
        ...(resolved.depth !== undefined ? { depth: resolved.depth } : {}),
        ...(resolved.preemptions !== undefined ? { preemptions: resolved.preemptions } : {}),
        width: terminalWidth(io.stdout.columns),
      }),
    );
  };
  let report: RunReport;
  try {
    report = await runSupervised(session, {
      resolved,
      jobs: resolved.jobs,
      timeoutMs: resolved.timeoutMs,
      ...(resolved.durationMs !== undefined ? { durationMs: resolved.durationMs } : {}),
      depth: resolved.depth ?? DEFAULT_PCT_DEPTH,
      ...(resolved.preemptions !== undefined ? { preemptions: resolved.preemptions } : {}),
      ...(resolved.maxSteps !== undefined ? { maxSteps: resolved.maxSteps } : {}),
      // --trace also shows a variant that never raced: its first trial (the locked contrast).
      ...(resolved.captureTrial !== undefined ? { captureTrial: resolved.captureTrial } : {}),
      // The smallest race, coverage and lock ablation, computed in the worker (see run-extras.ts).
      extras: CONTROLLED_SCHEDULES.includes(schedule),
      ...(options.ablate ? { ablate: true } : {}),
      scenarioOptions,
      onStart: printHeader,
      onProgress: (p) => progress?.update(p),
      onVariant: (v: VariantReport) => {
        progress?.clear();
        if (!options.json) {
          io.stdout.write(
            renderVariant(c, v, { width: terminalWidth(io.stdout.columns), replayCommand: replayCommand(v.name), ...teach(v) }),
          );
          io.stdout.write(extrasLines(c, v, scenarioArg, scenario, tasks, options.removeLock, terminalWidth(io.stdout.columns), flags));
        }
      },
    });
  } finally {
    progress?.clear();
  }

  const traces =
    options.trace || options.traceTrial !== undefined ? await traceVariants(session, report, scenarioOptions, options.traceTrial) : [];
  if (options.json) {
    // The scenario's own options in effect (given, from a variable, or defaults), secrets masked.
    const withOptions = { ...report, options: shownOptions(scenario.options, resolved.params.options) };
    const withTraces =
      traces.length > 0
        ? {
            ...withOptions,
            traces: traces.map(({ trial, record, variant }) => ({
              trial: record?.trial,
              ...(record === undefined && variant.minimal?.found ? { smallest: true } : {}),
              ...trial,
            })),
          }
        : withOptions;
    io.stdout.write(`${JSON.stringify(withTraces, null, 2)}\n`);
  } else {
    for (const { name, reason } of report.skipped ?? [])
      io.stdout.write(`\n${fitLines([`${c.bold(name)} ${c.dim(`skipped: ${reason}`)}`], terminalWidth(io.stdout.columns)).join('\n')}\n`);
    if (traces.length > 0) {
      // Loaded only when there is a trace to draw.
      const { renderTrace } = await import('./render-trace.js');
      for (const { variant, record, trial } of traces) {
        if (trial === undefined) {
          io.stdout.write(`\n${fitLines([c.dim(noTraceReason(variant, options))], terminalWidth(io.stdout.columns)).join('\n')}\n`);
          continue;
        }
        const unit = unitWord(schedule, false);
        const calm = options.traceTrial === undefined && record !== undefined && record === variant.captured ? ` (no ${unit} raced)` : '';
        const which = record === undefined ? smallestTitle(variant) : `${unit} ${formatCount(record.trial)}${calm}`;
        io.stdout.write(renderTrace(c, `trace of ${variant.name}, ${which}`, trial, tasks, terminalWidth(io.stdout.columns)));
      }
    }
    // A timed or interrupted run ran its own number of trials per variant: repeat each exactly.
    const reproduce =
      timed || report.interrupted
        ? report.variants.map((v) => reproduceCommand(scenarioArg, { ...settled, trials: v.trials, variant: [v.name] }, scenario))
        : [reproduceCommand(scenarioArg, settled, scenario)];
    io.stdout.write(renderFooter(c, report, reproduce, terminalWidth(io.stdout.columns)));
  }
  if (options.html !== undefined) {
    const command = reproduceCommand(scenarioArg, settled, scenario);
    await (
      await import('./html/write-report.js')
    ).writeRunHtml(options.html, {
      scenario: session.htmlScenario(scenarioOptions, options.maxSteps),
      report,
      command,
      replayCommand,
      ...(options.traceTrial !== undefined ? { traceTrial: options.traceTrial } : {}),
    });
  }
  // A forbidden outcome already seen is a failure however the run ended; otherwise a run that
  // did not finish has no verdict.
  if (report.variants.some((v) => v.forbiddenCount > 0)) return ExitCode.Forbidden;
  if (report.interrupted) return ExitCode.Interrupted;
  return report.verdict === 'pass' ? ExitCode.Ok : ExitCode.Forbidden;
}

interface VariantTrace {
  variant: VariantReport;
  record: TrialRecord | undefined;
  trial: TracedTrial | undefined;
}

/**
 * Replays the trial to trace for each variant: the one asked for, or the first that raced,
 * with the trial index it had in the run. A hang is not replayed: it would hang again.
 */
async function traceVariants(
  session: Session,
  report: RunReport,
  options: Record<string, string>,
  traceTrial: number | undefined,
): Promise<VariantTrace[]> {
  const traces: VariantTrace[] = [];
  for (const variant of report.variants) {
    // The smallest race is the simplest story of the race: it is traced first when known.
    const smallest = smallestSchedule(variant, traceTrial);
    const record =
      smallest !== undefined
        ? undefined
        : traceTrial !== undefined
          ? variant.captured
          : (variant.firstForbidden ?? variant.firstRace ?? variant.captured);
    const schedule = smallest ?? record?.schedule;
    const trial =
      schedule !== undefined && record?.value !== HANG
        ? await session.ask(0, {
            type: 'replay',
            variant: variant.name,
            tasks: report.tasks,
            schedule,
            options,
            ...trialIndexOf(replayedTrial(report.schedule, record)),
            ...(report.maxSteps !== undefined ? { maxSteps: report.maxSteps } : {}),
          })
        : undefined;
    traces.push({ variant, record, trial });
  }
  return traces;
}

/** The `trial` of a replay request: the 0-based index of a 1-based trial number, if any. */
function trialIndexOf(trial: number | undefined): { trial?: number } {
  return trial === undefined ? {} : { trial: trial - 1 };
}

function noTraceReason(variant: VariantReport, options: RunCommandOptions): string {
  if (options.traceTrial !== undefined) {
    return `${variant.name}: no trace, it ran only ${formatCount(variant.trials)} trials (--trace-trial ${options.traceTrial})`;
  }
  return `${variant.name}: no trial raced, so there is nothing to trace (--trace-trial K traces any trial)`;
}

/** `--replay`: one interleaving, traced, graded; exit 1 if its outcome is forbidden. */
async function replayCommand(scenarioArg: string, session: Session, options: RunCommandOptions, io: Io, c: Colors): Promise<number> {
  const schedule = options.replay;
  if (schedule === undefined) throw new Error('replayCommand runs only with --replay');
  const scenario = session.info;
  const names = scenario.variants.map((v) => v.name);
  const variant = options.variant?.length === 1 ? options.variant[0] : names.length === 1 ? names[0] : undefined;
  if (variant === undefined) {
    throw usage(`--replay runs one variant: add --variant <name> (accepted: ${names.join(', ')})`);
  }
  const tasks = options.tasks ?? scenario.tasks;
  const scenarioOptions = scenarioOptionsOf(options);
  const resolved = await session
    .ask(0, { type: 'resolve', options: { variants: [variant], tasks, options: scenarioOptions, schedule: 'random' } })
    .catch(() => undefined);
  if (resolved !== undefined) await session.open(resolved.params);
  const timeoutMs = options.timeout ?? resolved?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let trial: TracedTrial;
  try {
    trial = await session.ask(
      0,
      {
        type: 'replay',
        variant,
        tasks,
        schedule,
        options: scenarioOptions,
        ...trialIndexOf(options.replayTrial),
        ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
      },
      timeoutMs,
      undefined,
      () => false,
    );
  } catch (error) {
    if (!(error instanceof StoppedWorker) || error.reason !== 'hang') throw error;
    // The interleaving reaches a trial that never comes back: that is its outcome, a hang.
    if (options.json) {
      io.stdout.write(
        `${JSON.stringify({ scenario: scenario.name, tasks, variant, value: String(HANG), grade: 'forbidden', schedule: options.replay }, null, 2)}\n`,
      );
    } else {
      io.stdout.write(`${c.bold(scenario.name)} — ${scenario.summary}\n${c.dim(`replay of one interleaving · ${tasks} tasks`)}\n`);
      io.stdout.write(
        `\n${variant}: the trial did not come back within ${timeoutMs} ms and was stopped from outside: a ${c.red('hang')}\n`,
      );
    }
    return ExitCode.Forbidden;
  }
  // The command that runs this replay again: the same trial, with the same lock removed.
  const replayOf = (replayed: string): string =>
    withRemoveLock(
      replayLine(
        scenarioArg,
        variant,
        replayed,
        tasks,
        scenario,
        options.maxSteps,
        flagWords(scenario.options, scenarioOptions),
        options.replayTrial,
      ),
      options.removeLock,
      shellQuote,
    );
  if (options.json) {
    const shown = shownOptions(scenario.options, resolved?.params.options ?? scenarioOptions);
    io.stdout.write(`${JSON.stringify({ scenario: scenario.name, tasks, options: shown, ...trial }, null, 2)}\n`);
  } else {
    const { renderTrace, renderHeadline } = await import('./render-trace.js');
    io.stdout.write(
      renderHeadline(c, scenario.name, scenario.summary, `replay of one interleaving · ${tasks} tasks`, terminalWidth(io.stdout.columns)),
    );
    io.stdout.write(renderTrace(c, `trace of ${variant}`, trial, tasks, terminalWidth(io.stdout.columns)));
    io.stdout.write(`\n${fitLines([`${c.dim('reproduce:')} ${replayOf(trial.schedule)}`], terminalWidth(io.stdout.columns)).join('\n')}\n`);
  }
  if (options.html !== undefined) {
    const command = replayOf(trial.schedule);
    (await import('./html/write-report.js')).writeReplayHtml(options.html, {
      scenario: session.htmlScenario(scenarioOptions, options.maxSteps),
      trial,
      tasks,
      command,
    });
  }
  return trial.grade === 'forbidden' ? ExitCode.Forbidden : ExitCode.Ok;
}

async function checkVariants(scenario: ScenarioInfo, wanted: string[] | undefined): Promise<void> {
  const names = scenario.variants.map((v) => v.name);
  for (const name of wanted ?? []) {
    if (names.includes(name)) continue;
    throw CliError.unknown({ what: 'variant', given: name, accepted: names, within: `scenario "${scenario.name}"` });
  }
}

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
