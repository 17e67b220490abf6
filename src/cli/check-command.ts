import { CHECK_DEFAULTS, type CheckResult } from '../core/check.js';
import { ownOptions, type CheckCommandOptions } from './check-options.js';
import { reportCheck } from './check-report.js';
import { createColors } from './colors.js';
import { StoppedWorker } from './contain/host-worker.js';
import { afterReplayHang } from './check-sample-hang.js';
import { HANG } from '../core/runner-outcomes.js';
import { hangResult, renderResult } from './check-result.js';
import { replayedTrial, replayLine, shellQuote } from './command-line.js';
import { Session } from './contain/session.js';
import { CliError, type Ending } from './exit-codes.js';
import { CONTROLLED_SCHEDULES } from '../core/schedules/table.js';
import type { Io } from './io.js';
import type { ResolvedInfo } from './contain/protocol.js';
import { BUILTIN_NAMES, unknownScenario } from './load-scenario.js';
import { resolve } from 'node:path';
import { realpathSync } from 'node:fs';
import { isBuiltinName } from './contain/builtin-names.js';
import { checkWritablePath } from './output-paths.js';
import { fitLines, terminalWidth } from './text-width.js';
import { everyLockUnneeded } from '../core/ablate.js';
import { renderCheckExtras } from './render-extras.js';
import { replayCommandOf } from './run-extras.js';
import { shownOptions } from './scenario-flags.js';
import { pastableFlags, timeoutWords } from './reproduce.js';
import { checkTally } from './contain/tally-check.js';
import { rangeLimit } from './contain/supervised-run.js';

/** How long one trial of a check may take before it counts as a hang. */
const CHECK_TIMEOUT_MS = 5000;

/**
 * How long loading a module may take (the session's bound for what it asks without one of its
 * own). Longer than a trial's: a TypeScript module loads the compiler first, which took more
 * than 5 s with every core busy, and a valid module must not fail the check as a hang.
 */
const CHECK_LOAD_MS = 30_000;

/**
 * `lockdemo check [scenario|path ...]`: the CI sanity check. Every variant of every target is
 * decided: proven where every interleaving fits, else by seeded random trials, and by real runs
 * for the scenarios lockdemo does not schedule; one line per variant; exit 1 if any variant saw a forbidden outcome.
 */
export async function checkCommand(
  targets: string[],
  options: CheckCommandOptions,
  io: Io,
  /** Targets main() already loaded, to read the options they declare. */
  preloaded: ReadonlyArray<{ arg: string; session: Session }> = [],
): Promise<Ending> {
  if (options.html !== undefined) (await import('./html/write-report.js')).checkHtmlPath(options.html);
  // Output paths first: a mistyped --junit must not cost a whole check.
  if (options.junit !== undefined) checkWritablePath('the JUnit report', options.junit, '--junit', 'lockdemo.xml');
  // One file for both reports would end up holding only the one written last.
  if (options.junit !== undefined && options.html !== undefined && resolve(options.junit) === resolve(options.html)) {
    throw new CliError('usage', `--junit and --html both name ${options.junit}: give each report its own file`);
  }
  // A target named twice is checked once: its variants would otherwise count twice in the totals.
  const args = targets.length > 0 ? distinctTargets(targets) : BUILTIN_NAMES;
  // Load everything first, each in its own supervised worker: a target that cannot be
  // loaded stops the check before it runs.
  const loaded: Array<{ arg: string; session: Session }> = [];
  try {
    for (const arg of args) {
      const unknown = unknownScenario(arg);
      if (unknown !== undefined) throw unknown;
    }
    // Side by side: each worker spends its start loading modules, which two cores do at once.
    const started = await Promise.allSettled(
      args.map(async (arg) => preloaded.find((p) => p.arg === arg)?.session ?? (await Session.start(arg, CHECK_LOAD_MS, io.signal))),
    );
    for (const [i, s] of started.entries()) if (s.status === 'fulfilled') loaded.push({ arg: args[i] ?? '', session: s.value });
    const failed = started.find((s) => s.status === 'rejected');
    // Stopped while the targets loaded: the tally of what was checked (nothing), and its document.
    const stopped = failed?.reason instanceof CliError && failed.reason.kind === 'interrupted' && io.signal?.aborted === true;
    if (stopped) return await checkLoaded(targets, [], options, io, args.length);
    if (failed !== undefined) throw failed.reason;
    // Results, replay lines and JUnit test cases are keyed by the scenario's name: two targets
    // with one name would show PASS and FAIL for the same line, and a CI dashboard one of them.
    for (const [i, { arg, session }] of loaded.entries()) {
      const other = loaded.slice(0, i).find((l) => l.session.info.name === session.info.name);
      if (other !== undefined) {
        throw new CliError('usage', `${other.arg} and ${arg} are both named "${session.info.name}": check takes one scenario of a name`);
      }
    }
    if (options.variant !== undefined) {
      (await import('./check-variants.js')).checkVariantNames(
        options.variant,
        loaded.flatMap((l) => l.session.info.variants.map((v) => v.name)),
        targets.length > 0 ? args : [],
      );
    }
    return await checkLoaded(targets, loaded, options, io);
  } finally {
    await Promise.all([...loaded, ...preloaded].map(({ session }) => session.abandon()));
  }
}

/**
 * The targets, each once, as first spelled: a file given by two paths (`x.mjs` and `./x.mjs`, or
 * through a symlink) is one scenario, whose variants would otherwise count twice.
 */
function distinctTargets(targets: readonly string[]): string[] {
  const seen = new Set<string>();
  return targets.filter((arg) => {
    const key = isBuiltinName(arg) ? arg : fileKey(arg);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Where a module path leads (a missing file: where it would be; its load says it is missing). */
function fileKey(path: string): string {
  try {
    return realpathSync(resolve(path));
  } catch {
    return resolve(path);
  }
}

async function checkLoaded(
  targets: string[],
  loaded: Array<{ arg: string; session: Session }>,
  options: CheckCommandOptions,
  io: Io,
  /** Stopped while loading: the targets asked for, none of which was checked. */
  askedWhileLoading = 0,
): Promise<Ending> {
  const c = await createColors({ isTTY: io.stdout.isTTY, env: io.env, ...(options.color === false ? { flag: false } : {}) });
  const replayOf = new Map<CheckResult, string>();
  // What the terminal prints under each result (the smallest race, coverage, --ablate), in plain
  // colours, for the HTML report to say the same.
  const extrasOf = new Map<CheckResult, string>();
  const plain = options.html !== undefined ? await createColors({ isTTY: false, env: {}, flag: false }) : undefined;
  const results: CheckResult[] = [];
  const uselessLocks: string[] = [];
  const width = Math.max(
    ...loaded.flatMap(({ session }) => session.info.variants.map((v) => session.info.name.length + v.name.length + 3)),
  );
  // Scenarios asked for that had no variant able to run: not a pass.
  const nothingRan: string[] = [];
  const closeAfterReport: Session[] = [];
  // The targets with a variant asked for (`--variant` skips the others), checked or not.
  const asked = loaded.filter(({ session }) =>
    session.info.variants.some(({ name }) => options.variant === undefined || options.variant.includes(name)),
  ).length;
  const shownOf = new Map<string, Record<string, string>>();
  for (const { arg, session } of loaded) {
    const scenario = session.info;
    const tasks = options.tasks ?? scenario.tasks;
    const own = ownOptions(scenario.options, options.scenarioOptions);
    const pastable = pastableFlags(scenario.options, own);
    const flags = [...pastable.words, ...timeoutWords(options.timeout)];
    // A secret is left out of the replay lines: they say which variable to set, as a run's do.
    const secrets = pastable.leftOut.map((l) => `set ${l.variable} to the value of ${l.flag} first (the secret is left out)`);
    let ran = 0;
    // `--variant` checks only the targets that have those variants: one that has none of them
    // was not asked for anything, which is neither a pass nor "could not run".
    const asked = scenario.variants.filter(({ name }) => options.variant === undefined || options.variant.includes(name)).length;
    if (asked === 0) continue;
    const mine: CheckResult[] = [];
    let resolved: ResolvedInfo;
    let opened: boolean;
    try {
      resolved = await session.ask(0, {
        type: 'resolve',
        options: { ...(options.tasks !== undefined ? { tasks: options.tasks } : {}), options: own },
      });
      opened = await openOnce(session, resolved, options);
    } catch (error) {
      // Stopped while this target started (its `open` starting child processes, say): it was
      // not checked, and what was checked before it is reported, with the tally, as any stop.
      if (io.signal?.aborted === true && error instanceof CliError && error.kind === 'interrupted') break;
      throw error;
    }
    // Its options in effect (defaults and variables applied by the core), masked, for the JSON.
    if (options.json) shownOf.set(scenario.name, shownOptions(scenario.options, resolved.params.options));
    // --timeout, else the scenario's own trial bound when it declares a longer one (real processes do).
    const trialLimit = options.timeout ?? Math.max(CHECK_TIMEOUT_MS, resolved.timeoutMs);
    try {
      for (const { name, races } of scenario.variants) {
        if (io.signal?.aborted) break;
        if (options.variant !== undefined && !options.variant.includes(name)) continue;
        const request = {
          type: 'check' as const,
          variant: name,
          options: {
            ...(options.maxInterleavings !== undefined ? { maxInterleavings: options.maxInterleavings } : {}),
            ...(options.trials !== undefined ? { trials: options.trials } : {}),
            ...(options.seed !== undefined ? { seed: options.seed } : {}),
            ...(options.tasks !== undefined ? { tasks: options.tasks } : {}),
            ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
            // The worker's own waits (t.io, an event-loop trial) have the same bound.
            timeoutMs: trialLimit,
            ...(options.schedule !== undefined ? { schedule: options.schedule } : {}),
            ...(Object.keys(own).length > 0 ? { options: own } : {}),
          },
          ...(options.ablate ? { ablate: true } : {}),
        };
        // The quiet a run allows between two trials' ends, over --timeout: the same bound, so a
        // trial that hangs a run hangs its check (the ablation's re-runs beat too).
        const limit = rangeLimit(trialLimit);
        let variantResults: CheckResult[];
        const ask = (noExtras: boolean): Promise<CheckResult[]> =>
          session.ask(0, noExtras ? { ...request, noExtras: true as const } : request, limit, undefined, () => false);
        try {
          try {
            variantResults = await ask(false);
          } catch (error) {
            // Every trial came back and the analysis after them did not (a lock removed, and a task
            // then loops): the variant is decided again without it, and says so, as a run does.
            if (!(error instanceof StoppedWorker) || error.reason !== 'hang' || error.schedule !== 0 || error.replay !== undefined)
              throw error;
            variantResults = (await ask(true)).map((r) => ({ ...r, extrasHung: true as const }));
          }
        } catch (error) {
          if (!(error instanceof StoppedWorker)) throw error;
          if (error.reason === 'interrupt') break;
          const first = options.schedule ?? (resolved.schedules.includes('exhaustive') ? 'exhaustive' : resolved.schedule);
          const hung = (stopped: StoppedWorker): CheckResult => hangResult(scenario.name, name, races, stopped, trialLimit, first);
          // Stopped in a replay of the determinism sample, not in the search (see check-sample-hang.ts).
          const again =
            error.replay !== undefined
              ? await afterReplayHang(session, request, limit, error.replay, resolved.params, hung)
              : [hung(error)];
          if (again === undefined) break;
          variantResults = again;
        }
        for (const r of variantResults) {
          // The worker counted in the scenario's realm: figures that do not add up are no verdict.
          if (r.outcomes !== undefined && r.status !== 'skip')
            checkTally(r.scenario, r.variant, { ...r, outcomes: r.outcomes }, r.explored);
          if (r.status !== 'skip') ran++;
          results.push(r);
          mine.push(r);
          // The trial that failed the variant: its first forbidden one, or the one that never came back.
          const failing = r.firstForbidden !== undefined && r.firstForbidden.value !== HANG ? r.firstForbidden : r.stopped;
          if (failing?.schedule !== undefined)
            replayOf.set(
              r,
              replayLine(
                arg,
                r.variant,
                failing.schedule,
                tasks,
                scenario,
                options.maxSteps,
                flags,
                replayedTrial(r.schedule, failing),
                r.seed,
              ),
            );
          const withoutLock = (lock: string, s: string): string =>
            replayCommandOf(arg, scenario, tasks, { name: lock, variants: [r.variant] }, options.maxSteps, flags)(r.variant)(s);
          if (plain !== undefined) {
            extrasOf.set(r, renderCheckExtras(plain, r, withoutLock, runLine(arg, r.variant, options.maxSteps, flags), 10_000));
          }
          if (!options.json) {
            io.stdout.write(
              fitLines(
                renderResult(c, r, width, replayOf.get(r), terminalWidth(io.stdout.columns), secrets).split('\n'),
                terminalWidth(io.stdout.columns),
                6,
              ).join('\n'),
            );
            io.stdout.write(
              renderCheckExtras(c, r, withoutLock, runLine(arg, r.variant, options.maxSteps, flags), terminalWidth(io.stdout.columns)),
            );
          }
        }
      }
    } finally {
      // The HTML report replays the interleavings it shows in these workers, after every target
      // is checked: they close once it is written (a closed worker has ended). A scenario of real
      // threads or processes is never replayed: it closes now, its children with it.
      const replayed = resolved.schedules.some((name) => CONTROLLED_SCHEDULES.includes(name));
      if (opened && options.html !== undefined && replayed) closeAfterReport.push(session);
      else if (opened) await session.close();
    }
    if (ran === 0 && !io.signal?.aborted) nothingRan.push(scenario.name);
    if (options.ablate && everyLockUnneeded(mine.flatMap((r) => (r.ablation ? [r.ablation] : [])))) uselessLocks.push(scenario.name);
  }

  return reportCheck(c, io, {
    targets,
    loaded,
    options,
    results,
    replayOf,
    extrasOf,
    uselessLocks,
    nothingRan,
    closeAfterReport,
    shownOf,
    asked: Math.max(asked, askedWhileLoading),
  });
}

/** The run of one variant as `lockdemo <scenario>` takes it, which check's advice extends. */
function runLine(arg: string, variant: string, maxSteps: number | undefined, flags: readonly string[]): string {
  const steps = maxSteps !== undefined ? ['--max-steps', String(maxSteps)] : [];
  return ['lockdemo', shellQuote(arg), ...flags, '--variant', shellQuote(variant), ...steps].join(' ');
}

/**
 * Starts what a scenario's trials share (`open`: worker threads, child processes, a server)
 * once for all the variants checked, as a run does, instead of once per variant: for
 * `processes` that is four forks instead of twelve. Nothing is opened when no variant asked
 * for can run with these options. Returns whether something was opened, to be closed.
 */
async function openOnce(session: Session, resolved: ResolvedInfo, options: CheckCommandOptions): Promise<boolean> {
  if (!session.info.opens) return false;
  if (!resolved.names.some((name) => options.variant === undefined || options.variant.includes(name))) return false;
  await session.open(resolved.params);
  return true;
}

export { CHECK_DEFAULTS, type CheckCommandOptions };
