/**
 * What each schedule is, in one table rather than string comparisons over many files
 * (DESIGN "Schedules").
 */
export const SCHEDULES = ['random', 'pct', 'exhaustive', 'asyncio', 'event-loop', 'timers'] as const;
export type ScheduleName = (typeof SCHEDULES)[number];

export interface ScheduleFacts {
  /** lockdemo's engine picks every step: traces, replay strings, --max-steps. */
  controlled: boolean;
  /** Draws from --seed. */
  seeded: boolean;
  /** The same command gives the same output (so a `reproduce:` line is honest). */
  reproducible: boolean;
  /** Trials can be spread over --jobs worker threads. */
  parallel: boolean;
  /**
   * `setup` sees each trial's own index, which a replay of one of them must pass on. Under
   * `exhaustive` every interleaving is of one program, trial 0 (see trial-loop.ts).
   */
  numbered: boolean;
}

export const SCHEDULE_TABLE: Readonly<Record<ScheduleName, ScheduleFacts>> = {
  random: { controlled: true, seeded: true, reproducible: true, parallel: true, numbered: true },
  pct: { controlled: true, seeded: true, reproducible: true, parallel: true, numbered: true },
  exhaustive: { controlled: true, seeded: false, reproducible: true, parallel: false, numbered: false },
  asyncio: { controlled: true, seeded: false, reproducible: true, parallel: false, numbered: true },
  // Pure code reproduces under Node.js's own loop; real I/O may not, which the scenario says.
  'event-loop': { controlled: false, seeded: false, reproducible: true, parallel: false, numbered: true },
  timers: { controlled: false, seeded: true, reproducible: false, parallel: false, numbered: true },
};

/** Schedules under which lockdemo decides every interleaving: they can trace and replay. */
export const CONTROLLED_SCHEDULES: readonly ScheduleName[] = SCHEDULES.filter((name) => SCHEDULE_TABLE[name].controlled);
