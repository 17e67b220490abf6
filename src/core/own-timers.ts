/**
 * The timers lockdemo keeps its own time with (a trial's bound, the `timers` schedule's delays,
 * the watchdog of a batch), as they were when lockdemo loaded: before any scenario code ran in
 * the CLI's worker (host.ts loads this first), and before a test installs fake timers in the
 * library's caller. A scenario may install a fake clock for its own code (the README allows it);
 * one that fired early made every event-loop trial a "hang" of 2147483647 ms.
 */
export const ownSetTimeout: typeof setTimeout = globalThis.setTimeout;
export const ownClearTimeout: typeof clearTimeout = globalThis.clearTimeout;
