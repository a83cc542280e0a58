/** The only SQL for action_widgets: each organization's widget of an action and who may frame it. */
import type { Executor } from "../../db/database.ts";

export interface WidgetRow {
  allowedOrigins: string;
  updatedAt: string;
}

export async function findWidget(
  db: Executor,
  actionId: number,
  organizationId: number,
): Promise<WidgetRow | undefined> {
  return db
    .selectFrom("action_widgets")
    .select(["allowed_origins as allowedOrigins", "updated_at as updatedAt"])
    .where("action_id", "=", actionId)
    .where("organization_id", "=", organizationId)
    .executeTakeFirst();
}

export async function saveWidget(
  db: Executor,
  widget: { actionId: number; organizationId: number; allowedOrigins: string; now: string },
): Promise<void> {
  const values = { allowed_origins: widget.allowedOrigins, updated_at: widget.now };
  await db
    .insertInto("action_widgets")
    .values({ action_id: widget.actionId, organization_id: widget.organizationId, ...values })
    .onConflict((oc) => oc.columns(["action_id", "organization_id"]).doUpdateSet(values))
    .execute();
}
