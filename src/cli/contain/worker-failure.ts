/**
 * What went wrong in a worker, as one line and the kind of ending it stands for: an error the
 * worker reported (its kind decided there, see wire-error.ts), or the worker itself stopping.
 */
import { Phase } from '../../core/heartbeat.js';
import { CliError } from '../exit-codes.js';
import { HostError, IDLE_FLOOR_MS, StoppedWorker } from './host-worker.js';
import type { Request } from './protocol.js';

/** Where scenario code was, for the one line of a worker stopped after the limit. */
const WHERE: Record<Phase, string> = {
  [Phase.Idle]: 'between trials',
  [Phase.Import]: 'at import (top-level code: a loop, or an await that never settles)',
  [Phase.Open]: 'in "open"',
  [Phase.Setup]: 'in "setup"',
  [Phase.Tasks]: 'in a task',
  [Phase.Observe]: 'in "observe"',
  [Phase.Close]: 'in "close"',
  [Phase.Other]: 'in "trials", "schedules", "outcomes", "available", "setting" or "timeout"',
  [Phase.Outcome]: 'in an outcome\'s "match" or "description"',
};

/** The scenario a session runs, as its errors name it. */
export interface FailedScenario {
  /** Its name once loaded, else what was given on the command line. */
  name: string;
  /** As given on the command line: a built-in's name or a module's path. */
  target: string;
  /** The bound of a request, for the line of a worker that did not come back. */
  timeoutMs: number;
}

/**
 * The error to throw for what a worker did: a CliError of the right kind for a worker's error
 * or stop, and anything else (an error of the main thread's own) unchanged, which main()
 * reports as internal.
 */
/** The requests that come before any of the scenario's work runs. */
const STARTING: ReadonlySet<Request['type']> = new Set(['load', 'prepare', 'resolve', 'open']);

export function workerFailure(error: unknown, scenario: FailedScenario, request?: Request): unknown {
  if (error instanceof HostError) return fromWire(error.wire);
  if (!(error instanceof StoppedWorker)) return error;
  const module = scenario.target;
  switch (error.reason) {
    case 'exit':
      if (error.exitCode !== undefined)
        return new CliError('scenario', `${module} called process.exit(${error.exitCode}): scenario code must not end the process`);
      // The worker said what ended it (an exception nobody caught); else it ended unexplained,
      // which only scenario code can make it do (lockdemo ends it only after saying why).
      return error.fatal !== undefined ? fromWire(error.fatal) : new CliError('scenario', `${module}: ${error.message}`);
    case 'crash':
      // Scenario code's exceptions are all caught in the worker: this one was lockdemo's own.
      return new CliError('internal', `internal error: ${error.message}`);
    case 'interrupt': {
      // Stopped while it loaded or opened, or while its work ran (a replay's one trial, say).
      const before = request === undefined || STARTING.has(request.type);
      return new CliError(
        'interrupted',
        `interrupted (Ctrl-C) ${before ? 'before' : 'while'} ${scenario.name} ${before ? 'could run' : 'ran'}`,
      );
    }
    case 'hang': {
      const where = WHERE[error.phase] ?? 'in scenario code';
      const inTrial = error.phase === Phase.Setup || error.phase === Phase.Observe || error.phase === Phase.Tasks;
      const trial = inTrial ? ` (trial ${error.trial + 1})` : '';
      const what = request?.type === 'load' ? 'loading' : 'the scenario';
      return new CliError(
        'scenario',
        `scenario "${scenario.name}": ${what} did not come back within ${error.phase === Phase.Idle ? Math.max(scenario.timeoutMs, IDLE_FLOOR_MS) : scenario.timeoutMs} ms ${where}${trial}`,
      );
    }
  }
}

function fromWire(wire: HostError['wire']): CliError {
  const error = new CliError(wire.kind, wire.message, wire.choice);
  if (wire.stack !== undefined) error.stack = wire.stack;
  return error;
}
