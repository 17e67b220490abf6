/**
 * The worker thread where lockdemo runs scenario code: the module's import, `open`, every
 * trial, `observe`, `close`. The main thread supervises it through shared memory (see
 * heartbeat.ts) and can always stop it, whatever the code does: a synchronous loop, a promise
 * that never settles, a call to process.exit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { attachHeartbeat, markReady, Phase, setPhase, Slot } from '../../core/heartbeat.js';
import { describeThrown } from '../../core/describe-thrown.js';
import type { Scenario } from '../../core/scenario.js';
import type { Reply, Request, WireError } from './protocol.js';

const heartbeat = (workerData as { heartbeat: SharedArrayBuffer }).heartbeat;
attachHeartbeat(heartbeat);
const shared = new Int32Array(heartbeat);

// process.exit in a worker ends only the worker, with no message: leave a mark first, so the
// supervisor can tell scenario code that exited from a crash, and never report success.
const exit = process.exit.bind(process);
process.exit = (code?: number | string | null) => {
  shared[Slot.ExitCalled] = 1;
  shared[Slot.ExitCode] = Number(code ?? 0) | 0;
  return exit(code ?? undefined);
};

if (parentPort === null) throw new Error('host.js runs only in a worker thread');
const port = parentPort;
let scenario: Scenario<unknown, unknown> | undefined;
let resource: unknown;
let opened = false;

// The engine's modules load while the main thread parses argv.
const engine = import('./host-requests.js').then((requests) => {
  markReady();
  return requests;
});

// So does the built-in scenario named first on the command line, if any: only its module is
// imported (and kept in the module cache), nothing of it is called; the `load` request still
// decides what runs. A user's module is never imported before it is asked for.
const { builtin } = workerData as { builtin?: string };
if (builtin !== undefined) {
  void import('../load-scenario.js')
    .then(({ BUILTIN_SCENARIOS }) => (Object.hasOwn(BUILTIN_SCENARIOS, builtin) ? BUILTIN_SCENARIOS[builtin]?.() : undefined))
    .catch(() => {});
}

/** Requests not answered yet: an error thrown outside them all fails them all. */
const inFlight = new Set<number>();

port.on('message', (message: { id: number; request: Request }) => {
  void answer(message.id, message.request);
});

// Scenario code can throw where no request awaits it (a callback of a timer, a rejection no one
// handles, a `match` called inside the trial loop). It then answers every request in flight,
// and the worker ends: its state is unknown, and the supervisor starts a fresh one if needed.
process.on('uncaughtException', (error) => {
  const wire = toWire(error);
  for (const id of inFlight) port.postMessage({ id, error: wire } satisfies Reply);
  inFlight.clear();
  exit(1);
});

async function answer(id: number, request: Request): Promise<void> {
  inFlight.add(id);
  try {
    const requests = await engine;
    let ok: unknown;
    switch (request.type) {
      case 'load':
        setPhase(Phase.Import);
        scenario = await requests.load(request.target);
        setPhase(Phase.Idle);
        ok = requests.describe(scenario);
        break;
      case 'prepare':
        scenario = await requests.prepare(loaded(), request.flags);
        ok = null;
        break;
      case 'open':
        setPhase(Phase.Open);
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
          port.postMessage({ id, progress: done, ...(partial !== undefined ? { partial } : {}) } satisfies Reply),
        );
    }
    setPhase(Phase.Idle);
    if (inFlight.delete(id)) port.postMessage({ id, ok } satisfies Reply);
  } catch (error) {
    setPhase(Phase.Idle);
    if (inFlight.delete(id)) port.postMessage({ id, error: toWire(error) } satisfies Reply);
  }
}

function loaded(): Scenario<unknown, unknown> {
  if (scenario === undefined) throw new Error('no scenario loaded');
  return scenario;
}

/** Errors cross as plain data; their kind decides the exit code in the main thread. */
function toWire(error: unknown): WireError {
  const name = safeName(error);
  const message = describeThrown(error);
  const code = typeof error === 'object' && error !== null ? safeRead(() => (error as { exitCode?: unknown }).exitCode) : undefined;
  const stack = error instanceof Error ? safeRead(() => error.stack) : undefined;
  const kind: WireError['kind'] =
    name === 'ScenarioError'
      ? 'scenario'
      : name === 'RunOptionError'
        ? 'option'
        : name === 'ReplayError'
          ? 'replay'
          : name === 'CliError'
            ? code === 3
              ? 'load'
              : 'usage'
            : name === 'ContractError'
              ? 'scenario'
              : 'internal';
  const option = kind === 'option' ? safeRead(() => (error as { detail?: { option?: unknown } }).detail?.option) : undefined;
  return { kind, message, ...(typeof option === 'string' ? { option } : {}), ...(typeof stack === 'string' ? { stack } : {}) };
}

function safeName(error: unknown): string | undefined {
  const name = safeRead(() => (error as { name?: unknown }).name);
  return typeof name === 'string' ? name : undefined;
}

function safeRead(read: () => unknown): unknown {
  try {
    return read();
  } catch {
    return undefined;
  }
}
