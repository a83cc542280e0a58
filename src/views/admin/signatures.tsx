/** An action's signatures: search, status filter, pages, invalidate and restore. */
import type { MessageKey } from "../../i18n/catalog.ts";
import type { SignatureListItem } from "../../modules/signatures/signatures.repository.ts";
import { PostButton, SelectField, TextField } from "../form.tsx";
import { paths } from "../paths.ts";
import { AdminLayout, type OrgPageProps } from "./admin-layout.tsx";

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

export function SignaturesView(
  props: OrgPageProps & {
    action: { id: number; title: string };
    rows: SignatureListItem[];
    total: number;
    page: number;
    pageSize: number;
    search: string;
    status: string;
  },
) {
  const { t, org, action } = props;
  const base = paths.signatures(t.locale, org.slug, action.id);
  const query = (page: number) =>
    `${base}?${new URLSearchParams({ q: props.search, status: props.status, page: String(page) }).toString()}`;
  const lastPage = Math.max(1, Math.ceil(props.total / props.pageSize));
  const statusOptions = [
    { value: "", label: t.t("signatures.all") },
    { value: "confirmed", label: t.t("signatures.confirmed") },
    { value: "pending", label: t.t("signatures.pending") },
    { value: "invalidated", label: t.t("signatures.invalidated") },
  ];
  return (
    <AdminLayout {...props} title={t.t("signatures.title")} section="actions">
      <p>
        <a href={paths.adminAction(t.locale, org.slug, action.id)}>{action.title}</a>
      </p>
      <h1>{t.t("signatures.title")}</h1>
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
      <p role="status">{t.t("signatures.count", { count: props.total })}</p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t.t("field.name")}</th>
              <th scope="col">{t.t("field.email")}</th>
              <th scope="col">{t.t("sign.postalCode")}</th>
              <th scope="col">{t.t("signatures.status")}</th>
              <th scope="col">{t.t("signatures.date")}</th>
              <th scope="col">{t.t("signatures.source")}</th>
              <th scope="col">{t.t("signatures.manage")}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => (
              <tr>
                <td>{row.name}</td>
                <td>{row.email}</td>
                <td>{row.postalCode}</td>
                <td>{t.t(`signatures.${row.status}`)}</td>
                <td>{row.createdAt.slice(0, 16).replace("T", " ")}</td>
                <td>{row.source ?? ""}</td>
                <td>
                  <PostButton
                    action={paths.signature(t.locale, org.slug, action.id, row.id)}
                    csrf={props.csrf}
                    name="valid"
                    value={row.status === "invalidated" ? "yes" : "no"}
                    label={
                      row.status === "invalidated" ? t.t("signatures.restore") : t.t("signatures.invalidate")
                    }
                    secondary
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav class="pager" aria-label={t.t("signatures.pages")}>
        {props.page > 1 ? <a href={query(props.page - 1)}>{t.t("signatures.previous")}</a> : null}
        <span>{t.t("signatures.pageOf", { page: props.page, pages: lastPage })}</span>
        {props.page < lastPage ? <a href={query(props.page + 1)}>{t.t("signatures.next")}</a> : null}
      </nav>
    </AdminLayout>
  );
}
