import { defineConfig } from 'vitest/config';

// Browser flows: the built renderer in Debian Chromium through the browser harness, real core and DB.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['tests/e2e/**/*.spec.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
