import { defineConfig } from "vitest/config";

/**
 * Cluster tests: several app nodes on one PostgreSQL and one Redis, behind nginx
 * (`npm run test:cluster`). PostgreSQL only: SQLite is one node by design.
 */
// Set before the global setup reads it: it makes this run's PostgreSQL template.
process.env.TEST_DB = "postgres";

export default defineConfig({
  test: {
    include: ["test/cluster/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    pool: "forks",
    maxWorkers: 1,
    minWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
