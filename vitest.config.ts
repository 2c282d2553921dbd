import { configDefaults, defineConfig } from 'vitest/config';

// Service and API tests run on PGlite, and again on PostgreSQL when TEST_DATABASE_URL is set.
const backends = ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgres'] : [])];
// What only PostgreSQL can do (several processes on one database): the postgres project alone runs these.
const POSTGRES_ONLY = [
  'test/scale-out.test.ts',
  'src/jobs/queue-start.test.ts',
  'test/journeys-crash.test.ts',
  'src/modules/health/recompute.concurrent.test.ts',
  'src/modules/accounts/facts.concurrent.test.ts',
  'src/db/prepared-statements.test.ts',
];

export default defineConfig({
  test: {
    projects: [
      ...backends.map((backend) => ({
        test: {
          name: backend,
          include: ['src/**/*.test.ts', 'test/*.test.ts', 'test/hardening/*.test.ts'],
          exclude: [...configDefaults.exclude, ...(backend === 'postgres' ? [] : POSTGRES_ONLY)],
          env: { TENURE_TEST_BACKEND: backend },
          // Generous: the CLI tests start several Node processes, slow on a busy 2-core CI machine.
          testTimeout: 90_000,
          hookTimeout: 60_000,
        },
      })),
      {
        test: {
          name: 'e2e',
          // Browser tests, and the web app's pure logic (web/src/**/*.test.ts: no DOM needed).
          include: ['test/e2e/**/*.test.ts', 'web/src/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
