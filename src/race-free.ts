/**
 * The check behind `expect(scenario).toBeRaceFree()`, without vitest: every selected variant
 * is explored exhaustively where that is feasible (else sampled under a fixed seed), and a
 * variant passes when no interleaving ended in a race, a deadlock or a forbidden outcome. On
 * failure the message traces the smallest racing interleaving and says how to replay it.
 */
import { createColors } from './cli/colors.js';
import { replayLine, replaySeed } from './cli/command-line.js';
import { renderTrace } from './cli/render-trace.js';
import { NOT_DETERMINISTIC, nondeterminismFound } from './cli/nondeterminism-words.js';
import { pastableFlags } from './cli/reproduce.js';
import { CHECK_DEFAULTS } from './core/check.js';
import { findMinimalRace } from './core/minimal-race.js';
import { replayTrial, runScenario, type RunReport, type VariantReport } from './core/run-scenario.js';
import { trialOneOnly } from './core/run-report.js';
import { isScenario, type Scenario } from './core/scenario.js';
import { checkKeys, checkVariantList } from './core/library-input.js';
import { DEFAULT_MAX_STEPS } from './core/limits.js';
import { checkSampleOptions } from './core/resolve-run.js';

export interface RaceFreeOptions {
  /** The variants to check. Default (and for an empty list): all of them. */
  variants?: readonly string[];
  /** Tasks per trial. Default: the scenario's. */
  tasks?: number;
  /** The scenario's own options. */
  options?: Readonly<Record<string, string | undefined>>;
  /** Explore every interleaving when there are at most this many. Default 100,000. */
  maxInterleavings?: number;
  /** Otherwise run this many random trials. Default 10,000. */
  trials?: number;
  /** Seed of those random trials. Default 1, so the test is deterministic. */
  seed?: number;
  /**
   * Scheduling steps per trial before it ends as a step limit (a livelock), as the CLI's
   * `--max-steps`. Default 10,000.
   */
  maxSteps?: number;
  /**
   * Demand a proof: fail unless every interleaving of every selected variant was explored
   * (rather than pass on random trials when there are more than `maxInterleavings`).
   */
  proof?: boolean;
  /** The scenario module's path, so that the failure message gives a `lockdemo` replay command. */
  file?: string;
}

/** Every key of RaceFreeOptions: a misspelt one (`trails`) is refused, not ignored. */
const RACE_FREE_KEYS: Record<keyof RaceFreeOptions, true> = {
  variants: true,
  tasks: true,
  options: true,
  maxInterleavings: true,
  trials: true,
  seed: true,
  maxSteps: true,
  proof: true,
  file: true,
};

export interface RaceFreeResult {
  pass: boolean;
  message: () => string;
}

type Where = { tasks?: number; options?: Readonly<Record<string, string | undefined>>; maxSteps?: number };

/** How far a variant's check reached: every interleaving, the first ones, or a sample. */
interface Reach {
  report: RunReport;
  /** For messages: `every interleaving explored`, or what was not. */
  how: string;
  unit: 'interleavings' | 'trials';
  proof: boolean;
  /** When not a proof: the option whose bound stopped it, or none when no bound would help. */
  raise?: 'maxSteps' | 'maxInterleavings';
}

/**
 * Passes when no selected variant races; throws (so that `.not` fails too) when the received
 * value is not a scenario or no variant could run at all: neither says anything about races.
 */
export async function checkRaceFree(
  received: unknown,
  o: RaceFreeOptions = {},
  /** Aborted when the test that awaited it has ended (a timeout): the search stops, and proves nothing. */
  signal?: AbortSignal,
): Promise<RaceFreeResult> {
  if (!isScenario(received)) {
    throw new TypeError('toBeRaceFree() expects a scenario made by defineScenario() (the default export of its module)');
  }
  checkKeys('toBeRaceFree', o, RACE_FREE_KEYS);
  checkVariantList(o.variants);
  checkSampleOptions(o);
  const scenario = received;
  const where: Where = {
    ...(o.tasks !== undefined ? { tasks: o.tasks } : {}),
    ...(o.options !== undefined ? { options: o.options } : {}),
    ...(o.maxSteps !== undefined ? { maxSteps: o.maxSteps } : {}),
  };
  const names = o.variants !== undefined && o.variants.length > 0 ? o.variants : Object.keys(scenario.variants);
  const checked: string[] = [];
  const skipped: string[] = [];
  const stopped: RaceFreeResult = {
    pass: false,
    message: () => 'toBeRaceFree() was stopped before every variant was checked: its test had ended',
  };
  // A call, not a property read: the search in between may abort it.
  const aborted = (): boolean => signal?.aborted === true;
  for (const name of names) {
    if (aborted()) return stopped;
    const reach = await explore(scenario, name, where, o, signal);
    // Stopped in the middle: what it found proves nothing either way.
    if (aborted()) return stopped;
    const v = reach.report.variants[0];
    if (v === undefined) {
      const reason = reach.report.skipped?.find((s) => s.name === name)?.reason ?? 'it cannot run with these options';
      skipped.push(`${name}: ${reason}`);
      continue;
    }
    // Trials that raced, deadlocked or were forbidden, each once: in a variant that forbids races
    // a race is also counted as forbidden, so the three counts may overlap; the rows do not.
    const bad = v.outcomes.reduce((n, o) => n + (o.grade !== 'correct' || o.runner === 'deadlock' ? o.count : 0), 0);
    if (bad > 0) {
      const message = await failure(scenario, v, bad, reach, where, o.file);
      return { pass: false, message: () => message };
    }
    // An interleaving that gave another outcome when it ran again: the search mixed programs,
    // and neither it nor a sample decides such a variant (check fails it too).
    const changed = v.nondeterministic;
    if (changed !== undefined) {
      const message = `expected ${scenario.name} to be race-free, but in ${name}, ${nondeterminismFound(changed)}: ${NOT_DETERMINISTIC}`;
      return { pass: false, message: () => message };
    }
    if (o.proof === true && !reach.proof) {
      // What would make it a proof: a bigger bound, except for what no bound reaches.
      const advice =
        reach.raise === undefined
          ? 'no bound changes that: drop proof to accept what was checked'
          : `raise ${reach.raise}, or drop proof to accept a sample`;
      const message = `expected a proof that ${scenario.name} is race-free, but ${name} was not explored completely (${reach.how}): ${advice}`;
      return { pass: false, message: () => message };
    }
    checked.push(`${name} (${reach.proof ? `${v.trials} interleavings, every one explored` : reach.how})`);
  }
  if (checked.length === 0) {
    throw new Error(`toBeRaceFree(): no variant of ${scenario.name} could run, so nothing was checked (${skipped.join('; ')})`);
  }
  const notRun = skipped.length > 0 ? `; not run: ${skipped.join('; ')}` : '';
  return { pass: true, message: () => `expected ${scenario.name} to race, but no variant did: ${checked.join('; ')}${notRun}` };
}

/**
 * Every interleaving when they number at most maxInterleavings. A search cut short, or one of
 * trial 1's program only (a setup that reads its trial index, a Math.random), stands when it found a race: that
 * interleaving is real. Otherwise seeded random trials decide, and say they are a sample.
 */
async function explore(scenario: Scenario, name: string, where: Where, o: RaceFreeOptions, signal?: AbortSignal): Promise<Reach> {
  const maxInterleavings = o.maxInterleavings ?? CHECK_DEFAULTS.maxInterleavings;
  const stop = signal !== undefined ? { signal } : {};
  const report = await runScenario(scenario, { ...where, schedule: 'exhaustive', variants: [name], maxInterleavings, ...stop });
  const v = report.variants[0];
  if (v === undefined) return { report, how: '', unit: 'interleavings', proof: false };
  // A task's own strands ready at once resume oldest first under every schedule: random trials
  // would explore their orders no more than the search did, so the search stands, and says it.
  const strands = v.strandOrdersUnexplored === true;
  // The caller fails it (checkRaceFree): no sample either.
  if (v.nondeterministic !== undefined) return { report, how: 'not deterministic', unit: 'interleavings', proof: false };
  const trialOne = trialOneOnly(v);
  if (v.complete === true && trialOne === undefined && v.nextTicksUnwatched === true) {
    const how =
      'every interleaving explored as far as lockdemo could watch process.nextTick (async hooks were on, or two runs shared this thread): not a proof';
    return { report, how, unit: 'interleavings', proof: false };
  }
  // Cut at maxSteps: random trials under the same bound would reach nothing the search did not.
  if (v.maxStepsCut !== undefined && trialOne === undefined) {
    const how = `every interleaving explored up to ${where.maxSteps ?? DEFAULT_MAX_STEPS} steps (maxSteps), ${v.maxStepsCut} cut there: not a proof past that bound`;
    return { report, how, unit: 'interleavings', proof: false, raise: 'maxSteps' };
  }
  if (v.complete === true && trialOne === undefined) {
    return strands
      ? {
          report,
          how: "every order of the tasks explored, but not every order of one task's own strands ready at once: not a proof",
          unit: 'interleavings',
          proof: false,
        }
      : { report, how: 'every interleaving explored', unit: 'interleavings', proof: true };
  }
  const partial =
    trialOne !== undefined
      ? `every interleaving of trial 1's program only: ${trialOne}`
      : `the first ${v.trials} interleavings only: the search stopped at maxInterleavings ${maxInterleavings}`;
  const raise = trialOne !== undefined ? {} : { raise: 'maxInterleavings' as const };
  if (v.raceCount + v.deadlockCount + v.forbiddenCount > 0) return { report, how: partial, unit: 'interleavings', proof: false, ...raise };
  const trials = o.trials ?? CHECK_DEFAULTS.trials;
  const seed = o.seed ?? CHECK_DEFAULTS.seed;
  return {
    report: await runScenario(scenario, { ...where, schedule: 'random', variants: [name], trials, seed, ...stop }),
    how: `${trials} random trials, seed ${seed}: a sample, not a proof, after ${partial}`,
    unit: 'trials',
    proof: false,
    ...raise,
  };
}

async function failure(
  scenario: Scenario,
  v: VariantReport,
  bad: number,
  reach: Reach,
  where: Where,
  file: string | undefined,
): Promise<string> {
  const what = [v.raceCount > 0 ? 'a race' : '', v.deadlockCount > 0 ? 'a deadlock' : '', v.forbiddenCount > 0 ? 'a forbidden outcome' : '']
    .filter((w) => w !== '')
    .join(' or ');
  const lines = [
    `expected ${scenario.name} to be race-free, but ${bad} of ${v.trials} ${reach.unit} of ${v.name} ended in ${what} (${reach.how})`,
  ];
  // The smallest race is searched in trial 1's program; a sampled trial after the first is
  // replayed as the trial it was (its index reaches setup).
  const minimal = await findMinimalRace(scenario, { variant: v.name, forbidden: false, ...where });
  const record = minimal.found ? undefined : (v.firstForbidden ?? v.firstRace);
  const schedule = minimal.found ? minimal.schedule : record?.schedule;
  if (schedule === undefined) return lines.join('\n');
  const trialIndex = record !== undefined && reach.unit === 'trials' && record.trial > 1 ? record.trial : undefined;
  // replayTrial's `trial` is the 0-based index setup gets; the command line's is 1-based.
  const setupIndex = trialIndex !== undefined ? { trial: trialIndex - 1 } : {};
  // A sampled trial that drew from Math.random draws the same numbers again with the run's seed.
  const seed = record !== undefined ? replaySeed(reach.report, v) : undefined;
  const seeded = seed !== undefined ? { seed } : {};
  const trial = await replayTrial(scenario, { variant: v.name, schedule, ...where, ...setupIndex, ...seeded });
  const plain = await createColors({ isTTY: false, env: {} });
  const tasks = reach.report.tasks;
  const title = minimal.found
    ? `the smallest racing interleaving needs ${minimal.preemptions === 1 ? '1 preemption' : `${minimal.preemptions} preemptions`}:`
    : 'the first racing interleaving:';
  lines.push(renderTrace(plain, title, trial, tasks).trimEnd());
  lines.push('');
  // Both replays run the same program as the check: its tasks, its options, its step bound.
  if (file !== undefined) {
    const flags = pastableFlags(scenario.options ?? {}, where.options ?? {}).words;
    lines.push(`replay: ${replayLine(file, v.name, schedule, tasks, scenario, where.maxSteps, flags, trialIndex, seed)}`);
  }
  const call = {
    variant: v.name,
    schedule,
    ...(tasks !== scenario.tasks ? { tasks } : {}),
    ...(where.options !== undefined ? { options: where.options } : {}),
    ...(where.maxSteps !== undefined ? { maxSteps: where.maxSteps } : {}),
    ...setupIndex,
    ...seeded,
  };
  lines.push(`replay in code: await replayTrial(scenario, ${literal(call)})`);
  return lines.join('\n');
}

/** An object as JavaScript source: `{ variant: "racy", tasks: 3 }` (keys unquoted where they can be). */
function literal(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'undefined';
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  const key = (k: string): string => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));
  return `{ ${entries.map(([k, v]) => `${key(k)}: ${literal(v)}`).join(', ')} }`;
}
