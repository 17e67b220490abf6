/**
 * Virtual milliseconds one turn of the loop takes: 0.01 ms (10 µs, the order of one
 * `_run_once` of CPython on a laptop). Only polling programs (`while (!flag) await t.yield()`
 * waiting for a sleeper) depend on it, and only in how many times they poll.
 */
export const LOOP_TICK_MS = 0.01;

/**
 * `time.get_clock_info('monotonic').resolution` on Linux (1 ns), in ms: a timer is due once its
 * deadline is below the clock plus this. It also absorbs the floating-point error of adding up
 * turns, which real time would swamp anyway.
 */
const CLOCK_RESOLUTION_MS = 1e-6;

/**
 * The selector's timeout for a wait of `ms`, rounded up to whole milliseconds as epoll's is; 0
 * for a deadline already past. Rounding error below the clock's resolution does not round up.
 */
function ceilMs(ms: number): number {
  return ms <= 0 ? 0 : Math.ceil(ms - CLOCK_RESOLUTION_MS);
}

/**
 * Real milliseconds a handle of CPython's loop may take that the model's tick does not count: a
 * task's step of a few lines takes microseconds, and on a busy machine many more. A timer
 * pending while the loop runs this many milliseconds' worth of handles may fire among them in
 * CPython, wherever the model's clock puts it (thirty tasks of ninety yields each against a 1 ms
 * sleep: CPython woke the sleeper first in 80 runs of 80; lockdemo's ideal clock, last).
 */
const HANDLE_MARGIN_MS = 0.05;

/** A `t.sleep(ms)` under `asyncio`: `call_later` on the virtual clock. */
interface Timer {
  deadline: number;
  task: number;
  resume: () => void;
  /** When it was made, on the virtual clock. */
  made: number;
  /** The order it was made in: timers made in one turn have the same `made`. */
  seq: number;
  /** Handles of tasks the loop ran while it was pending (see HANDLE_MARGIN_MS). */
  handles: number;
}

/**
 * Whether real time decides the order of these two timers of different tasks. Made in order,
 * the later one with a delay no shorter fires later on any clock: its deadline is later by the
 * time between the two sleeps, whatever that time really was. Otherwise the later-made one goes
 * first exactly when that time was shorter than the difference of their delays, and in CPython
 * that time is the turns' and waits' real length (a wait ends late by the kernel's timer slack,
 * 0.1 ms typically, milliseconds on a busy machine): no margin makes that certain.
 */
function orderByRealTime(a: Timer, b: Timer): boolean {
  if (a.task === b.task) return false;
  // Made in one turn too: the steps between the two sleeps take real time in CPython (a 1.3 ms
  // sleep, then another task's 1.299 ms one: CPython woke the first first, 50 runs of 50).
  const [early, late] = a.seq < b.seq ? [a, b] : [b, a];
  return late.deadline - late.made < early.deadline - early.made;
}

/**
 * The turns and the timers of `asyncio`'s loop, as CPython's `BaseEventLoop._run_once` has
 * them: a turn runs the handles that were ready when it began; at its start, expired timers
 * become handles that run in that turn, and the tasks they wake join the ready queue at its end
 * (their `__wakeup` is `call_soon`ed), so they run in the next turn. Each turn advances the
 * virtual clock by LOOP_TICK_MS; with nothing ready it waits for the next deadline as epoll
 * does, to whole milliseconds rounded up, and every timer due by then fires in that turn (two
 * 10 ms timers started a turn apart fire together).
 */
export class VirtualLoop {
  private clock = 0;
  /** Pending timers by deadline; ties keep the order they were made in. */
  private timers: Timer[] = [];
  /** Timers that fired at the start of this turn: their tasks wake at its end. */
  private fired: Timer[] = [];
  /** Handles of this turn not yet run. */
  private left = 0;
  /** Turns begun: the loop's own clock of turns (see endTurn in trial-scheduler.ts). */
  turns = 0;
  /**
   * A timer fired where CPython's real clock could have fired it elsewhere among the tasks'
   * steps (see fire): the trial's order is the model's, an ideal clock's.
   */
  clockDependent = false;
  /**
   * Handles of the loop's own queued for the next turn: a task that returns has its done
   * callback (gather's) `call_soon`ed, so the next turn is not empty and does not wait for a
   * deadline: it takes one tick.
   */
  private loopHandles = 0;
  /** Timers made so far in this trial: each one's `seq`. */
  private made = 0;

  constructor(
    /** Told the first time clockDependent is set in a trial. */
    private readonly onClockDependent?: () => void,
  ) {}

  reset(): void {
    this.clock = 0;
    this.left = 0;
    this.turns = 0;
    this.loopHandles = 0;
    this.made = 0;
    this.clockDependent = false;
    if (this.timers.length > 0) this.timers = [];
    if (this.fired.length > 0) this.fired = [];
  }

  get idle(): boolean {
    return this.timers.length === 0 && this.fired.length === 0;
  }

  /** A task returned: its done callback runs in the next turn (see loopHandles). */
  taskReturned(): void {
    this.loopHandles++;
  }

  sleep(task: number, ms: number, resume: () => void): void {
    const timer: Timer = { deadline: this.clock + ms, task, resume, made: this.clock, seq: this.made++, handles: 0 };
    let at = this.timers.length;
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- at > 0
    while (at > 0 && this.timers[at - 1]!.deadline > timer.deadline) at--;
    this.timers.splice(at, 0, timer);
  }

  /**
   * Before a pick: if this turn's handles are used up, end it (waking what its timers woke,
   * through `wake`) and begin the next, whose handles are those ready now (`readyCount()`).
   */
  beginTurnIfDone(readyCount: () => number, wake: (task: number, resume: () => void) => void): void {
    while (this.left === 0) {
      for (const timer of this.fired) wake(timer.task, timer.resume);
      this.fired.length = 0;
      const ready = readyCount();
      if (ready === 0 && this.timers.length === 0) return;
      const loopOnly = this.loopHandles;
      this.loopHandles = 0;
      this.clock += LOOP_TICK_MS;
      // Nothing ready, not even a handle of the loop's own: the selector waits until the first
      // deadline, its timeout rounded up to a whole millisecond (selectors.EpollSelector:
      // math.ceil(timeout * 1e3) * 1e-3).
      if (ready === 0 && loopOnly === 0) {
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- timers is not empty: with none and nothing ready it returned above
        this.clock += ceilMs(this.timers[0]!.deadline - this.clock);
      }
      // Every timer due by then fires in this turn (_run_once: `when < time() + clock_resolution`).
      this.fire(ready > 0 || loopOnly > 0);
      this.left = ready;
      this.turns++;
    }
  }

  /** Whether this turn still has handles of the trial's tasks to run. */
  get turnLeft(): boolean {
    return this.left > 0;
  }

  /**
   * A turn in which none of the trial's tasks is ready, only the loop's own handles (a
   * gather's callback, the main coroutine's wake-up, loop.stop): it does not wait for the next
   * deadline, as the ready queue is not empty; the timers due by its end fire, and the tasks
   * they wake run in the next turn. The tasks that the timers of the turn before woke run in
   * this one, beside the loop's handles, as in any turn.
   */
  loopTurn(readyCount: () => number, wake: (task: number, resume: () => void) => void): void {
    for (const timer of this.fired) wake(timer.task, timer.resume);
    this.fired.length = 0;
    const ready = readyCount();
    this.loopHandles = 0;
    this.clock += LOOP_TICK_MS;
    this.fire(true);
    this.left = ready;
    this.turns++;
  }

  /**
   * The timers due by the clock fire (_run_once: `when < time() + clock_resolution`), in deadline
   * order. Where real time could have fired one elsewhere, the trial is clockDependent:
   * - `busy`, the turn did not wait for them (the loop had handles ready): CPython's turns are
   *   not LOOP_TICK_MS long, so a timer due while the loop keeps running comes among the tasks'
   *   steps where the turns' real lengths put it;
   * - another task's timer is left for a later wake: a wake that comes late (by milliseconds on
   *   a busy machine) fires both in one turn;
   * - two timers whose order real time decides (orderByRealTime).
   */
  private fire(busy: boolean): void {
    const end = this.clock + CLOCK_RESOLUTION_MS;
    let expired = 0;
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- expired < timers.length
    while (expired < this.timers.length && this.timers[expired]!.deadline < end) expired++;
    if (expired === 0) return;
    if (busy) this.markClockDependent();
    for (let i = 0; i < expired && !this.clockDependent; i++) {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- i < expired <= timers.length
      const first = this.timers[i]!;
      for (let j = i + 1; j < this.timers.length && !this.clockDependent; j++) {
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- j < timers.length
        const other = this.timers[j]!;
        if (j >= expired && other.task !== first.task) this.markClockDependent();
        else if (orderByRealTime(first, other)) this.markClockDependent();
      }
    }
    this.fired = this.timers.splice(0, expired);
  }

  private markClockDependent(): void {
    this.clockDependent = true;
    this.onClockDependent?.();
  }

  /**
   * One handle of this turn ran (a task was picked). A timer pending meanwhile that the handles
   * run so far could have outlasted in CPython fires where real time puts it (HANDLE_MARGIN_MS).
   */
  ran(): void {
    this.left--;
    for (const timer of this.timers) {
      timer.handles++;
      if (!this.clockDependent && timer.handles * HANDLE_MARGIN_MS >= timer.deadline - timer.made) this.markClockDependent();
    }
  }
}
