/** An action's signatures: search, status filter, newer and older pages, invalidate and restore. */
import type { MessageKey } from "../../i18n/catalog.ts";
import type { ActionStatus } from "../../modules/actions/actions.ts";
import type { SignatureListItem, SignatureListPage } from "../../modules/signatures/signatures.ts";
import { PostButton, SelectField, TextField } from "../form.tsx";
import { paths } from "../paths.ts";
import { AdminLayout, type OrgPageProps } from "./admin-layout.tsx";
import { type Column, DataTable, DateTime, EmptyState } from "./patterns.tsx";

/** The columns of the signatures CSV export, as message keys (the header is in the reader's language). */
export const signatureCsvColumns = [
  "field.name",
  "field.email",
  "sign.postalCode",
  "signatures.status",
  "signatures.date",
  "signatures.confirmedAt",
  "signatures.source",
  "signatures.consent",
  "signatures.comment",
] as const satisfies readonly MessageKey[];

export type SignaturesPage = SignatureListPage & {
  action: { id: number; slug: string; title: string; status: ActionStatus };
  /** Whether the action has any signature at all, whatever the search. */
  anySignature: boolean;
  /** How many signatures a page lists, and one text search reads at most. */
  pageSize: number;
  searchWindow: number;
};

export function SignaturesView(props: OrgPageProps & SignaturesPage & { search: string; status: string }) {
  const { t, org, action } = props;
  const base = paths.signatures(t.locale, org.slug, action.id);
  // The filters travel with every link, so no page needs the form (or a script) to keep them.
  const query = (cursor: Record<string, string>) =>
    `${base}?${new URLSearchParams({ q: props.search, status: props.status, ...cursor }).toString()}`;
  const statusOptions = [
    { value: "", label: t.t("signatures.all") },
    { value: "confirmed", label: t.t("signatures.confirmed") },
    { value: "pending", label: t.t("signatures.pending") },
    { value: "invalidated", label: t.t("signatures.invalidated") },
  ];
  const columns: Column<SignatureListItem>[] = [
    // An anonymized signature (signers' rights: retention) keeps no name or address.
    { label: t.t("field.name"), cell: (row) => row.name || t.t("signerRights.anonymized") },
    { label: t.t("field.email"), cell: (row) => row.email },
    { label: t.t("sign.postalCode"), cell: (row) => row.postalCode },
    { label: t.t("signatures.status"), cell: (row) => t.t(`signatures.${row.status}`) },
    {
      label: t.t("signatures.date"),
      cell: (row) => <DateTime t={t} iso={row.createdAt} timeZone={props.timeZone} />,
    },
    { label: t.t("signatures.source"), cell: (row) => row.source ?? "" },
    {
      label: t.t("signatures.referrer"),
      cell: (row) => [row.referrer, row.website].filter((part) => part).join(" · "),
    },
    {
      label: t.t("signatures.manage"),
      cell: (row) => (
        <PostButton
          action={paths.signature(t.locale, org.slug, action.id, row.id)}
          csrf={props.csrf}
          name="valid"
          value={row.status === "invalidated" ? "yes" : "no"}
          label={row.status === "invalidated" ? t.t("signatures.restore") : t.t("signatures.invalidate")}
          secondary
        />
      ),
    },
  ];
  return (
    <AdminLayout {...props} title={t.t("signatures.title")} section="actions">
      <p>
        <a href={paths.adminAction(t.locale, org.slug, action.id)}>{action.title}</a>
      </p>
      <h1>{t.t("signatures.title")}</h1>
      {props.anySignature ? (
        <>
          <form method="get" action={base}>
            <TextField t={t} name="q" label={t.t("signatures.search")} value={props.search} />
            <SelectField
              t={t}
              name="status"
              label={t.t("signatures.status")}
              value={props.status}
              options={statusOptions}
            />
            <button type="submit">{t.t("signatures.filter")}</button>
          </form>
          <p>
            <a href={paths.signaturesCsv(t.locale, org.slug, action.id)}>{t.t("signatures.export")}</a>
          </p>
          <p role="status">
            {props.total === null
              ? t.t("signatures.matchesShown", { count: props.rows.length })
              : t.t(props.total.more ? "signatures.countMore" : "signatures.count", {
                  count: props.total.count,
                })}
          </p>
        </>
      ) : null}
      {props.mode === "text" && (props.older !== null || !props.atNewest) ? (
        <>
          <p>{t.t("signatures.searchBounded", { window: props.searchWindow, limit: props.pageSize })}</p>
          <nav class="pager" aria-label={t.t("signatures.pages")}>
            {props.atNewest ? null : <a href={query({})}>{t.t("signatures.searchNewest")}</a>}
            {props.older !== null ? (
              <a href={query({ before: String(props.older) })}>{t.t("signatures.searchOlder")}</a>
            ) : null}
          </nav>
        </>
      ) : null}
      {props.rows.length > 0 ? (
        <>
          <DataTable columns={columns} rows={props.rows} />
          {props.mode === "list" && (props.newer !== null || props.older !== null) ? (
            <nav class="pager" aria-label={t.t("signatures.pages")}>
              {props.newer !== null ? (
                <a href={query({ after: String(props.newer) })}>{t.t("signatures.newer")}</a>
              ) : null}
              {props.older !== null ? (
                <a href={query({ before: String(props.older) })}>{t.t("signatures.older")}</a>
              ) : null}
            </nav>
          ) : null}
        </>
      ) : props.mode === "text" && props.older !== null ? null : props.anySignature ? (
        <EmptyState
          title={
            props.search
              ? t.t("signatures.noMatches", { search: props.search })
              : t.t("signatures.noMatchesFilter")
          }
        >
          <p>
            <a href={base}>{t.t("signatures.clearSearch")}</a>
          </p>
        </EmptyState>
      ) : (
        <NoSignaturesYet {...props} />
      )}
    </AdminLayout>
  );
}

/** An action nobody has signed: what to do to get signatures, which depends on where it stands. */
function NoSignaturesYet(props: OrgPageProps & SignaturesPage) {
  const { t, org, action } = props;
  if (action.status === "published") {
    const link = `${props.baseUrl}/a/${action.slug}`;
    return (
      <EmptyState title={t.t("signatures.none")}>
        <p>
          {t.t("signatures.shareNext")} <a href={link}>{link}</a>
        </p>
      </EmptyState>
    );
  }
  return (
    <EmptyState title={t.t("signatures.none")}>
      <p>
        <a href={paths.adminAction(t.locale, org.slug, action.id)}>
          {t.t(action.status === "draft" ? "signatures.publishNext" : "signatures.closedNone")}
        </a>
      </p>
    </EmptyState>
  );
}
