/**
 * The main thread's handle on one worker that runs scenario code. Every request is bounded:
 * the worker beats in shared memory as trials end and as scenario code moves between setup,
 * tasks and observe; when no beat comes for longer than the limit, the worker is stopped from
 * outside (which holds for a synchronous infinite loop) and the request fails with a
 * {@link StoppedWorker} that says where the code was and which trial was in flight.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { reviveDeep } from '../../core/runner-outcomes.js';
import { MAX_PUBLISHED_PICKS, newHeartbeatBuffer, Phase, Slot, type ReplayNote } from '../../core/heartbeat.js';
import type { Answers, OnProgress, Reply, Request, WireError } from './protocol.js';
import { HostError, StoppedWorker } from './worker-errors.js'; // re-exported: most importers know them from here
import { WORKER_YOUNG_GENERATION_MB } from '../../core/limits.js';
import { isBuiltinName } from './builtin-names.js';
import { scenarioEnv } from './run-temp.js';
import { killChildProcesses } from './child-processes.js';
export { HostError, StoppedWorker };

/**
 * Where the worker's modules are. Tests that run the sources (vitest) use the build's, since a
 * worker cannot load TypeScript: `npm test` builds first.
 */
const BUILD = import.meta.url.endsWith('.ts') ? new URL('../../../dist/src/cli/contain/', import.meta.url) : new URL('./', import.meta.url);

/** The worker's module for any scenario: host.ts as built into ES modules. */
const HOST_URL = new URL('host.js', BUILD);

/**
 * The worker's module for a built-in scenario: the same host.ts, built into CommonJS and loaded
 * with V8's code cache (see host-boot.ts), which starts its trials sooner.
 */
const BUILTIN_HOST_URL = new URL('host-boot.cjs', BUILD);

/** How long a worker may take to load lockdemo's own modules before it counts as stuck. */
const BOOT_LIMIT_MS = 60_000;

/**
 * Between trials (Phase.Idle) the worker runs lockdemo's own code (a tally, a reply), which a
 * busy machine can hold up for longer than a short --timeout: it is not the scenario's hang. A
 * scenario's stray timer that loops there is still stopped, after this long at least.
 */
export const IDLE_FLOOR_MS = 5_000;

/** How often the watchdog looks at the heartbeat. */
const POLL_MS = 50;

/** After a stop request, how long the worker has to come back by itself before it is ended. */
export const STOP_GRACE_MS = 300;

/** Workers ended while running scenario code, until they have exited (see settleStoppedWorkers). */
const stoppedBusy = new Set<Worker>();

/** Every worker not yet ended, for haltAll. */
const live = new Set<HostWorker>();

/**
 * Ends every worker at once, as the process quits (a second Ctrl-C, SIGQUIT): what each was asked
 * is left unanswered, so that nothing more runs or is reported, and one still running is counted
 * among those stopped while busy, so that the exit waits for it to end, or knows it never will.
 */
export function quitAll(): void {
  for (const host of live) host.quit();
}

/**
 * Before the process exits. Node.js joins every worker thread at exit, and one stuck in a system
 * call (an execSync whose command never ends, a synchronous read of a terminal) never comes
 * back: lockdemo would hang after its last line, deaf to Ctrl-C. Waits for the workers that were
 * stopped while busy; then ends the process's child processes (what execSync and spawnSync
 * wait for), which frees such a call. Resolves false when one is still stuck after that.
 */
export async function settleStoppedWorkers(): Promise<boolean> {
  if (stoppedBusy.size === 0) return true;
  if (await stoppedWithin(1000)) return true;
  killChildProcesses();
  return stoppedWithin(2000);
}

/** Workers an embedded run's end has waited for once already (see settleStoppedOnce). */
const waitedFor = new WeakSet<Worker>();

/**
 * At the end of an embedded run (runCli in another program): waits up to `ms` for the workers
 * stopped while busy that no earlier run's end has waited for. One stuck for good (a trial that
 * opened a FIFO nobody writes) is waited for once, not by every later run of the program; the
 * exit path still counts it.
 */
export async function settleStoppedOnce(ms: number): Promise<void> {
  const fresh = (): Worker[] => [...stoppedBusy].filter((worker) => !waitedFor.has(worker));
  const until = performance.now() + ms;
  while (fresh().length > 0 && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
  for (const worker of stoppedBusy) waitedFor.add(worker);
}

/** Whether every worker stopped while busy has exited within `ms`. */
export async function stoppedWithin(ms: number): Promise<boolean> {
  const until = performance.now() + ms;
  while (stoppedBusy.size > 0 && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
  return stoppedBusy.size === 0;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  progress?: OnProgress;
}

export class HostWorker {
  /** Whether this worker runs the CommonJS build, which loads built-in scenarios only. */
  readonly builtinOnly: boolean;
  private readonly shared: Int32Array;
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private ended = false;
  /** Why the worker ended by itself, for any later request. */
  private death: StoppedWorker | undefined;
  private stopAsked = 0;
  /** The exception the worker said it is ending with (see host.ts). */
  private fatal: WireError | undefined;
  /** The replay of the determinism sample last announced (see heartbeat.ts, Slot.Replaying). */
  private replaying: ReplayNote | undefined;

  /**
   * `target`: the scenario the worker will be asked to load, when known. A built-in's name starts
   * the worker from the CommonJS build, which may load no other (see BUILTIN_HOST_URL), and the
   * worker may start importing it before it is asked to.
   * `selfImport`: register the resolve hook for `lockdemo` whatever the module (see load-scenario.ts, NeedsSelfImport).
   */
  constructor(target?: string, selfImport = false) {
    const builtin = isBuiltinName(target) ? target : undefined;
    this.builtinOnly = builtin !== undefined && !selfImport;
    const buffer = newHeartbeatBuffer();
    this.shared = new Int32Array(buffer);
    // A port of the supervisor's own, not the worker's parentPort, which scenario code can reach
    // (host.ts takes this one out of workerData before it loads any).
    const channel = new MessageChannel();
    this.port = channel.port1;
    const env = scenarioEnv();
    this.worker = new Worker(this.builtinOnly ? BUILTIN_HOST_URL : HOST_URL, {
      // Scenario code's temporary files go into the run's own directory (see run-temp.ts).
      ...(env !== undefined ? { env } : {}),
      workerData: {
        heartbeat: buffer,
        port: channel.port2,
        ...(builtin !== undefined ? { builtin } : {}),
        ...(selfImport ? { selfImport } : {}),
      },
      transferList: [channel.port2],
      // What scenario code writes to its stdout (a console.log) goes to stderr: stdout holds
      // lockdemo's report alone, so that `--json` stays one document.
      stdout: true,
      stderr: false,
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    this.worker.stdout.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    this.port.on('message', (reply: Reply) => this.onReply(reply));
    // The worker keeps the loop alive while it runs; its port needs not.
    this.port.unref();
    // Everything scenario code throws is caught in the worker (host.ts): what escapes is the
    // worker's own failure, such as lockdemo's module failing to load.
    this.worker.on('error', (error) => this.fail('crash', `lockdemo's worker failed: ${safeMessage(error)}`));
    live.add(this);
    this.worker.on('exit', (code) => {
      live.delete(this);
      stoppedBusy.delete(this.worker);
      // The worker's last words (its answers, and the `fatal` it posts before it ends) travel on
      // the port, which is not ordered with this event: read whatever is still queued first, or
      // a scenario's own error could be reported as a bare exit on a busy machine.
      for (let queued = receiveMessageOnPort(this.port); queued !== undefined; queued = receiveMessageOnPort(this.port)) {
        this.onReply(queued.message as Reply);
      }
      const called = this.shared[Slot.ExitCalled] === 1;
      const exitCode = called ? this.shared[Slot.ExitCode] : undefined;
      this.fail('exit', called ? `it called process.exit(${exitCode})` : `its worker ended with code ${code}`, exitCode);
    });
  }

  /**
   * Sends a request and resolves with the worker's answer. Fails with a StoppedWorker when no
   * beat comes for `limitMs`, after a stop request is not answered in time, or when the
   * worker ends; with a HostError when the worker reports an error.
   */
  request<R extends Request>(request: R, limitMs: number, progress?: OnProgress, ignoreStop = false): Promise<Answers[R['type']]> {
    if (this.ended) return Promise.reject(this.death ?? new StoppedWorker('crash', Phase.Idle, 0, [], undefined, 'its worker has ended'));
    const id = this.nextId++;
    return new Promise<Answers[R['type']]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, ...(progress ? { progress } : {}) });
      let beat = this.shared[Slot.Beat];
      const sent = performance.now();
      let quietSince = sent;
      const watchdog = setInterval(
        () => {
          if (!this.pending.has(id)) return clearInterval(watchdog);
          const now = performance.now();
          if (this.shared[Slot.Beat] !== beat) {
            beat = this.shared[Slot.Beat];
            quietSince = now;
          }
          // Loading lockdemo's own modules is not scenario code: on a busy machine it can take
          // long, and only a lockdemo bug could make it never end.
          if (this.shared[Slot.Ready] === 0 && now - sent < BOOT_LIMIT_MS) quietSince = now;
          if (!ignoreStop && this.stopAsked > 0 && now - this.stopAsked > STOP_GRACE_MS) {
            clearInterval(watchdog);
            this.halt('interrupt', 'stopped by Ctrl-C');
          } else if (now - quietSince > (this.shared[Slot.Phase] === Phase.Idle ? Math.max(limitMs, IDLE_FLOOR_MS) : limitMs)) {
            clearInterval(watchdog);
            this.halt('hang', `no answer within ${limitMs} ms`);
          }
        },
        Math.min(POLL_MS, Math.max(5, limitMs / 4)),
      );
      this.port.postMessage({ id, request });
    });
  }

  /** Why the worker ended by itself (it exited or crashed), if it did: not when it was stopped. */
  get endedBy(): StoppedWorker | undefined {
    return this.death?.reason === 'exit' || this.death?.reason === 'crash' ? this.death : undefined;
  }

  /** False once the worker has ended, by itself or stopped from outside. */
  get alive(): boolean {
    return !this.ended;
  }

  /** Asks the worker to start no further trial (Ctrl-C); it is ended if it does not answer soon. */
  stop(): void {
    Atomics.store(this.shared, Slot.Stop, 1);
    if (this.stopAsked === 0) this.stopAsked = performance.now();
  }

  /** Ends the worker now, whatever it is doing. */
  async terminate(): Promise<void> {
    if (this.pending.size > 0) stoppedBusy.add(this.worker);
    this.ended = true;
    await this.worker.terminate();
  }

  /** Ends the worker now, as the process quits: see quitAll. */
  quit(): void {
    if (this.pending.size > 0) stoppedBusy.add(this.worker);
    this.pending.clear();
    this.ended = true;
    void this.worker.terminate();
  }

  private halt(reason: 'hang' | 'interrupt', message: string): void {
    stoppedBusy.add(this.worker);
    this.fail(reason, message);
    void this.worker.terminate();
  }

  private fail(reason: StoppedWorker['reason'], message: string, exitCode?: number): void {
    if (this.ended && this.pending.size === 0) return;
    this.ended = true;
    const count = Math.min(this.shared[Slot.PickCount] ?? 0, MAX_PUBLISHED_PICKS);
    const picks = Array.from(this.shared.subarray(Slot.Picks, Slot.Picks + count));
    const phase = this.shared[Slot.Phase] as Phase;
    const fatal = reason === 'exit' ? this.fatal : undefined;
    // Stopped in a replay of the determinism sample: the note that named it (sent before its code ran).
    const replaying = this.shared[Slot.Replaying] ?? 0;
    const replay = replaying > 0 && this.replaying?.position === replaying - 1 ? this.replaying : undefined;
    const schedule = this.shared[Slot.Schedule];
    const stopped = new StoppedWorker(reason, phase, this.shared[Slot.Trial] ?? 0, picks, exitCode, message, fatal, replay, schedule);
    this.death ??= stopped;
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(stopped);
    }
  }

  private onReply(reply: Reply): void {
    if ('fatal' in reply) {
      this.fatal = reply.fatal;
      return;
    }
    if ('replaying' in reply) {
      // Runner outcomes lose their class crossing from the worker: interned again, as answers are.
      this.replaying = reviveDeep(reply.replaying);
      return;
    }
    const pending = this.pending.get(reply.id);
    if (pending === undefined) return;
    if ('progress' in reply) return pending.progress?.(reply.progress, reply.partial);
    this.pending.delete(reply.id);
    if ('ok' in reply) pending.resolve(reply.ok);
    else pending.reject(new HostError(reply.error));
  }
}

function safeMessage(error: unknown): string {
  try {
    return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  } catch {
    return 'an unreadable error';
  }
}
