import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/cdktn-matchers.ts'],
    // Fails the run when a test leaves a temporary folder behind.
    globalSetup: ['test/setup/no-leftovers.ts'],
    // Generous: several tests spawn tsx, compose or the drift gate while the browser suites load both cores.
    testTimeout: 120_000,
    hookTimeout: 240_000,
    // Two cores: keep the heavy suites (browser, full build) from starving each other.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
