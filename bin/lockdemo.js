#!/usr/bin/env node
// The worker that will run the scenario is started first, from a module that loads little, and
// only then is the rest of the CLI loaded, while the worker boots (see start-host.ts).
import { prespawnFor } from '../dist/src/cli/start-host.js';
prespawnFor(process.argv.slice(2));
const { main } = await import('../dist/src/cli/main.js');
main();
