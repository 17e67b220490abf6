/**
 * What each schedule is, in one table rather than string comparisons over many files
 * (DESIGN "Schedules"). The run's resolution (resolve-run.ts) checks options against it, the
 * trial loop picks its strategy from it, and the output reads its words from it.
 */
export const SCHEDULES = ['random', 'pct', 'exhaustive', 'asyncio', 'event-loop', 'timers'] as const;
export type ScheduleName = (typeof SCHEDULES)[number];

/** The run options that apply to some schedules only. */
export type ScheduleOption = 'trials' | 'depth' | 'maxInterleavings' | 'preemptions' | 'maxSteps' | 'captureTrial' | 'jobs' | 'durationMs';

export interface ScheduleFacts {
  /** lockdemo's engine picks every step: traces, replay strings, --max-steps. */
  controlled: boolean;
  /** Draws from --seed, so the seed belongs in its reproduce line. */
  seeded: boolean;
  /** The same command gives the same output (so a `reproduce:` line is honest). */
  reproducible: boolean;
  /** Trials are seeded per chunk and can be spread over `jobs` worker threads. */
  parallel: boolean;
  /** Every trial is the same one (a deterministic loop): one trial is the default. */
  deterministic: boolean;
  /** What one run of a variant counts: distinct interleavings, or trials. */
  unit: 'interleavings' | 'trials';
  /** The options that apply to it; any other of ScheduleOption is refused. */
  options: ReadonlySet<ScheduleOption>;
  /** Why an option does not apply, when it is worth saying (exhaustive's "every interleaving once"). */
  nature?: string;
  /**
   * `setup` sees each trial's own index, which a replay of one of them must pass on. Under
   * `exhaustive` every interleaving is of one program, trial 0 (see trial-sources.ts).
   */
  numbered: boolean;
}

const SAMPLED: readonly ScheduleOption[] = ['trials', 'durationMs'];
const CONTROLLED: readonly ScheduleOption[] = ['maxSteps', 'captureTrial'];

export const SCHEDULE_TABLE: Readonly<Record<ScheduleName, ScheduleFacts>> = {
  random: {
    controlled: true,
    seeded: true,
    reproducible: true,
    parallel: true,
    deterministic: false,
    unit: 'trials',
    numbered: true,
    options: new Set([...SAMPLED, ...CONTROLLED, 'jobs']),
  },
  pct: {
    controlled: true,
    seeded: true,
    reproducible: true,
    parallel: true,
    deterministic: false,
    unit: 'trials',
    numbered: true,
    options: new Set([...SAMPLED, ...CONTROLLED, 'jobs', 'depth']),
  },
  exhaustive: {
    controlled: true,
    seeded: false,
    reproducible: true,
    parallel: false,
    deterministic: false,
    unit: 'interleavings',
    numbered: false,
    options: new Set([...CONTROLLED, 'maxInterleavings', 'preemptions']),
    nature: 'which runs every interleaving once',
  },
  asyncio: {
    controlled: true,
    seeded: false,
    reproducible: true,
    parallel: false,
    deterministic: true,
    unit: 'trials',
    numbered: true,
    options: new Set([...SAMPLED, ...CONTROLLED]),
  },
  // Pure code reproduces under Node.js's own loop; real I/O may not, which the scenario says.
  'event-loop': {
    controlled: false,
    seeded: false,
    reproducible: true,
    parallel: false,
    deterministic: false,
    unit: 'trials',
    numbered: true,
    options: new Set(SAMPLED),
    nature: "where Node.js's own event loop decides every step",
  },
  timers: {
    controlled: false,
    seeded: true,
    reproducible: false,
    parallel: false,
    deterministic: false,
    unit: 'trials',
    numbered: true,
    options: new Set(SAMPLED),
    nature: 'where real timers decide every step',
  },
};

/** Schedules under which lockdemo decides every interleaving: they can trace and replay. */
export const CONTROLLED_SCHEDULES: readonly ScheduleName[] = SCHEDULES.filter((name) => SCHEDULE_TABLE[name].controlled);

/** The schedules an option applies to, in the table's order. */
export function schedulesFor(option: ScheduleOption): ScheduleName[] {
  return SCHEDULES.filter((name) => SCHEDULE_TABLE[name].options.has(option));
}

/** What a run under this schedule counts ("interleavings", "trials"), or one of them. */
export function unitWord(schedule: ScheduleName, plural = true): string {
  const unit = SCHEDULE_TABLE[schedule].unit;
  return plural ? unit : unit.slice(0, -1);
}
