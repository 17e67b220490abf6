/**
 * A scenario loaded in supervised workers: the CLI's only way to run scenario code. It turns
 * what a worker does wrong (a loop at import, in `setup` or `observe`, a call to process.exit,
 * a broken contract, a bug in lockdemo) into a one-line CliError of its kind, and replaces a
 * worker stopped after a hanging trial with a fresh one that has loaded the module and opened
 * the shared resource again.
 */
import { Phase } from '../../core/heartbeat.js';
import type { RunParams } from '../../core/scenario.js';
import { HostError, HostWorker, StoppedWorker } from './host-worker.js';
import { isBuiltinName } from './builtin-names.js';
import { workerFailure } from './worker-failure.js';
import { CliError } from '../exit-codes.js';
import { reviveDeep } from '../../core/runner-outcomes.js';
import type { HtmlScenario } from '../html/write-report.js';
import type { Answers, OnProgress, PrepareFlags, Request, ScenarioInfo } from './protocol.js';

/**
 * Loading a module (and preparing a worker) is bounded by --timeout, but never by less than
 * this: importing a module in a fresh worker can take seconds on a loaded machine, and only a
 * module that truly never returns should be called a hang at import.
 */
const LOAD_FLOOR_MS = 5_000;

/** How long `open` may take (a server to start, a Redis to reach) before it counts as stuck. */
const OPEN_LIMIT_MS = 15_000;

/** How long `close` may take once the run is over, or once Ctrl-C asked to stop. */
const CLOSE_LIMIT_MS = 2_000;
const CLOSE_AFTER_INTERRUPT_MS = 300;

export class Session {
  private readonly hosts: HostWorker[] = [];
  private params: RunParams | undefined;
  private interrupted = false;
  /** Every worker registers the resolve hook for lockdemo (see load-scenario.ts, NeedsSelfImport). */
  private selfImport = false;
  info!: ScenarioInfo;

  private constructor(
    /** The scenario as given on the command line: a built-in's name or a module's path. */
    readonly target: string,
    readonly timeoutMs: number,
    private readonly signal: AbortSignal | undefined,
    first: HostWorker,
  ) {
    this.hosts.push(first);
    const stop = (): void => {
      this.interrupted = true;
      for (const host of this.hosts) host.stop();
    };
    // A Ctrl-C that came before the session (while the command line was read) stops it as one
    // that comes later does: `abort` is not fired again for a listener added after it.
    if (signal?.aborted === true) stop();
    else signal?.addEventListener('abort', stop, { once: true });
  }

  /** Loads the scenario in a worker (spawned earlier by `prespawn`, when there is one). */
  static async start(target: string, timeoutMs: number, signal: AbortSignal | undefined, first = takePrespawned(target)): Promise<Session> {
    const session = new Session(target, timeoutMs, signal, first);
    try {
      session.info = await session.ask(0, { type: 'load', target }, Math.max(timeoutMs, LOAD_FLOOR_MS));
    } catch (error) {
      await session.abandon();
      throw error;
    }
    return session;
  }

  get stopped(): boolean {
    return this.interrupted;
  }

  get size(): number {
    return this.hosts.length;
  }

  /** Grows to `count` workers, each with the scenario loaded (and opened, once `open` ran). */
  async grow(count: number): Promise<void> {
    const added: Promise<void>[] = [];
    while (this.hosts.length < count) {
      const slot = this.hosts.length;
      this.hosts.push(newHost(this.target, this.interrupted, this.selfImport));
      added.push(this.prepare(slot));
    }
    await Promise.all(added);
  }

  /** Starts what the trials share, in every worker: each worker's trials use its own. */
  async open(params: RunParams): Promise<void> {
    this.params = params;
    if (!this.info.opens) return;
    await Promise.all(this.hosts.map((_, slot) => this.ask(slot, { type: 'open', params }, OPEN_LIMIT_MS)));
  }

  /** The worker in `slot` (0 to the number of workers grown, less one). */
  private hostAt(slot: number): HostWorker {
    const host = this.hosts[slot];
    if (host === undefined) throw new Error(`there is no worker in slot ${slot}`);
    return host;
  }

  /**
   * Sends a request to worker `slot`. A worker stopped after a hanging trial is reported to
   * `onHang`, when given, which decides whether to ask again (the worker is replaced first).
   */
  async ask<R extends Request>(
    slot: number,
    request: R,
    limitMs = this.timeoutMs,
    progress?: OnProgress,
    onHang?: (stopped: StoppedWorker) => boolean,
  ): Promise<Answers[R['type']]> {
    // After Ctrl-C a worker stopped from outside is replaced, without its resource, for what
    // is left to ask (grading the trials that completed).
    if (this.interrupted && !this.hostAt(slot).alive && request.type !== 'range') {
      this.hosts[slot] = new HostWorker(this.target, this.selfImport);
      await this.hosts[slot].request({ type: 'load', target: this.target }, Math.max(this.timeoutMs, LOAD_FLOOR_MS), undefined, true);
      if (this.flags !== undefined)
        await this.hosts[slot].request({ type: 'prepare', flags: this.flags }, Math.max(this.timeoutMs, LOAD_FLOOR_MS), undefined, true);
      return reviveDeep(await this.hosts[slot].request(request, limitMs, progress, true));
    }
    for (;;) {
      try {
        // Runner outcomes lose their class crossing from the worker: intern them again.
        return reviveDeep(await this.hostAt(slot).request(request, limitMs, progress));
      } catch (error) {
        // A module of the scenario could not find lockdemo where this worker had no resolve
        // hook for it: load it again in a fresh worker that has one, as every later worker will.
        if (request.type === 'load' && error instanceof HostError && error.wire.needsSelfImport === true && !this.selfImport) {
          this.selfImport = true;
          void this.hostAt(slot).terminate();
          this.hosts[slot] = newHost(this.target, this.interrupted, true);
          continue;
        }
        if (!(error instanceof StoppedWorker)) throw this.failure(error);
        if (error.reason === 'interrupt') {
          // A range, a check or an extension stopped by Ctrl-C is the caller's to account for: it reports what
          // came back. Grading is what that report needs, so a grading stopped by Ctrl-C is asked
          // again of a fresh worker (as above). Anything else ends with 130.
          // The extras of a variant whose trials all came back (--ablate, the smallest race) are
          // dropped the same way: the trials' summary still follows.
          if (request.type === 'range' || request.type === 'check' || request.type === 'extend' || request.type === 'sample') throw error;
          if (request.type === 'grade') return this.ask(slot, request, limitMs, progress);
          throw this.failure(error, request);
        }
        // A load or an open is bounded by other than --timeout (LOAD_FLOOR_MS, OPEN_LIMIT_MS): its
        // message names the bound it had.
        // A replay of the determinism sample that never came back is the caller's to report, in
        // whatever part of the trial it loops (setup too): the search ran that code and it came back.
        if (error.reason !== 'hang' || (error.phase !== Phase.Tasks && error.replay === undefined) || onHang === undefined) {
          throw this.failure(error, request, request.type === 'load' || request.type === 'open' ? limitMs : undefined);
        }
        const again = onHang(error);
        this.hosts[slot] = newHost(this.target, this.interrupted, this.selfImport);
        try {
          await this.prepare(slot);
        } catch (prepareError) {
          // Ctrl-C while the fresh worker loads: the hang stands, with the trials reported before
          // it (the caller counts them); the load stopped by it is no error of the scenario.
          if (this.interrupted) throw error;
          throw prepareError;
        }
        if (!again) throw error;
      }
    }
  }

  /**
   * Closes what every worker opened, then ends every worker; bounded, and never throws twice.
   * Resolves with whether every `close` finished: false when Ctrl-C stopped one (or cut it at
   * its short limit after a stop), so the run did not finish either.
   */
  async close(): Promise<boolean> {
    const limit = this.interrupted ? CLOSE_AFTER_INTERRUPT_MS : CLOSE_LIMIT_MS;
    const results = await Promise.allSettled(
      this.hosts.map((host) =>
        this.params !== undefined && this.info?.opens && host.alive
          ? // A Ctrl-C that comes while `close` runs stops it (a close that hangs, say) as it stops
            // trials: the summary of the trials follows. After one, `close` gets its short limit.
            host.request({ type: 'close' }, limit, undefined, this.interrupted)
          : Promise.resolve(null),
      ),
    );
    // Not awaited: ending a worker takes milliseconds, and nothing of it is needed any more.
    for (const host of this.hosts) void host.terminate();
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    // A close stopped by Ctrl-C, or cut at its short limit after one, was asked to stop: the
    // run ends as interrupted (130), not as the scenario's hang.
    const stopped = (reason: unknown): boolean =>
      reason instanceof StoppedWorker && (reason.reason === 'interrupt' || (this.interrupted && reason.reason === 'hang'));
    if (failed !== undefined && !stopped(failed.reason)) {
      throw this.failure(failed.reason, { type: 'close' }, limit);
    }
    // A worker that ended by itself after its last answer (a scenario's timer that threw once
    // the trials were over) still ends the run with its error: it never passes unnoticed.
    const ended = this.hosts.find((host) => host.endedBy !== undefined)?.endedBy;
    if (ended !== undefined && !this.interrupted) throw this.failure(ended);
    return failed === undefined;
  }

  /** Ends every worker at once (an error path: nothing more is asked of them). */
  async abandon(): Promise<void> {
    for (const host of this.hosts) void host.terminate();
  }

  /** The scenario as the HTML report sees it: its name, and replays run in worker 0. */
  htmlScenario(options: Readonly<Record<string, string | undefined>> = {}, maxSteps?: number): HtmlScenario {
    return {
      name: this.info.name,
      summary: this.info.summary,
      tasks: this.info.tasks,
      replay: (variant, tasks, schedule, trial, seed) =>
        this.ask(0, {
          type: 'replay',
          variant,
          tasks,
          schedule,
          options,
          ...(trial !== undefined ? { trial: trial - 1 } : {}),
          ...(maxSteps !== undefined ? { maxSteps } : {}),
          ...(seed !== undefined ? { seed } : {}),
        }),
    };
  }

  /**
   * --remove-lock and --ablate: applied in every worker, now and in each one started later.
   * Resolves with what the first worker said of the removed lock (every worker says the same).
   */
  async applyFlags(flags: PrepareFlags): Promise<Answers['prepare']> {
    this.flags = flags;
    let first: Answers['prepare'] = {};
    for (const [slot] of this.hosts.entries()) {
      const answer = await this.ask(slot, { type: 'prepare', flags }, Math.max(this.timeoutMs, LOAD_FLOOR_MS));
      if (slot === 0) first = answer;
    }
    return first;
  }

  private flags: PrepareFlags | undefined;

  private async prepare(slot: number): Promise<void> {
    await this.ask(slot, { type: 'load', target: this.target }, Math.max(this.timeoutMs, LOAD_FLOOR_MS));
    if (this.flags !== undefined) await this.ask(slot, { type: 'prepare', flags: this.flags }, Math.max(this.timeoutMs, LOAD_FLOOR_MS));
    if (this.params !== undefined && this.info.opens) await this.ask(slot, { type: 'open', params: this.params }, OPEN_LIMIT_MS);
  }

  /** What a worker did wrong, as the error to throw (see worker-failure.ts). */
  /** `limitMs`: the bound the request had, when not the run's --timeout (close has its own). */
  private failure(error: unknown, request?: Request, limitMs = this.timeoutMs): unknown {
    const failure = workerFailure(error, { name: this.info?.name ?? this.target, target: this.target, timeoutMs: limitMs }, request);
    // After a stop, what the scenario's code fails at may be the signal's doing (a terminal's
    // Ctrl-C, or a CI's SIGTERM to the process group, reaches its child processes too): the run
    // ends as interrupted (130), saying what failed, never as the scenario's fault (3).
    if (this.interrupted && failure instanceof CliError && failure.kind === 'scenario') {
      return new CliError('interrupted', `interrupted, and then ${failure.message}`);
    }
    return failure;
  }
}

function newHost(target: string, stopped: boolean, selfImport: boolean): HostWorker {
  const host = new HostWorker(target, selfImport);
  if (stopped) host.stop();
  return host;
}

let prespawned: HostWorker | undefined;

/**
 * Starts the first worker before the command line is parsed, so that its module loading
 * overlaps the main thread's. Only for commands that will run scenario code. `scenario`, the
 * first word of the command line: a built-in's name starts the worker that built-in scenarios
 * start faster in (see HostWorker), and lets it import the scenario's module early.
 */
export function prespawn(scenario?: string): void {
  prespawned ??= new HostWorker(scenario);
}

function takePrespawned(target: string): HostWorker {
  const host = prespawned;
  prespawned = undefined;
  if (host === undefined) return new HostWorker(target);
  // Started for a built-in's name, it runs built-in scenarios only: a module needs another.
  if (host.builtinOnly && !isBuiltinName(target)) {
    void host.terminate();
    return new HostWorker(target);
  }
  return host;
}
