/** The outbox's own periodic task, collected by src/jobs/registry.ts. */
import { type Db, nowIso } from "../../db/database.ts";
import type { PeriodicTask } from "../periodic-task.ts";
import { deleteDoneBefore } from "./outbox.repository.ts";

/** Done jobs are kept a week: long enough to answer "did my mail go out?", then only weight. */
export const doneJobRetentionMs = 7 * 24 * 60 * 60_000;
const purgeBatch = 5_000;

export function outboxJobs(deps: { db: Db }) {
  const purgeDone: PeriodicTask = {
    name: "outbox.purge-done",
    everyMs: 60 * 60_000,
    run: async (now) => {
      const before = nowIso(new Date(now.getTime() - doneJobRetentionMs));
      let deleted: number;
      do deleted = await deleteDoneBefore(deps.db, before, purgeBatch);
      while (deleted === purgeBatch);
    },
  };
  return { handlers: {}, tasks: [purgeDone] };
}
