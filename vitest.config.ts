import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}"],
    exclude: ["test/e2e/**", "test/cluster/**", "node_modules/**"],
    globalSetup: ["test/support/global-setup.ts"],
    pool: "forks",
    // Vitest's default on a 2-core machine is one worker; most files wait on a database, so two
    // overlap well (every test has its own database: a SQLite file or a PostgreSQL template copy).
    maxWorkers: 2,
    minWorkers: 1,
    // Generous: a timeout only ends a test that is slow, and on a loaded 2-core machine (CI beside
    // other work) tests that take 5 s alone took over 20 s; a real hang still ends, within a minute.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
