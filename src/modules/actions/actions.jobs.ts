/** The actions capability's jobs, collected by src/jobs/registry.ts. */
import type { PeriodicTask } from "../periodic-task.ts";
import type { ActionEditorService } from "./editor.service.ts";

type Deps = { editor: Pick<ActionEditorService, "closeEnded"> };

/** How often published actions past their end date are closed (the page shows them closed at once). */
export const closeEndedEveryMs = 60_000;

export function actionJobs(deps: Deps) {
  const tasks: PeriodicTask[] = [
    {
      name: "actions.close-ended",
      everyMs: closeEndedEveryMs,
      run: async (now) => {
        await deps.editor.closeEnded(now);
      },
    },
  ];
  return { handlers: {}, tasks };
}
