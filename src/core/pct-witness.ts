/**
 * The PCT depth of the smallest race's interleaving: its trial is replayed once, recording what
 * the engine offered at every pick, and pct-depth.ts finds the least depth at which a PCT trial
 * picks exactly the same. The program is deterministic (the search that found the interleaving
 * checked it), so a PCT trial that picked the same so far was offered the same next.
 */
import { controlledBatch } from './controlled-batch.js';
import { DEFAULT_MAX_STEPS, PickLog } from './engine-types.js';
import { isA } from './is-a.js';
import { MAX_PCT_DEPTH } from './limits.js';
import { leastPctDepth, type NoPctDepth, type PctDepth, type WitnessPick } from './pct-depth.js';
import { resolveRun } from './resolve-run.js';
import type { TrialValue } from './runner-outcomes.js';
import { variantOf, type Scenario } from './scenario.js';
import { parseSchedule, ReplayError, ReplayPicker } from './schedules/replay.js';
import type { Picker } from './schedules/strategy.js';
import type { TrialPlan } from './trial-plan.js';

export interface WitnessOptions {
  variant: string;
  /** The interleaving's replay string. */
  schedule: string;
  tasks?: number;
  options?: Readonly<Record<string, string | undefined>>;
  maxSteps?: number;
}

/** Follows the replay, and keeps what each pick was offered. */
class Recorder implements Picker {
  readonly picks: WitnessPick[] = [];
  /** A step did not fit (the engine ends such a trial as an error outcome). */
  misfit = false;
  constructor(private readonly replay: ReplayPicker) {}
  pick(ready: readonly number[], count: number, previous: number): number {
    let index: number;
    try {
      index = this.replay.pick(ready, count);
    } catch (error) {
      this.misfit = true;
      throw error;
    }
    this.picks.push({ ready: ready.slice(0, count), previous, index });
    return index;
  }
  get unused(): number {
    return this.replay.unused;
  }
}

/**
 * What every pick of the interleaving was offered, or undefined when the replay did not run to
 * its end as written (then nothing is claimed of it).
 */
export async function recordPicks<S, R>(
  scenario: Scenario<S, R>,
  o: WitnessOptions,
): Promise<{ picks: WitnessPick[]; tasks: number } | undefined> {
  const r = resolveRun(scenario, {
    variants: [o.variant],
    ...(o.tasks !== undefined ? { tasks: o.tasks } : {}),
    ...(o.options !== undefined ? { options: o.options } : {}),
  });
  let recorder: Recorder;
  try {
    recorder = new Recorder(new ReplayPicker(parseSchedule(o.schedule, r.tasks)));
  } catch (error) {
    if (isA(error, ReplayError)) return undefined;
    throw error;
  }
  let value: TrialValue | undefined;
  let given = false;
  let resource: R | undefined;
  let opened = false;
  try {
    if (scenario.open !== undefined) resource = await scenario.open(r.params);
    opened = true;
    const plan: TrialPlan<S, R> = {
      scenario,
      variant: variantOf(scenario, o.variant),
      params: r.params,
      timeoutMs: r.timeoutMs,
      maxSteps: o.maxSteps ?? DEFAULT_MAX_STEPS,
      picks: new PickLog(),
      record: (v) => {
        value = v;
      },
      ...(resource !== undefined ? { resource } : {}),
    };
    await controlledBatch(plan, { next: () => (given ? undefined : ((given = true), recorder)), ended: () => {} }, 0, 1);
  } finally {
    if (opened) await scenario.close?.(resource as R);
  }
  const fitted = !recorder.misfit && recorder.unused === 0 && value !== undefined;
  return fitted ? { picks: recorder.picks, tasks: r.tasks } : undefined;
}

/** The least PCT depth that gives this interleaving at its task count, and its least k, or how far none did (see leastPctDepth); undefined where it cannot be searched. */
export async function witnessPctDepth<S, R>(scenario: Scenario<S, R>, o: WitnessOptions): Promise<PctDepth | NoPctDepth | undefined> {
  const recorded = await recordPicks(scenario, o);
  return recorded === undefined ? undefined : leastPctDepth(recorded.picks, recorded.tasks, MAX_PCT_DEPTH);
}
