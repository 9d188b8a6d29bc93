import { defineConfig } from 'vitest/config';

// Unit, core and HQ tests: next to the code as x.test.ts. E2E specs live in tests/e2e (own config).
export default defineConfig({
  test: {
    include: ['{shared,electron,renderer,hq,build,scripts,tests/lint,tests/sync-faults}/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
