import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Starts a throwaway Redis for the Redis tests when none is given (see the file).
    globalSetup: ['test/global-setup.ts'],
    // End-to-end tests spawn the built CLI; give a noisy shared machine some slack.
    testTimeout: 60_000,
  },
});
