import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Starts a throwaway Redis for the Redis tests when none is given (see the file).
    globalSetup: ['test/global-setup.ts'],
    // Hang detectors, not performance claims: end-to-end tests spawn the built CLI, and on a
    // shared machine with both cores busy a test that takes 5 s when idle can take a minute.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Worker threads rather than forked processes: no test needs a process of its own (none
    // changes the working directory or installs signal handlers), and a thread starts with less
    // CPU than a node process, which on 2 cores is time. Measured on the unit tests: 14.3 s of
    // CPU with threads against 16.1 s with forks.
    pool: 'threads',
    // vitest's default is one worker per core minus one: a single worker here, on 2 cores. Most
    // test files spend their time waiting for a spawned CLI, so three run side by side.
    maxWorkers: 3,
  },
});
