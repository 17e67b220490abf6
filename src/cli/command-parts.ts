/**
 * What main() loads for every command but the bare `lockdemo`, in one dynamic import: with
 * main.ts, the modules the bundle starts the rest of the CLI from. Node.js 20 resolves, reads
 * and links each module imported on its own, a chunk's facade included, so one is cheaper than
 * four.
 */
export { buildProgram } from './program.js';
export { checkCombinations, runCommand } from './run-command.js';
export { scanArgv } from './argv-scan.js';
export { looksLikePath, unknownScenario } from './load-scenario.js';
