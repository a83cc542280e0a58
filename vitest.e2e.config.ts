import { defineConfig } from "vitest/config";

/** Browser tests: the real app on a loopback port and Debian's Chromium (`npm run test:e2e`). */
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    pool: "forks",
    // The files mostly wait on the browser and the form's minimum fill time, so they overlap well.
    maxWorkers: 4,
    minWorkers: 1,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
