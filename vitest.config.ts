import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests spawn the built CLI; give a noisy shared machine some slack.
    testTimeout: 30_000,
  },
});
