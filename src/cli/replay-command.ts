// Only constants and types of the core: the engine itself loads in the worker, not here.
import type { TracedTrial } from '../core/run-scenario.js';
import { DEFAULT_TIMEOUT_MS } from '../core/limits.js';
import { HANG } from '../core/runner-outcomes.js';
import type { Grade, RunParams } from '../core/scenario.js';
import { paintGrade, type Colors } from './colors.js';
import type { Ending } from './exit-codes.js';
import type { Io } from './io.js';
import { replayLine, shellQuote, withRemoveLock } from './command-line.js';
import { fitLines, terminalWidth } from './text-width.js';
import { type Session } from './contain/session.js';
import { StoppedWorker } from './contain/host-worker.js';
import { shownOptions } from './scenario-flags.js';
import { pastableFlags, timeoutWords } from './reproduce.js';
import { scenarioOptionsOf, usage, type RunCommandOptions } from './run-command-options.js';
import { trialIndexOf } from './run-traces.js';
import { afterReports, writeReport } from './output-paths.js';

/** `--replay`: one interleaving, traced, graded; exit 1 if its outcome is forbidden. */
/**
 * `--replay`: one interleaving, traced. Resolves with the ending and the closing line (the
 * reproduce line), which the caller prints once `close` has run, as a run's verdict.
 */
export async function replayCommand(
  scenarioArg: string,
  session: Session,
  options: RunCommandOptions,
  io: Io,
  c: Colors,
): Promise<{ ending: Ending; footer: string | undefined; stoppedFooter?: string }> {
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
        // The same bound too: a trial that needs longer than the default would hang when run again.
        [...pastableFlags(scenario.options, scenarioOptions).words, ...timeoutWords(options.timeout)],
        options.replayTrial,
        options.seed,
      ),
      options.removeLock,
      shellQuote,
    );
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
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
      },
      timeoutMs,
      undefined,
      () => false,
    );
  } catch (error) {
    if (!(error instanceof StoppedWorker) || error.reason !== 'hang') throw error;
    // The interleaving reaches a trial that never comes back: that is its outcome, a hang,
    // graded as the scenario declares it (`{ runner: 'hang', grade: 'race' }` allows it), as a
    // run grades it; undeclared, or where it cannot be graded, it is forbidden.
    const grade = resolved === undefined ? undefined : await hangGrade(session, variant, resolved.params);
    const forbidden = grade === undefined || grade === 'forbidden';
    if (options.json) {
      io.stdout.write(
        `${JSON.stringify(
          {
            scenario: scenario.name,
            tasks,
            options: shownOptions(scenario.options, resolved?.params.options ?? scenarioOptions),
            variant,
            // As every runner's own outcome in the JSON: its kind, so that it is not taken for a string observe returned.
            value: String(HANG),
            runner: 'hang',
            grade: grade ?? 'forbidden',
            description: `the trial did not come back within ${timeoutMs} ms`,
            schedule: options.replay,
          },
          null,
          2,
        )}\n`,
      );
    } else {
      const word = paintGrade(c, grade ?? 'forbidden', 'hang');
      const declared = forbidden ? '' : ` (declared ${grade})`;
      io.stdout.write(`${c.bold(scenario.name)} — ${scenario.summary}\n${c.dim(`replay of one interleaving · ${tasks} tasks`)}\n`);
      const line = `${variant}: the trial did not come back within ${timeoutMs} ms and was stopped from outside: a ${word}${declared}`;
      io.stdout.write(`\n${fitLines([line], terminalWidth(io.stdout.columns)).join('\n')}\n`);
    }
    // Not `reproduce:`: whether the trial hangs again depends on time, as a run's rerun does.
    const footer = options.json
      ? undefined
      : `\n${fitLines(
          [
            `${c.dim('rerun:')} ${replayOf(schedule)}`,
            c.dim('  the same result only if the trial hangs again (one near --timeout may come back)'),
          ],
          terminalWidth(io.stdout.columns),
        ).join('\n')}\n`;
    return { ending: forbidden ? 'failed' : 'ok', footer };
  }
  let footer: string | undefined;
  if (options.json) {
    const shown = shownOptions(scenario.options, resolved?.params.options ?? scenarioOptions);
    io.stdout.write(`${JSON.stringify({ scenario: scenario.name, tasks, options: shown, ...trial }, null, 2)}\n`);
  } else {
    const { renderTrace, renderHeadline } = await import('./render-trace.js');
    io.stdout.write(
      renderHeadline(c, scenario.name, scenario.summary, `replay of one interleaving · ${tasks} tasks`, terminalWidth(io.stdout.columns)),
    );
    io.stdout.write(renderTrace(c, `trace of ${variant}`, trial, tasks, terminalWidth(io.stdout.columns)));
    footer = `\n${fitLines([`${c.dim('reproduce:')} ${replayOf(trial.schedule)}`], terminalWidth(io.stdout.columns)).join('\n')}\n`;
  }
  let written = true;
  const html = options.html;
  if (html !== undefined) {
    const command = replayOf(trial.schedule);
    const { writeReplayHtml } = await import('./html/write-report.js');
    written = await writeReport(io, () =>
      writeReplayHtml(html, {
        scenario: session.htmlScenario(scenarioOptions, options.maxSteps),
        trial,
        tasks,
        command,
      }),
    );
  }
  return { ending: afterReports(trial.grade === 'forbidden' ? 'failed' : 'ok', written), footer };
}

/** How the scenario grades a hang in `variant` (its `{ runner: 'hang' }` outcome), as a run would. */
async function hangGrade(session: Session, variant: string, params: RunParams): Promise<Grade | undefined> {
  const graded = await session.ask(0, { type: 'grade', variant, params, result: { counts: [[HANG, 1, 0]] }, done: 1 });
  return graded.outcomes.find((o) => o.value === HANG)?.grade;
}
