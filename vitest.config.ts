import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * The slowest test files, slowest first (wall time of each file in a whole run on this 2-core
 * machine). They start first, so that the run does not end with one of them alone on a worker
 * while the others are idle. Without this, a fresh clone (no vitest cache) starts the largest
 * files first, and a 20-second file could start last. A file missing here runs after them, in
 * vitest's own order; a name here that no longer exists is ignored.
 */
const SLOWEST_FIRST = [
  'test/e2e/hostile.test.ts',
  'test/e2e/beyond-one-loop.test.ts',
  'test/e2e/cli.test.ts',
  'test/e2e/typescript-scenarios.test.ts',
  'test/e2e/commands.test.ts',
  'test/unit/terminal-width.test.ts',
  'test/e2e/scale.test.ts',
  'test/e2e/scenario-options.test.ts',
  'test/e2e/html-report.test.ts',
  'test/e2e/package.test.ts',
  'test/reference/fixtures.test.ts',
  'test/reference/real-io.test.ts',
  'test/unit/scheduler.test.ts',
  'test/e2e/extras.test.ts',
  'test/e2e/help.test.ts',
  'test/e2e/readme-examples.test.ts',
  'test/e2e/readme-extras.test.ts',
  'test/e2e/vitest-consumer.test.ts',
  'test/e2e/interrupt-counts.test.ts',
  'test/unit/real-io.test.ts',
  'test/parity/parity.test.ts',
];

class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification): number => {
      const index = SLOWEST_FIRST.findIndex((name) => file.moduleId.endsWith(`/${name}`));
      return index === -1 ? SLOWEST_FIRST.length : index;
    };
    // A stable sort: the files not listed keep vitest's order among themselves.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

/** The one test file that drives a browser (see the projects below). */
const BROWSER_TEST = 'test/e2e/html-report.test.ts';

export default defineConfig({
  test: {
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
    sequence: { sequencer: SlowestFirst },
    // Test files that run in the same worker share its modules instead of loading them again:
    // the built CLI the end-to-end tests run in process, and src/ for the unit tests. No test
    // file changes what a module holds for the next one (no mocks, no stubs, no globals).
    // Measured on the whole suite, same tests, at load 13 to 18: 111.3 s of CPU against 119.1 s.
    isolate: false,
    projects: [
      {
        extends: true,
        test: {
          name: 'lockdemo',
          include: ['test/**/*.test.ts'],
          exclude: [BROWSER_TEST, '**/node_modules/**'],
        },
      },
      {
        // playwright-core turns async hooks on in the thread that loads it (its AsyncLocalStorage),
        // which makes lockdemo's barrier stand down its gap check and say that a search in that
        // thread is no proof (README: wake-ups). That file gets a worker of its own.
        extends: true,
        test: {
          name: 'browser',
          include: [BROWSER_TEST],
          isolate: true,
        },
      },
    ],
  },
});
