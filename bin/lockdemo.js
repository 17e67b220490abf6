#!/usr/bin/env node
// A Ctrl-C, SIGTERM, SIGHUP or SIGQUIT that comes while lockdemo loads (a CI job cancelled at once) is held
// and answered once it has loaded, as one that comes later is: not by the signal's default
// action, which ends the process with no word and exit 143.
const early = [];
const hold = (signal) => early.push(signal);
process.on('SIGINT', hold);
process.on('SIGTERM', hold);
process.on('SIGHUP', hold);
process.on('SIGQUIT', hold);
const { main } = await import('../dist/src/cli/main.js');
// main() puts its own handlers in place before it first waits: only then are these let go, so
// that no moment is left with none (Node.js restores the default action with the last one).
main(undefined, early);
process.off('SIGINT', hold);
process.off('SIGTERM', hold);
process.off('SIGHUP', hold);
process.off('SIGQUIT', hold);
