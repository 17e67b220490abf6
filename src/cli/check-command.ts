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
import { formatCount } from './render.js';

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
  color?: boolean;
}

/**
 * `lockdemo check [scenario|path ...]`: the CI sanity check. Every variant of every target is
 * decided deterministically; one line per variant; exit 1 if any variant saw a forbidden outcome.
 */
export async function checkCommand(targets: string[], options: CheckCommandOptions, io: Io): Promise<number> {
  const args = targets.length > 0 ? targets : BUILTIN_NAMES;
  // Load everything first: a target that cannot be loaded stops the check before it runs.
  const loaded: Array<{ arg: string; scenario: Scenario<any> }> = [];
  for (const arg of args) loaded.push({ arg, scenario: await loadScenario(arg) });

  const c = await createColors({ isTTY: io.stdout.isTTY, env: io.env, ...(options.color === false ? { flag: false } : {}) });
  const replayOf = new Map<CheckResult, string>();
  const results: CheckResult[] = [];
  const width = Math.max(...loaded.flatMap(({ scenario }) => Object.keys(scenario.variants).map((v) => scenario.name.length + v.length + 3)));
  for (const { arg, scenario } of loaded) {
    try {
      await checkScenario(scenario, {
        ...(options.maxInterleavings !== undefined ? { maxInterleavings: options.maxInterleavings } : {}),
        ...(options.trials !== undefined ? { trials: options.trials } : {}),
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        ...(options.tasks !== undefined ? { tasks: options.tasks } : {}),
        ...(options.schedule !== undefined ? { schedule: options.schedule } : {}),
        ...(io.signal ? { signal: io.signal } : {}),
        onResult: (r) => {
          results.push(r);
          const schedule = r.firstForbidden?.schedule;
          if (schedule) replayOf.set(r, replayLine(arg, r.variant, schedule, options.tasks ?? scenario.tasks, scenario));
          if (!options.json) io.stdout.write(renderResult(c, r, width, replayOf.get(r)));
        },
      });
    } catch (error) {
      if (error instanceof RunOptionError) throw new CliError(ExitCode.Usage, error.message);
      if (error instanceof ScenarioError) throw new CliError(ExitCode.Load, error.message);
      throw error;
    }
  }

  const failed = results.filter((r) => r.status === 'fail').length;
  const flagged = results.filter((r) => r.status === 'flag').length;
  const skipped = results.filter((r) => r.status === 'skip').length;
  const interrupted = io.signal?.aborted === true;
  if (options.junit !== undefined) {
    try {
      writeFileSync(options.junit, renderJUnit(results, (r) => replayOf.get(r)));
    } catch (error) {
      throw new CliError(ExitCode.Usage, `cannot write the JUnit report to ${options.junit}: ${(error as Error).message}`);
    }
  }
  if (options.json) {
    const document = {
      verdict: failed === 0 ? 'pass' : 'fail',
      passed: results.length - failed - flagged - skipped,
      failed,
      flagged,
      skipped,
      interrupted,
      results: results.map((r) => ({ ...r, ...(replayOf.has(r) ? { replay: replayOf.get(r) } : {}) })),
    };
    io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  } else {
    const counts = `${results.length - failed - flagged - skipped} passed, ${failed} failed, ${flagged} flagged${skipped > 0 ? `, ${skipped} skipped` : ''}`;
    const painted = failed > 0 ? c.red.bold(counts) : c.green.bold(counts);
    io.stdout.write(`\n${painted} · ${loaded.length} scenario${loaded.length === 1 ? '' : 's'}, ${results.length} variants\n`);
    if (interrupted) io.stdout.write(`${c.yellow('interrupted: the variants above are all that were checked')}\n`);
  }
  if (interrupted) return ExitCode.Interrupted;
  return failed > 0 ? ExitCode.Forbidden : ExitCode.Ok;
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
