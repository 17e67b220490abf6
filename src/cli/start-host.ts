/**
 * The first thing the `lockdemo` binary does: start the worker that will run the scenario, before
 * the rest of the CLI is read. bin/lockdemo.js imports this module alone, calls
 * {@link prespawnFor}, and only then imports main.js: the worker's boot (some 25 ms of Node.js's
 * own, which nothing can shorten) then overlaps the loading of the whole CLI, commander and the
 * run's modules included. main() calls it again, which does nothing once a worker was started,
 * so that a caller of main() without the binary gets the same worker.
 */
import { HostWorker } from './contain/host-worker.js';

/** Commands that never run scenario code: no worker is started ahead for them. */
const NO_SCENARIO = new Set(['list', 'init', 'help', '-h', '--help', '-V', '--version']);

let prespawned: HostWorker | undefined;

/**
 * Starts the first worker for a command line (without the node and script paths) that will run
 * scenario code. Its first word, when it is not an option, lets the worker import a built-in
 * scenario's module early.
 */
export function prespawnFor(argv: readonly string[]): void {
  const command = argv[0];
  if (command === undefined || NO_SCENARIO.has(command)) return;
  prespawned ??= new HostWorker(command.startsWith('-') ? undefined : command);
}

/** The worker started ahead, if there is one, for the first session to take; or a new one. */
export function takePrespawned(): HostWorker {
  const host = prespawned ?? new HostWorker();
  prespawned = undefined;
  return host;
}
