import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/cdktn-matchers.ts'],
    testTimeout: 30_000,
    hookTimeout: 240_000,
    // Two cores: keep the heavy suites (browser, full build) from starving each other.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
