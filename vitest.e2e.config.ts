import { defineConfig } from "vitest/config";

/** Browser tests: the real app on a loopback port and Debian's Chromium (`npm run test:e2e`). */
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    pool: "forks",
    // The files mostly wait on the browser and the form's minimum fill time, so they overlap; past
    // three Chromiums on two slow cores the longest walks ran out of time.
    maxWorkers: 3,
    minWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
