/**
 * The check behind `expect(scenario).toBeRaceFree()`, without vitest: every selected variant
 * is explored exhaustively where that is feasible (else sampled under a fixed seed), and a
 * variant passes when no interleaving ended in a race or a forbidden outcome. On failure the
 * message traces the smallest racing interleaving and says how to replay it.
 */
import { createColors } from './cli/colors.js';
import { replayLine } from './cli/command-line.js';
import { renderTrace } from './cli/render-trace.js';
import { CHECK_DEFAULTS } from './core/check.js';
import { findMinimalRace } from './core/minimal-race.js';
import { replayTrial, runScenario, type VariantReport } from './core/run-scenario.js';
import { isScenario, type Scenario } from './core/scenario.js';

export interface RaceFreeOptions {
  /** The variants to check. Default: all of them. */
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
  /** The scenario module's path, so that the failure message gives a `lockdemo` replay command. */
  file?: string;
}

export interface RaceFreeResult {
  pass: boolean;
  message: () => string;
}

export async function checkRaceFree(received: unknown, o: RaceFreeOptions = {}): Promise<RaceFreeResult> {
  if (!isScenario(received)) {
    return { pass: false, message: () => 'toBeRaceFree() expects a scenario made by defineScenario()' };
  }
  const scenario = received;
  const where = {
    ...(o.tasks !== undefined ? { tasks: o.tasks } : {}),
    ...(o.options !== undefined ? { options: o.options } : {}),
  };
  const names = o.variants ?? Object.keys(scenario.variants);
  const proofs: string[] = [];
  for (const name of names) {
    let report = await runScenario(scenario, {
      ...where,
      schedule: 'exhaustive',
      variants: [name],
      maxInterleavings: o.maxInterleavings ?? CHECK_DEFAULTS.maxInterleavings,
    });
    let how = 'every interleaving explored';
    if (report.variants[0]?.complete !== true) {
      const trials = o.trials ?? CHECK_DEFAULTS.trials;
      const seed = o.seed ?? CHECK_DEFAULTS.seed;
      report = await runScenario(scenario, { ...where, schedule: 'random', variants: [name], trials, seed });
      how = `${trials} random trials, seed ${seed}: a sample, not a proof`;
    }
    const v = report.variants[0];
    if (v === undefined) continue; // skipped: cannot run with these options
    if (v.raceCount > 0 || v.forbiddenCount > 0) {
      const message = await failure(scenario, v, how, report.tasks, where, o.file);
      return { pass: false, message: () => message };
    }
    proofs.push(`${name} (${v.trials} ${how.startsWith('every') ? 'interleavings, every one explored' : how})`);
  }
  return { pass: true, message: () => `expected ${scenario.name} to race, but no variant did: ${proofs.join('; ')}` };
}

async function failure(
  scenario: Scenario,
  v: VariantReport,
  how: string,
  tasks: number,
  where: { tasks?: number; options?: Readonly<Record<string, string | undefined>> },
  file: string | undefined,
): Promise<string> {
  const bad = v.outcomes.reduce((n, o) => n + (o.grade === 'correct' ? 0 : o.count), 0);
  const unit = how.startsWith('every') ? 'interleavings' : 'trials';
  const lines = [
    `expected ${scenario.name} to be race-free, but ${bad} of ${v.trials} ${unit} of ${v.name} ended in a race or a forbidden outcome (${how})`,
  ];
  const minimal = await findMinimalRace(scenario, { variant: v.name, forbidden: false, ...where });
  const schedule = minimal.found ? minimal.schedule : (v.firstForbidden ?? v.firstRace)?.schedule;
  if (schedule === undefined) return lines.join('\n');
  const trial = await replayTrial(scenario, { variant: v.name, schedule, ...where });
  const plain = await createColors({ isTTY: false, env: {} });
  const title = minimal.found
    ? `the smallest racing interleaving needs ${minimal.preemptions === 1 ? '1 preemption' : `${minimal.preemptions} preemptions`}:`
    : 'the first racing interleaving:';
  lines.push(renderTrace(plain, title, trial, tasks).trimEnd());
  lines.push('');
  if (file !== undefined) lines.push(`replay: ${replayLine(file, v.name, schedule, tasks, scenario)}`);
  lines.push(`replay in code: await replayTrial(scenario, { variant: ${JSON.stringify(v.name)}, schedule: ${JSON.stringify(schedule)} })`);
  return lines.join('\n');
}
