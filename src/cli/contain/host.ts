import { countFromStart } from '../../core/tick-watch.js'; // first: the nextTick counter is in place before any scenario code loads
import '../../core/own-timers.js'; // lockdemo's timers, taken before any scenario code can replace them
import './inspector-guard.js'; // the inspector, taken away before any scenario code can reach the main thread with it
/**
 * The worker thread where lockdemo runs scenario code: the module's import, `open`, every
 * trial, `observe`, `close`. The main thread supervises it through shared memory (see
 * heartbeat.ts) and can always stop it, whatever the code does: a synchronous loop, a promise
 * that never settles, a call to process.exit.
 */
import { MessagePort, workerData } from 'node:worker_threads';
import { attachHeartbeat, attachReplayNotes, markReady, Phase, setPhase, Slot } from '../../core/heartbeat.js';
import { describeThrown } from '../../core/describe-thrown.js';
import { nameOptionsAsFlags } from '../../core/option-words.js';
import type { Scenario } from '../../core/scenario.js';
import type { Reply, Request, WireError } from './protocol.js';
import type * as Requests from './host-requests.js';
import { BUILTIN_SCENARIOS } from './builtin-scenarios.js';
import { holdBuiltins, tamperedBuiltin } from './intrinsics-guard.js';
import { installSeededRandom, reseedOutsideTrials } from '../../core/trial-random.js';

// The heartbeat and the supervisor's port are taken out of workerData before any scenario code
// runs, which could otherwise forge the supervisor's answers (a pass for a failing run) or beat
// for a loop that never ends. Replies go out through postMessage as it is now, not as a
// scenario may have replaced it on MessagePort's prototype.
// Only lockdemo's modules have loaded so far: every nextTick scenario code can reach is counted.
countFromStart();
// Math.random is seeded per trial in this thread (trial-random.ts), from before any scenario
// code runs (a built-in scenario's module may be imported just below).
installSeededRandom();
const data = workerData as { heartbeat: SharedArrayBuffer; port: MessagePort | undefined; afterAnswer?: () => void };
const heartbeat = data.heartbeat;
const supervisor = data.port;
// Only the build's run has this (host-boot.ts writes the code cache with it).
const afterAnswer = data.afterAnswer;
delete (data as Partial<typeof data>).heartbeat;
delete (data as Partial<typeof data>).port;
delete data.afterAnswer;
attachHeartbeat(heartbeat);
// The outcomes this worker reports name the CLI's flags (`--max-steps`), not the library's options.
nameOptionsAsFlags();
const shared = new Int32Array(heartbeat);

// process.exit in a worker ends only the worker, with no message: leave a mark first, so the
// supervisor can tell scenario code that exited from a crash, and never report success.
const exit = process.exit.bind(process);
process.exit = (code?: number | string | null) => {
  shared[Slot.ExitCalled] = 1;
  shared[Slot.ExitCode] = Number(code ?? 0) | 0;
  return exit(code ?? undefined);
};

// A signal to lockdemo's own process from scenario code stops it (SIGSTOP: only SIGKILL ends
// it), ends it with no summary (SIGHUP), or reads as the user's Ctrl-C (SIGINT, SIGTERM): it is
// refused, as process.exit is. Other processes (the scenario's children) are its to signal.
const kill = process.kill.bind(process);
process.kill = (pid: number, signal?: string | number): true => {
  if (Number(pid) === process.pid || Number(pid) === 0 || Number(pid) === -process.pid) {
    throw new Error("process.kill of lockdemo's own process is not available to scenario code");
  }
  return kill(pid, signal);
};

if (supervisor === undefined) throw new Error('host.js runs only in a worker thread that a supervisor gave its port');
const post: (reply: Reply) => void = MessagePort.prototype.postMessage.bind(supervisor);
const port = { post, on: MessagePort.prototype.on.bind(supervisor) };
// Which interleaving a replay of the determinism sample runs again, and what it gave before.
attachReplayNotes((replaying) => port.post({ replaying } satisfies Reply));
let scenario: Scenario<unknown, unknown> | undefined;
let resource: unknown;
let opened = false;

// The engine's modules load while the main thread parses argv.
let classify: Pick<typeof Requests, 'toWire' | 'uncaughtToWire'> | undefined;
const engine = import('./host-requests.js').then((requests) => {
  classify = requests;
  markReady();
  return requests;
});

// So does the built-in scenario named first on the command line, if any: only its module is
// imported (and kept in the module cache), nothing of it is called; the `load` request still
// decides what runs. A user's module is never imported before it is asked for.
// It starts now, beside the engine's, not once the engine has loaded (see builtin-scenarios.ts).
const { builtin } = workerData as { builtin?: string };
if (builtin !== undefined && Object.hasOwn(BUILTIN_SCENARIOS, builtin)) void BUILTIN_SCENARIOS[builtin]?.().catch(() => {});

/** Requests not answered yet: an error thrown outside them all fails them all. */
const inFlight = new Set<number>();

port.on('message', (message: { id: number; request: Request }) => {
  void answer(message.id, message.request);
});

// An exception nobody caught (a scenario's timer, a promise it did not await, or a bug in
// lockdemo's own callbacks: wire-error.ts tells which) fails every request in flight, and ends
// the worker: its state is unknown, and the supervisor starts a fresh one if needed. The worker
// says why before it ends, so that an end between requests is reported as what it was.
let dying = false;
function fatal(error: unknown): void {
  if (dying) return;
  dying = true;
  const wire = tampered() ?? wireOf(error, true);
  for (const id of inFlight) port.post({ id, error: wire } satisfies Reply);
  inFlight.clear();
  port.post({ fatal: wire } satisfies Reply);
  exit(1);
}
process.on('uncaughtException', fatal);

// A promise rejected while nothing handles it is such an exception only if it is still
// unhandled when the request that ran it has ended: code may attach its handler a scheduling
// point later. Node.js reports a rejection once the microtask queue has drained and the loop
// turns, which happens between two steps under asyncio and not under random, so without this
// the same program would pass under one schedule and fail under the other.
const unhandled = new Map<Promise<unknown>, unknown>();
process.on('unhandledRejection', (reason, promise) => {
  unhandled.set(promise, reason);
  // Between requests (a rejection noticed after the last answer), nothing will handle it.
  if (inFlight.size === 0) setImmediate(failIfUnhandled);
});
process.on('rejectionHandled', (promise) => unhandled.delete(promise));

/** Ends the worker with the first rejection still unhandled, if there is one. */
function failIfUnhandled(): boolean {
  const first = unhandled.values().next();
  if (first.done === true) return false;
  unhandled.clear();
  fatal(first.value);
  return true;
}

async function answer(id: number, request: Request): Promise<void> {
  inFlight.add(id);
  try {
    const requests = await engine;
    let ok: unknown;
    switch (request.type) {
      case 'load':
        target = request.target;
        if ((workerData as { selfImport?: boolean }).selfImport === true) (await import('../../core/self-import.js')).forceSelfImport();
        // Only lockdemo's code has run so far: what it relies on is held as it is now, and
        // Object.prototype takes no more keys (see holdBuiltins).
        holdBuiltins(true);
        setPhase(Phase.Import);
        // The module's top-level code draws the same numbers in every worker and every run.
        reseedOutsideTrials();
        scenario = await requests.load(request.target);
        setPhase(Phase.Idle);
        ok = requests.describe(scenario);
        break;
      case 'prepare': {
        const prepared = await requests.prepare(loaded(), request.flags);
        scenario = prepared.scenario;
        ok = prepared.removedLock !== undefined ? { removedLock: prepared.removedLock } : {};
        break;
      }
      case 'open':
        setPhase(Phase.Open);
        reseedOutsideTrials();
        resource = await requests.open(loaded(), request.params);
        opened = true;
        ok = null;
        break;
      case 'close':
        setPhase(Phase.Close);
        if (opened) {
          opened = false;
          await requests.close(loaded(), resource);
        }
        ok = null;
        break;
      default:
        setPhase(Phase.Other);
        ok = await requests.handle(loaded(), resource, request, (done, partial) =>
          port.post({ id, progress: done, ...(partial !== undefined ? { partial } : {}) } satisfies Reply),
        );
    }
    setPhase(Phase.Idle);
    // Node.js reports a rejection once the microtask queue has drained: one turn of the loop
    // lets the request's last ones (in `close`, say) be seen before it is answered.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (failIfUnhandled()) return;
    // A built-in replaced by the scenario's code makes lockdemo's answer untrustworthy.
    const replaced = tampered();
    if (replaced !== undefined) {
      if (inFlight.delete(id)) port.post({ id, error: replaced } satisfies Reply);
      return;
    }
    if (inFlight.delete(id)) port.post({ id, ok } satisfies Reply);
    afterAnswer?.();
  } catch (error) {
    setPhase(Phase.Idle);
    // lockdemo's code failing on a built-in the scenario replaced is the scenario's doing.
    const wire = tampered() ?? wireOf(error, false);
    if (inFlight.delete(id)) port.post({ id, error: wire } satisfies Reply);
  }
}

/**
 * The scenario's error when its code replaced a built-in that lockdemo relies on (see
 * intrinsics-guard.ts): its counts and grades may be wrong, so nothing it reported can stand.
 */
function tampered(): WireError | undefined {
  const what = tamperedBuiltin();
  if (what === undefined) return undefined;
  return { kind: 'scenario', message: 'scenario "' + (scenario?.name ?? target) + '" ' + what };
}

function loaded(): Scenario<unknown, unknown> {
  if (scenario === undefined) throw new Error('no scenario loaded');
  return scenario;
}

/** The last module asked for, to name the scenario in an error before it has loaded. */
let target = 'the scenario';

/**
 * Errors cross as plain data, with their kind, decided by wire-error.ts (part of the engine's
 * modules, loaded with them: an uncaught exception must be answered at once, before anything
 * else runs).
 */
function wireOf(error: unknown, uncaught: boolean): WireError {
  const name = scenario?.name ?? target;
  try {
    if (classify !== undefined) return uncaught ? classify.uncaughtToWire(error, name) : classify.toWire(error, name);
  } catch {
    // Fall through: the classification itself failed, which only lockdemo can make it do.
  }
  // Before the engine has loaded only lockdemo's own code has run (a built-in scenario imported
  // ahead swallows its errors): nothing but lockdemo is at fault.
  return { kind: 'internal', message: `internal error in the worker: ${describeThrown(error)}` };
}
