import { writeFileSync } from 'node:fs';
import { CHECK_DEFAULTS, checkScenario, type CheckResult } from '../core/check.js';
import { RunOptionError } from '../core/run-scenario.js';
import { ScenarioError, type Scenario } from '../core/scenario.js';
import { createColors, type Colors } from './colors.js';
import { replayLine } from './command-line.js';
import { CliError, ExitCode } from './exit-codes.js';
import type { Io } from './io.js';
import { renderJUnit } from './junit.js';
import { BUILTIN_NAMES, loadScenario } from './load-scenario.js';
import { checkWritablePath } from './output-paths.js';
import { formatCount } from './render.js';
import { fitLines, terminalWidth } from './text-width.js';
import { variantExtender } from '../core/variant-extras.js';
import { everyLockUnneeded } from '../core/ablate.js';
import { checkMinimalLine, renderCheckExtras } from './render-extras.js';
import { replayCommandOf } from './run-extras.js';

/** The options of `lockdemo check`, as commander parsed them. */
export interface CheckCommandOptions {
  /** Exhaustive up to this many interleavings per variant; default 100,000. */
  maxInterleavings?: number;
  /** Random trials when a variant has more interleavings; default 10,000. */
  trials?: number;
  /** Seed of the random fallback; default 1. */
  seed?: number;
  /** Tasks per trial; default each scenario's own. */
  tasks?: number;
  /** `asyncio`: decide each variant by CPython's event loop instead of every interleaving. */
  schedule?: 'asyncio';
  json?: boolean;
  /** Also write JUnit XML here. */
  junit?: string;
  /** Check only these variants (of the targets that have them); default all. */
  variant?: string[];
  color?: boolean;
  /** Also write a self-contained HTML report to this file. */
  html?: string;
  /** Remove each lock of every passing variant in turn; fail a scenario none of whose locks is needed. */
  ablate?: boolean;
}

/**
 * `lockdemo check [scenario|path ...]`: the CI sanity check. Every variant of every target is
 * decided deterministically; one line per variant; exit 1 if any variant saw a forbidden outcome.
 */
export async function checkCommand(targets: string[], options: CheckCommandOptions, io: Io): Promise<number> {
  if (options.html !== undefined) (await import('./html/write-report.js')).checkHtmlPath(options.html);
  // Output paths first: a mistyped --junit must not cost a whole check.
  if (options.junit !== undefined) checkWritablePath('the JUnit report', options.junit);
  const args = targets.length > 0 ? targets : BUILTIN_NAMES;
  // Load everything first: a target that cannot be loaded stops the check before it runs.
  const loaded: Array<{ arg: string; scenario: Scenario<any> }> = [];
  for (const arg of args) loaded.push({ arg, scenario: await loadScenario(arg) });
  if (options.variant !== undefined) (await import('./check-variants.js')).checkVariantNames(options.variant, loaded.map((l) => l.scenario));

  const c = await createColors({ isTTY: io.stdout.isTTY, env: io.env, ...(options.color === false ? { flag: false } : {}) });
  const replayOf = new Map<CheckResult, string>();
  const results: CheckResult[] = [];
  const uselessLocks: string[] = [];
  const width = Math.max(...loaded.flatMap(({ scenario }) => Object.keys(scenario.variants).map((v) => scenario.name.length + v.length + 3)));
  for (const { arg, scenario } of loaded) {
    try {
      await checkScenario(scenario, {
        ...(options.maxInterleavings !== undefined ? { maxInterleavings: options.maxInterleavings } : {}),
        ...(options.trials !== undefined ? { trials: options.trials } : {}),
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        ...(options.tasks !== undefined ? { tasks: options.tasks } : {}),
        ...(options.variant !== undefined ? { variants: options.variant } : {}),
        ...(options.schedule !== undefined ? { schedule: options.schedule } : {}),
        ...(io.signal ? { signal: io.signal } : {}),
        extendVariant: variantExtender(scenario, {
          ...(options.tasks !== undefined ? { tasks: options.tasks } : {}),
          ...(options.ablate ? { ablate: true } : {}),
          ...(io.signal ? { signal: io.signal } : {}),
        }),
        onResult: (r) => {
          results.push(r);
          const schedule = r.firstForbidden?.schedule;
          if (schedule) replayOf.set(r, replayLine(arg, r.variant, schedule, options.tasks ?? scenario.tasks, scenario));
          if (!options.json) {
            io.stdout.write(fitLines(renderResult(c, r, width, replayOf.get(r)).split('\n'), terminalWidth(io.stdout.columns), 6).join('\n'));
            const tasks = options.tasks ?? scenario.tasks;
            io.stdout.write(renderCheckExtras(c, r, (lock, s) => replayCommandOf(arg, scenario, tasks, lock)(r.variant)(s)));
          }
        },
      });
      if (options.ablate) {
        const mine = results.filter((r) => r.scenario === scenario.name);
        if (everyLockUnneeded(mine.flatMap((r) => (r.ablation ? [r.ablation] : [])))) uselessLocks.push(scenario.name);
      }
    } catch (error) {
      if (error instanceof RunOptionError) throw new CliError(ExitCode.Usage, error.message);
      if (error instanceof ScenarioError) throw new CliError(ExitCode.Load, error.message);
      throw error;
    }
  }

  // --ablate: a scenario whose locks are all unneeded proves nothing, so it fails the check.
  for (const name of uselessLocks) {
    if (!options.json) io.stdout.write(`${c.red.bold('FAIL')}  ${name}: no lock is needed in any variant, so its locked variants prove nothing\n`);
  }
  const failed = results.filter((r) => r.status === 'fail').length;
  const verdictFailed = failed + uselessLocks.length;
  const flagged = results.filter((r) => r.status === 'flag').length;
  const skipped = results.filter((r) => r.status === 'skip').length;
  const interrupted = io.signal?.aborted === true;
  if (options.junit !== undefined) {
    try {
      writeFileSync(options.junit, renderJUnit(results, (r) => replayOf.get(r), uselessLocks));
    } catch (error) {
      throw new CliError(ExitCode.Usage, `cannot write the JUnit report to ${options.junit}: ${(error as Error).message}`);
    }
  }
  if (options.html !== undefined) {
    const { writeCheckHtml, checkLine } = await import('./html/write-report.js');
    await writeCheckHtml(options.html, {
      results,
      scenarios: new Map(loaded.map((l) => [l.scenario.name, l])),
      ...(options.tasks !== undefined ? { tasks: options.tasks } : {}),
      command: checkLine(targets, options),
      replayLine: (r, schedule) => {
        const l = loaded.find((x) => x.scenario.name === r.scenario)!;
        return replayLine(l.arg, r.variant, schedule, options.tasks ?? l.scenario.tasks, l.scenario);
      },
      interrupted,
    });
  }
  if (options.json) {
    const document = {
      verdict: verdictFailed === 0 ? 'pass' : 'fail',
      passed: results.length - failed - flagged - skipped,
      failed,
      flagged,
      skipped,
      interrupted,
      results: results.map((r) => ({ ...r, ...(replayOf.has(r) ? { replay: replayOf.get(r) } : {}) })),
      ...(options.ablate ? { locksProveNothing: uselessLocks } : {}),
    };
    io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  } else {
    const useless = uselessLocks.length > 0 ? `, ${uselessLocks.length} scenario${uselessLocks.length === 1 ? '' : 's'} with no needed lock` : '';
    const counts = `${results.length - failed - flagged - skipped} passed, ${failed} failed, ${flagged} flagged${skipped > 0 ? `, ${skipped} skipped` : ''}${useless}`;
    const painted = verdictFailed > 0 ? c.red.bold(counts) : c.green.bold(counts);
    io.stdout.write(`\n${painted} · ${loaded.length} scenario${loaded.length === 1 ? '' : 's'}, ${results.length} variants\n`);
    if (interrupted) io.stdout.write(`${c.yellow('interrupted: the variants above are all that were checked')}\n`);
  }
  if (interrupted) return ExitCode.Interrupted;
  return verdictFailed > 0 ? ExitCode.Forbidden : ExitCode.Ok;
}

function renderResult(c: Colors, r: CheckResult, width: number, replay: string | undefined): string {
  const status =
    r.status === 'pass' ? c.green.bold('PASS') : r.status === 'fail' ? c.red.bold('FAIL') : r.status === 'flag' ? c.yellow.bold('FLAG') : c.dim('SKIP');
  if (r.status === 'skip') return `${status}  ${`${r.scenario} › ${r.variant}`.padEnd(width)}  ${c.dim(r.reason ?? '')}\n`;
  const unit = r.schedule === 'exhaustive' ? 'interleavings' : 'trials';
  const seen = `races ${formatCount(r.raceCount)}/${formatCount(r.explored)} ${unit}`;
  let line = `${status}  ${`${r.scenario} › ${r.variant}`.padEnd(width)}  ${r.schedule.padEnd(10)}  ${seen} ${c.dim(`(races ${r.races})`)}`;
  if (r.status === 'fail' && r.firstForbidden) {
    line += `\n      first forbidden: ${String(r.firstForbidden.value)} (${r.firstForbidden.description})`;
    if (replay) line += `\n      replay: ${replay}`;
  }
  if (r.status === 'flag') line += `\n      ${c.yellow('allows races but showed none: as a demonstration it demonstrates nothing')}`;
  return `${line}\n`;
}

export { CHECK_DEFAULTS };
