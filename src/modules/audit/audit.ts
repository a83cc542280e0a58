/** Kinds of change the audit log can be filtered by: the first part of each event's name. */
export const auditKinds = [
  "member",
  "organization",
  "action",
  "shortlink",
  "cosponsor",
  "signature",
  "widget",
  "comment",
  "api_key",
  "webhook",
  "update",
] as const;
export type AuditKind = (typeof auditKinds)[number];

export function isAuditKind(value: string): value is AuditKind {
  return (auditKinds as readonly string[]).includes(value);
}
