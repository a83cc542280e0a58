/** Names of roles and statuses as organizers read them. */
import type { Role } from "../../db/schema.ts";
import type { Translator } from "../../i18n/translator.ts";
import type { ActionStatus } from "../../modules/actions/actions.ts";

export function roleLabel(t: Translator, role: Role): string {
  return t.t(`role.${role}`);
}

export function statusLabel(t: Translator, status: ActionStatus, archived = false): string {
  return archived ? t.t("status.archived") : t.t(`status.${status}`);
}
