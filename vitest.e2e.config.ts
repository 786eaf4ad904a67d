// End-to-end tests: real Debian Chromium (playwright-core) against the built app on localhost.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // One devnet for the suite (tests/e2e/support/devnet-setup.ts): inject('devnet').
    globalSetup: ['tests/e2e/support/devnet-setup.ts'],
  },
});
