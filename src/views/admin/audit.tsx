/** The audit log as sentences, newest first, filterable by kind of change, in pages that keep the filter. */
import type { MessageKey } from "../../i18n/catalog.ts";
import type { Params, Translator } from "../../i18n/translator.ts";
import type { AuditLine, AuditPage } from "../../modules/audit/audit.service.ts";
import { auditKinds } from "../../modules/audit/audit.ts";
import { isRole } from "../../modules/organizations/policy.ts";
import { SelectField } from "../form.tsx";
import { paths } from "../paths.ts";
import { AdminLayout, type OrgPageProps } from "./admin-layout.tsx";
import { roleLabel } from "./labels.ts";
import { DataTable, DateTime, EmptyState } from "./patterns.tsx";

const eventSentences: Record<string, MessageKey> = {
  "member.invited": "audit.event.memberInvited",
  "member.invitation_revoked": "audit.event.invitationRevoked",
  "member.joined": "audit.event.memberJoined",
  "member.role_changed": "audit.event.roleChanged",
  "member.removed": "audit.event.memberRemoved",
  "organization.updated": "audit.event.organizationUpdated",
  "organization.logo_changed": "audit.event.logoChanged",
  "action.created": "audit.event.actionCreated",
  "action.updated": "audit.event.actionUpdated",
  "action.published": "audit.event.actionPublished",
  "action.closed": "audit.event.actionClosed",
  "action.reopened": "audit.event.actionReopened",
  "action.archived": "audit.event.actionArchived",
  "action.unarchived": "audit.event.actionUnarchived",
  "action.deleted": "audit.event.actionDeleted",
  "action.goal_changed": "audit.event.goalChanged",
  "action.outcome_changed": "audit.event.outcomeChanged",
  "shortlink.created": "audit.event.shortlinkCreated",
  "shortlink.deleted": "audit.event.shortlinkDeleted",
  "cosponsor.invited": "audit.event.cosponsorInvited",
  "cosponsor.requested": "audit.event.cosponsorRequested",
  "cosponsor.approved": "audit.event.cosponsorApproved",
  "cosponsor.declined": "audit.event.cosponsorDeclined",
  "cosponsor.withdrawn": "audit.event.cosponsorWithdrawn",
  "cosponsor.removed": "audit.event.cosponsorRemoved",
  "cosponsor.signed_on": "audit.event.cosponsorSignedOn",
  "cosponsor.email_invited": "audit.event.cosponsorEmailInvited",
  "cosponsor.email_invitation_revoked": "audit.event.cosponsorEmailInvitationRevoked",
  "cosponsor.joined": "audit.event.cosponsorJoined",
  "signature.invalidated": "audit.event.signatureInvalidated",
  "signature.restored": "audit.event.signatureRestored",
  "signatures.export": "audit.event.signaturesExported",
  "widget.origins_changed": "audit.event.widgetOriginsChanged",
  "widget.origins_cleared": "audit.event.widgetOriginsCleared",
  "action.geography_shown": "audit.event.geographyShown",
  "action.geography_hidden": "audit.event.geographyHidden",
  "action.delivered": "audit.event.delivered",
  "action.delivery_downloaded": "audit.event.deliveryDownloaded",
  "comment.approved": "audit.event.commentApproved",
  "comment.spam": "audit.event.commentSpam",
  "comment.trashed": "audit.event.commentTrashed",
  "comment.restored": "audit.event.commentRestored",
  "comment.edited": "audit.event.commentEdited",
  "comment.replied": "audit.event.commentReplied",
  "comment.reported_hidden": "audit.event.commentReportedHidden",
  "comment.rules_changed": "audit.event.commentRulesChanged",
  "comment.discussion_closed": "audit.event.discussionClosed",
  "comment.discussion_opened": "audit.event.discussionOpened",
  "api_key.created": "audit.event.apiKeyCreated",
  "api_key.revoked": "audit.event.apiKeyRevoked",
  "api_key.signatures_immediate": "audit.event.apiKeySignaturesImmediate",
  "api_key.signatures_email": "audit.event.apiKeySignaturesEmail",
  "webhook.created": "audit.event.webhookCreated",
  "webhook.paused": "audit.event.webhookPaused",
  "webhook.resumed": "audit.event.webhookResumed",
  "webhook.deleted": "audit.event.webhookDeleted",
  "webhook.sent_again": "audit.event.webhookSentAgain",
  "webhook.disabled": "audit.event.webhookDisabled",
  "update.posted": "audit.event.updatePosted",
  "update.edited": "audit.event.updateEdited",
  "update.deleted": "audit.event.updateDeleted",
  "signature.anonymized": "audit.event.signersAnonymized",
  "signature.removed_by_signer": "audit.event.signatureRemovedBySigner",
  "signature.signer_removed": "audit.event.signerRemoved",
  "organization.retention_changed": "audit.event.retentionChanged",
};

/** One entry as a sentence; an event without a sentence, or missing a fact, is shown as recorded. */
export function auditSentence(t: Translator, entry: AuditLine): string {
  const params: Params = { subject: readableSubject(entry.subject) };
  for (const [name, value] of Object.entries(entry.detail)) {
    if (typeof value === "number") params[name] = value;
    else if (typeof value === "string") params[name] = isRole(value) ? roleLabel(t, value) : value;
  }
  const key = eventSentences[entry.event];
  const sentence = key ? t.t(key, params) : "";
  if (sentence && !/\{\w+\}/.test(sentence)) return sentence;
  return t.t("audit.event.other", { event: entry.event, subject: String(params.subject) });
}

/** "action:12:optoutnow" reads as "optoutnow". */
function readableSubject(subject: string): string {
  return /^\w+:\d+:(.+)$/.exec(subject)?.[1] ?? subject;
}

/** The log's address for a page, keeping the kind of change shown. */
function pageHref(base: string, kind: string, page: number): string {
  const query = new URLSearchParams();
  if (kind) query.set("kind", kind);
  if (page > 1) query.set("page", String(page));
  const search = query.toString();
  return search ? `${base}?${search}` : base;
}

export function AuditView(props: OrgPageProps & { log: AuditPage; kind: string }) {
  const { t, org, log } = props;
  const base = paths.auditLog(t.locale, org.slug);
  const kinds = [
    { value: "", label: t.t("audit.kind.all") },
    ...auditKinds.map((kind) => ({ value: kind, label: t.t(`audit.kind.${kind}`) })),
  ];
  return (
    <AdminLayout {...props} title={t.t("audit.title")} section="audit">
      <h1>{t.t("audit.title")}</h1>
      <form method="get" action={base}>
        <SelectField t={t} name="kind" label={t.t("audit.kind")} value={props.kind} options={kinds} />
        <button type="submit">{t.t("audit.filter")}</button>
      </form>
      {log.entries.length === 0 ? (
        <EmptyState title={t.t(props.kind ? "audit.noMatches" : "audit.empty")} />
      ) : (
        <DataTable
          rows={log.entries}
          columns={[
            {
              label: t.t("audit.when"),
              cell: (e) => <DateTime t={t} iso={e.at} timeZone={props.timeZone} />,
            },
            { label: t.t("audit.who"), cell: (e) => e.accountName ?? e.accountEmail ?? t.t("audit.system") },
            { label: t.t("audit.what"), cell: (e) => auditSentence(t, e) },
          ]}
        />
      )}
      {log.page > 1 || log.hasOlder ? (
        <nav class="pager" aria-label={t.t("audit.paging")}>
          {log.page > 1 ? <a href={pageHref(base, props.kind, log.page - 1)}>{t.t("audit.newer")}</a> : null}
          {log.hasOlder ? <a href={pageHref(base, props.kind, log.page + 1)}>{t.t("audit.older")}</a> : null}
        </nav>
      ) : null}
    </AdminLayout>
  );
}
