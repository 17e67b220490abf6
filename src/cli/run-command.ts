// Only constants and types of the core: the engine itself loads in the worker, not here.
import type { RunReport, VariantReport } from '../core/run-scenario.js';
import { DEFAULT_TIMEOUT_MS, workersFor } from '../core/limits.js';
import { CONTROLLED_SCHEDULES } from '../core/schedules/table.js';
import { createColors, type Colors } from './colors.js';
import type { Ending } from './exit-codes.js';
import type { Io } from './io.js';
import { renderHeader, renderVariant } from './render.js';
import { renderFooter } from './render-footer.js';
import { fitLines, terminalWidth } from './text-width.js';
import { teachingView } from './variant-notes.js';
import { extrasLines, replayCommandOf } from './run-extras.js';
import type { RemovedLock } from './command-line.js';
import { Session } from './contain/session.js';
import { runSupervised } from './contain/supervised-run.js';
import { unitWord } from '../core/schedules/table.js';
import { settingOf, shownOptions } from './scenario-flags.js';
export { checkCombinations } from './run-command-options.js';
import { checkCombinations, checkVariants, scenarioOptionsOf, usage, type RunCommandOptions } from './run-command-options.js';
import { renderTraces, traceTrialBeyondPlan, traceTrialPastEnd, tracesJson, traceVariants } from './run-traces.js';
import { HeldOutput } from './held-output.js';
import { replayCommand } from './replay-command.js';
import { reportJson } from './report-json.js';
import { pastableFlags, reproduceCommand, reproduceLines, rerunOf, timeoutWords } from './reproduce.js';
import { afterReports, removeWrittenReport, writeReport } from './output-paths.js';

/**
 * `lockdemo <scenario>`. The scenario's code runs only in supervised workers (see contain/):
 * this thread never imports it, so it can always stop it and always decide the exit code.
 */
export async function runCommand(scenarioArg: string, options: RunCommandOptions, io: Io, started?: Session): Promise<Ending> {
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
    checkVariants(session.info, options.variant);
    // --remove-lock and --ablate apply to the scenario in the worker (see run-extras.ts).
    let removedLock: RemovedLock | undefined;
    if (options.removeLock !== undefined || options.ablate) {
      ({ removedLock } = await session.applyFlags({
        ...(options.removeLock !== undefined ? { removeLock: options.removeLock } : {}),
        ...(options.ablate ? { ablate: true } : {}),
        ...(options.variant ? { variant: options.variant } : {}),
        ...(options.tasks !== undefined ? { tasks: options.tasks } : {}),
        options: scenarioOptionsOf(options),
      }));
    }
    // Written out as the run ends, however it ends, unless a usage mistake drops it.
    const out = new HeldOutput(io.stdout);
    const c = await createColors({ isTTY: io.stdout.isTTY, env: io.env, ...(options.color === false ? { flag: false } : {}) });
    const { ending, footer, stoppedFooter } =
      options.replay !== undefined
        ? await replayCommand(scenarioArg, session, options, io, c)
        : await sampleCommand(scenarioArg, session, options, io, c, out, removedLock).finally(() => out.release());
    closed = true;
    // The verdict is printed only once `close` has run: what it does (a rejection it leaves
    // behind, say) can still make the run a scenario error, and must not follow a `pass`.
    let finished: boolean;
    try {
      finished = await session.close();
    } catch (error) {
      // The report written before `close` failed says what the run said then: it must not stand.
      if (options.html !== undefined) removeWrittenReport(options.html);
      throw error;
    }
    // Stopped while `close` ran, before it finished: the run did not finish, so no pass.
    if (!finished && ending === 'ok') {
      io.stdout.write(stoppedFooter ?? footer ?? '');
      return 'interrupted';
    }
    if (footer !== undefined) io.stdout.write(footer);
    return ending;
  } finally {
    if (!closed) await session.abandon();
  }
}

/** What a run's command prints last (after `close`), and how it ends. */
interface SampleEnd {
  ending: Ending;
  footer?: string;
  stoppedFooter?: string;
}

/** A sampled run: everything it prints but its footer (the verdict, or the JSON), which the caller prints after `close`. */
async function sampleCommand(
  scenarioArg: string,
  session: Session,
  options: RunCommandOptions,
  io: Io,
  c: Colors,
  /** stdout, held back while a search that --trace-trial may overrun runs (see held-output.ts). */
  out: HeldOutput,
  /** --remove-lock's lock, and the variants that ask for it: only their printed commands name it. */
  removedLock: RemovedLock | undefined,
): Promise<SampleEnd> {
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
  // The lock analysis runs only beside a schedule lockdemo controls (see extrasRunOptions):
  // elsewhere --ablate would print nothing, yet stand in the reproduce line.
  if (options.ablate && !CONTROLLED_SCHEDULES.includes(schedule)) {
    throw usage(
      `--ablate does not apply to the ${schedule} schedule, where lockdemo picks no step (it applies to ${CONTROLLED_SCHEDULES.join(', ')})`,
    );
  }
  const { trials, tasks, seed } = resolved;
  // A trial the run will never reach: say so now, not with an exit 0 and no trace.
  const unit = unitWord(schedule) === 'interleavings' ? 'interleavings' : 'trials';
  const beyond = traceTrialBeyondPlan(options.traceTrial, { unit, trials, timed, maxInterleavings: options.maxInterleavings });
  if (beyond !== undefined) throw usage(beyond);
  // Whether a search reaches K is known only at its end: until then its output is held back.
  if (options.traceTrial !== undefined && unit === 'interleavings' && !options.json) out.hold();
  // The jobs that ran (`auto` resolved, and never more than the chunks of work): the header's.
  const workers = workersFor(resolved);
  const settled = {
    ...options,
    removedLock,
    schedule,
    trials,
    seed,
    tasks,
    jobs: workers,
    defaultSchedule: resolved.schedules[0] ?? 'random',
  };
  // Replay lines are pasted too: a secret in them stands as a variable, as in the reproduce line.
  const { words: flags, leftOut } = pastableFlags(scenario.options, scenarioOptions);
  // A replay runs its one trial under the run's --timeout: without it, a hang would take the default 5 s.
  const replayFlags = [...flags, ...timeoutWords(options.timeout)];
  const replayCommand = replayCommandOf(scenarioArg, scenario, tasks, removedLock, options.maxSteps, replayFlags, schedule, seed);
  const teach = teachingView({ schedule, schedules: resolved.schedules, unit: scenario.unit, allOutcomes: options.allOutcomes });
  const setting = settingOf(scenario.options, resolved.setting, resolved.params.options);
  if (resolved.names.length === 0) {
    throw usage(
      `no variant of ${scenario.name} can run with these options: ${resolved.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`,
    );
  }
  // A variant asked for by name that cannot run here is refused before anything runs: a run
  // without it could pass, and its pass would read as that variant's too.
  const named = options.variant === undefined ? [] : resolved.skipped.filter((s) => options.variant?.includes(s.name));
  if (named.length > 0) {
    throw usage(`--variant ${named.map((s) => s.name).join(',')} cannot run here: ${named.map((s) => `${s.name} ${s.reason}`).join('; ')}`);
  }

  // Printed once the run is under way: a scenario that cannot start (Redis unreachable) leaves
  // nothing half-written on stdout.
  const printHeader = (): void => {
    if (options.json) return;
    out.write(
      renderHeader(c, {
        scenario: scenario.name,
        summary: scenario.summary,
        trials,
        schedule,
        seed,
        tasks,
        ...(options.duration !== undefined ? { durationSeconds: options.duration } : {}),
        ...(workers > 1 ? { jobs: workers } : {}),
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
      // Everything the run needs (with --trace's captureTrial: a variant that never raced shows
      // its first trial, the locked contrast) is in the one resolution.
      resolved,
      // The smallest race, coverage and lock ablation, computed in the worker (see run-extras.ts).
      extras: CONTROLLED_SCHEDULES.includes(schedule),
      ...(options.ablate ? { ablate: true } : {}),
      scenarioOptions,
      onStart: printHeader,
      onProgress: (p) => progress?.update(p),
      onVariant: (v: VariantReport) => {
        progress?.clear();
        if (!options.json) {
          out.write(
            renderVariant(c, v, {
              width: terminalWidth(io.stdout.columns),
              replayCommand: replayCommand(v.name, v.drawsRandom),
              ...(resolved.maxSteps !== undefined ? { maxSteps: resolved.maxSteps } : {}),
              ...teach(v),
            }),
          );
          out.write(
            extrasLines(c, v, scenarioArg, scenario, tasks, removedLock, terminalWidth(io.stdout.columns), replayFlags, options.maxSteps),
          );
        }
      },
    });
  } finally {
    progress?.clear();
  }

  // Variants stopped after too many hangs: with several workers, where they stopped was timing's doing.
  const hangCut = { variants: report.variants.filter((v) => v.cut === 'hangs').map((v) => v.name), jobs: workers };
  const changing = report.variants.filter((v) => v.nondeterministic !== undefined).map((v) => v.name);
  const hung = report.variants.reduce((n, v) => n + v.outcomes.reduce((m, o) => m + (o.runner === 'hang' ? o.count : 0), 0), 0);
  const traces =
    options.trace || options.traceTrial !== undefined ? await traceVariants(session, report, scenarioOptions, options.traceTrial) : [];
  // A forbidden outcome already seen is a failure, reported whole, whatever else was asked.
  const pastEnd = report.variants.some((v) => v.forbiddenCount > 0) ? undefined : traceTrialPastEnd(traces, report, options.traceTrial);
  if (pastEnd !== undefined) {
    // A usage mistake (exit 2): one line on stderr, nothing on stdout, no report written.
    out.discard();
    io.stderr.write(`lockdemo: ${pastEnd}\n`);
    return { ending: 'usage' };
  }
  let footer: string | undefined;
  // What is printed instead when `close` is stopped before it finishes: no verdict (run-command).
  let stoppedFooter: string | undefined;
  if (options.json) {
    // The scenario's own options in effect (given, from a variable, or defaults), secrets masked.
    const withOptions = { ...report, options: shownOptions(scenario.options, resolved.params.options) };
    const withTraces = traces.length > 0 ? { ...withOptions, traces: tracesJson(traces, options) } : withOptions;
    footer = reportJson(withTraces);
    stoppedFooter = reportJson({ ...withTraces, verdict: 'incomplete', interrupted: true });
  } else {
    for (const { name, reason } of report.skipped ?? [])
      out.write(`\n${fitLines([`${c.bold(name)} ${c.dim(`skipped: ${reason}`)}`], terminalWidth(io.stdout.columns)).join('\n')}\n`);
    if (traces.length > 0) out.write(await renderTraces(c, traces, options, { schedule, tasks, width: terminalWidth(io.stdout.columns) }));
    const reproduce = reproduceLines(scenarioArg, settled, scenario, report, { timed, traceTrial: options.traceTrial });
    footer = renderFooter(
      c,
      report,
      rerunOf(schedule, resolved.schedules, reproduce, leftOut, hangCut, changing, hung),
      terminalWidth(io.stdout.columns),
    );
    stoppedFooter = `${c.yellow.bold('incomplete')}: stopped while the scenario's close ran, before it finished; no verdict\n`;
  }
  let written = true;
  const html = options.html;
  if (html !== undefined) {
    // The command that ran: a timed run's names its --duration (its trial count is the cap, 1e9).
    const command = reproduceCommand(scenarioArg, { ...settled, asRan: true }, scenario);
    // The page says what the footer says where a rerun does not give the same figures.
    const rerun = rerunOf(schedule, resolved.schedules, [command], leftOut, hangCut, changing, hung);
    const commandNote = rerun.label === 'none' ? rerun.reason : rerun.label === 'rerun' ? `rerun: ${rerun.notes[0]}` : undefined;
    const { writeRunHtml } = await import('./html/write-report.js');
    written = await writeReport(io, () =>
      writeRunHtml(html, {
        scenario: session.htmlScenario(scenarioOptions, options.maxSteps),
        report,
        command,
        ...(commandNote !== undefined ? { commandNote } : {}),
        replayCommand,
        ...(options.traceTrial !== undefined ? { traceTrial: options.traceTrial } : {}),
        // What the terminal showed of each variant, and under it: the page says the same.
        shown: (v) => {
          const { notes, legend } = teach(v);
          return {
            view: { notes, legend, ...(resolved.maxSteps !== undefined ? { maxSteps: resolved.maxSteps } : {}) },
            extras: (plain, variant) =>
              extrasLines(plain, variant, scenarioArg, scenario, tasks, removedLock, 10_000, replayFlags, options.maxSteps),
          };
        },
      }),
    );
  }
  // A forbidden outcome already seen is a failure however the run ended; otherwise a run that
  // did not finish has no verdict.
  if (report.variants.some((v) => v.forbiddenCount > 0)) return { ending: 'failed', footer, stoppedFooter };
  if (report.interrupted) return { ending: 'interrupted', footer, stoppedFooter };
  return { ending: afterReports(report.verdict === 'pass' ? 'ok' : 'failed', written), footer, stoppedFooter };
}
