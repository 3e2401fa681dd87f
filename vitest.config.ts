import { defineConfig } from 'vitest/config'

/**
 * One run, three suites: unit/contract tests beside the code (real SQLite through the migrations),
 * HTTP tests against a started `npm run serve`, and e2e in Chromium against the same server.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // KEDAN_TEST_ENGINE=postgres: one throwaway PostgreSQL for the run, a fresh database per test core
          globalSetup: ['tests/support/pg-global-setup.ts'],
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'api',
          // KEDAN_TEST_ENGINE=postgres: one throwaway PostgreSQL for the run, a fresh database per test core
          globalSetup: ['tests/support/pg-global-setup.ts'],
          include: ['tests/api/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
