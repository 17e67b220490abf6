/**
 * How a check ends, once its variants are decided: the lines of scenarios whose locks prove
 * nothing, the JUnit and HTML reports, the JSON document or the tally, and the exit.
 */
import { rmSync } from 'node:fs';
import type { CheckResult } from '../core/check.js';
import type { Colors } from './colors.js';
import { replayLine } from './command-line.js';
import type { Session } from './contain/session.js';
import { CliError, type Ending } from './exit-codes.js';
import type { Io } from './io.js';
import { renderJUnit } from './junit.js';
import { afterReports, writeReport, writeReportFile } from './output-paths.js';
import { reportJson } from './report-json.js';
import { pastableFlags, timeoutWords } from './reproduce.js';
import { fitLines, terminalWidth, visibleWidth } from './text-width.js';
import { ownOptions, type CheckCommandOptions } from './check-options.js';

/** What the check decided and what is left to do with it. */
export interface CheckedTargets {
  /** The targets as the command line gave them (for the HTML report's command). */
  targets: string[];
  loaded: ReadonlyArray<{ arg: string; session: Session }>;
  options: CheckCommandOptions;
  results: CheckResult[];
  /** Each failing result's replay command, as its line printed it. */
  replayOf: Map<CheckResult, string>;
  /** With --html: what the terminal printed under each result (the smallest race, coverage, --ablate), in plain colours. */
  extrasOf: Map<CheckResult, string>;
  /** With --ablate: the scenarios none of whose locks is needed. */
  uselessLocks: string[];
  /** Scenarios asked for that had no variant able to run: not a pass. */
  nothingRan: string[];
  /** Sessions the HTML report replays in, closed once it is written. */
  closeAfterReport: Session[];
  /** Each scenario's options in effect, masked, for the JSON document. */
  shownOf: Map<string, Record<string, string>>;
  /** The scenarios asked for (checked or not). */
  asked: number;
}

export async function reportCheck(c: Colors, io: Io, checked: CheckedTargets): Promise<Ending> {
  const { targets, loaded, options, results, replayOf, extrasOf, uselessLocks, nothingRan, closeAfterReport, shownOf, asked } = checked;
  // --ablate: a scenario whose locks are all unneeded proves nothing, so it fails the check.
  for (const name of uselessLocks) {
    if (!options.json) {
      const line = `${c.red.bold('FAIL')}  ${name}: no lock is needed in any variant, so its locked variants prove nothing`;
      io.stdout.write(`${fitLines([line], terminalWidth(io.stdout.columns), 6).join('\n')}\n`);
    }
  }
  const failed = results.filter((r) => r.status === 'fail').length;
  const verdictFailed = failed + uselessLocks.length;
  const flagged = results.filter((r) => r.status === 'flag').length;
  const skipped = results.filter((r) => r.status === 'skip').length;
  const interrupted = io.signal?.aborted === true;
  // Their paths were checked before the work: a failure now is an output failure (see output-paths.ts).
  let written = true;
  const junit = options.junit;
  if (junit !== undefined) {
    const wrote = await writeReport(io, () =>
      writeReportFile(
        'the JUnit report',
        junit,
        renderJUnit(results, (r) => replayOf.get(r), uselessLocks, interrupted),
      ),
    );
    written &&= wrote;
  }
  const html = options.html;
  if (html !== undefined) {
    const { writeCheckHtml, checkLine } = await import('./html/write-report.js');
    // A `close` that throws after the reports are written makes the check an error (exit 3): no
    // report may be left saying it passed, the JUnit one (which CI shows) included.
    const wrote = await closingAfter(closeAfterReport, [html, ...(junit !== undefined ? [junit] : [])], () =>
      writeReport(io, () =>
        writeCheckHtml(html, {
          results,
          extras: (r) => extrasOf.get(r),
          // Replayed under the check's own --max-steps and options, as its interleavings ran.
          scenarios: new Map(
            loaded.map((l) => [
              l.session.info.name,
              {
                arg: l.arg,
                scenario: l.session.htmlScenario(ownOptions(l.session.info.options, options.scenarioOptions), options.maxSteps),
              },
            ]),
          ),
          ...(options.tasks !== undefined ? { tasks: options.tasks } : {}),
          command: checkLine(targets, options),
          replayLine: (r, schedule, trial) => {
            const l = loaded.find((x) => x.session.info.name === r.scenario);
            if (l === undefined) throw new Error(`no loaded scenario is named ${r.scenario}`);
            const flags = [
              ...pastableFlags(l.session.info.options, ownOptions(l.session.info.options, options.scenarioOptions)).words,
              ...timeoutWords(options.timeout),
            ];
            return replayLine(
              l.arg,
              r.variant,
              schedule,
              options.tasks ?? l.session.info.tasks,
              l.session.info,
              options.maxSteps,
              flags,
              trial,
              trial === undefined ? undefined : r.seed,
            );
          },
          interrupted,
        }),
      ),
    );
    written &&= wrote;
  }
  if (options.json) {
    const document = {
      // Not a pass unless everything asked for was checked: interrupted, or a target none of whose
      // variants could run (exit 2), is `incomplete`.
      verdict: verdictFailed > 0 ? 'fail' : interrupted || nothingRan.length > 0 ? 'incomplete' : 'pass',
      passed: results.length - failed - flagged - skipped,
      failed,
      flagged,
      skipped,
      interrupted,
      results: results.map((r) => ({
        ...r,
        options: shownOf.get(r.scenario) ?? {},
        ...(replayOf.has(r) ? { replay: replayOf.get(r) } : {}),
      })),
      ...(options.ablate ? { locksProveNothing: uselessLocks } : {}),
    };
    io.stdout.write(reportJson(document));
  } else {
    const useless =
      uselessLocks.length > 0 ? `, ${uselessLocks.length} scenario${uselessLocks.length === 1 ? '' : 's'} with no needed lock` : '';
    const counts = `${results.length - failed - flagged - skipped} passed, ${failed} failed, ${flagged} flagged${skipped > 0 ? `, ${skipped} skipped` : ''}${useless}`;
    const painted = verdictFailed > 0 ? c.red.bold(counts) : c.green.bold(counts);
    const totals = `${scenarioTotal(results, asked, interrupted)}, ${results.length} variant${results.length === 1 ? '' : 's'}`;
    // Too wide for one line (with --ablate's extra count, say): the totals go on a line of their own.
    const width = terminalWidth(io.stdout.columns);
    const summary =
      visibleWidth(`${counts} · ${totals}`) <= width ? [`${painted} · ${totals}`] : [...fitLines([painted], width), `· ${totals}`];
    io.stdout.write(`\n${summary.join('\n')}\n`);
    if (interrupted) io.stdout.write(`${c.yellow('interrupted: the variants above are all that were checked')}\n`);
  }
  // A forbidden outcome seen keeps its 1, as a run's does: stopped by Ctrl-C or by a reader that
  // went away (`| head`, which main() turns into 74 only for what would otherwise be a success).
  if (verdictFailed > 0) return 'failed';
  if (interrupted) return 'interrupted';
  if (nothingRan.length > 0) {
    throw new CliError('usage', `no variant of ${nothingRan.join(', ')} could run with these options: nothing was checked there`);
  }
  return afterReports('ok', written);
}

/**
 * The scenarios of the tally: all those asked for, or, when the check was interrupted, those
 * with a variant checked, of all those asked for (`1 of 9 scenarios`): "9 scenarios" read as
 * nine checked when one was.
 */
function scenarioTotal(results: readonly CheckResult[], asked: number, interrupted: boolean): string {
  const plural = asked === 1 ? '' : 's';
  if (!interrupted) return `${asked} scenario${plural}`;
  return `${new Set(results.map((r) => r.scenario)).size} of ${asked} scenario${plural}`;
}

/**
 * Runs `work`, then closes `sessions` whatever it did. A close that fails removes `reports`,
 * the files the check wrote, before its error goes on.
 */
async function closingAfter<T>(sessions: readonly Session[], reports: readonly string[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    try {
      for (const session of sessions) await session.close();
    } catch (error) {
      for (const file of reports) rmSync(file, { force: true });
      // eslint-disable-next-line no-unsafe-finally -- the close's error is the check's outcome, whatever work gave
      throw error;
    }
  }
}
