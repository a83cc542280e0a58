/** Co-sponsors: the sponsor's page for one action, and a co-sponsor organization's page of what it co-sponsors. */
import type { Translator } from "../../i18n/translator.ts";
import type {
  CosponsoredAction,
  CosponsorItem,
  SignOnItem,
  SponsorOverview,
} from "../../modules/cosponsors/cosponsors.service.ts";
import type { ParsedList } from "../../modules/cosponsors/cosponsors.ts";
import { maxListFileBytes, maxPastedLines } from "../../modules/cosponsors/cosponsors.ts";
import {
  Csrf,
  ErrorSummary,
  type FieldErrorMap,
  PostButton,
  SelectField,
  TextArea,
  TextField,
  toErrors,
} from "../form.tsx";
import { paths } from "../paths.ts";
import { AdminLayout, type OrgPageProps } from "./admin-layout.tsx";
import { DataTable, DateTime, EmptyState } from "./patterns.tsx";

function cosponsorState(
  t: Translator,
  row: { status: CosponsorItem["status"]; initiatedBy: string },
  side: "sponsor" | "cosponsor",
) {
  if (row.status !== "pending") return t.t(`cosponsors.status.${row.status}`);
  const asked = row.initiatedBy === "sponsor" ? "invited" : "requested";
  return t.t(side === "sponsor" ? `cosponsors.status.${asked}` : `cosponsoring.status.${asked}`);
}

/** The sponsor page's forms sent back: a list's preview or problems, the email invitation's problems. */
export interface SponsorForms {
  /** `source`: the list was pasted, or read from an uploaded file (its problems show at the file field). */
  list?: { text: string; parsed: ParsedList; source: "paste" | "file" };
  emailInvite?: { values: Record<string, string>; errors: FieldErrorMap };
}

export function CosponsorsView(
  props: OrgPageProps &
    SponsorOverview &
    SponsorForms & {
      canEdit: boolean;
      query: string;
      found: { slug: string; name: string; city: string | null; state: string | null }[];
    },
) {
  const { t, org, action, csrf } = props;
  const base = paths.cosponsors(t.locale, org.slug, action.id);
  const title = t.t("cosponsors.heading", { title: action.title });
  const button = (href: string, label: string, secondary = false) => (
    <PostButton action={href} csrf={csrf} label={label} secondary={secondary} />
  );
  const cosponsorActions = (row: CosponsorItem) => {
    const at = `${base}/${row.organizationId}`;
    if (row.status === "pending" && row.initiatedBy === "cosponsor")
      return (
        <>
          {button(`${at}/approve`, t.t("cosponsors.approve"))}{" "}
          {button(`${at}/decline`, t.t("cosponsors.decline"), true)}
        </>
      );
    if (row.status === "pending" || row.status === "approved")
      return button(`${at}/remove`, t.t("cosponsors.remove"), true);
    return null;
  };
  const signOnActions = (row: SignOnItem) => {
    const at = `${base}/signons/${row.id}`;
    if (row.status === "pending")
      return (
        <>
          {button(`${at}/approve`, t.t("cosponsors.approve"))}{" "}
          {button(`${at}/decline`, t.t("cosponsors.decline"), true)}
        </>
      );
    if (row.status === "approved") return button(`${at}/remove`, t.t("cosponsors.remove"), true);
    return null;
  };
  const listProblem: FieldErrorMap | undefined =
    props.list && !props.list.parsed.ok
      ? {
          [props.list.source === "file" ? "file" : "organizations"]: {
            key: `cosponsors.list.${props.list.parsed.problem}`,
            params: {
              line: props.list.parsed.line ?? 0,
              max: props.list.parsed.problem === "fileTooLarge" ? maxListFileBytes / 1024 : maxPastedLines,
            },
          },
        }
      : undefined;
  const listLabels = {
    organizations: t.t("cosponsors.list.label"),
    file: t.t("cosponsors.list.file.label"),
  };
  const invite = props.emailInvite;
  return (
    <AdminLayout {...props} title={title} section="actions">
      <p>
        <a href={paths.adminAction(t.locale, org.slug, action.id)}>{t.t("cosponsors.back")}</a>
      </p>
      <h1>{title}</h1>
      <p>{t.t("cosponsors.intro")}</p>
      <DataTable
        rows={props.cosponsors}
        columns={[
          { label: t.t("cosponsors.organization"), cell: (row) => row.name },
          { label: t.t("cosponsors.state"), cell: (row) => cosponsorState(t, row, "sponsor") },
          {
            label: t.t("cosponsors.since"),
            cell: (row) => <DateTime t={t} iso={row.createdAt} timeZone={props.timeZone} />,
          },
          ...(props.canEdit ? [{ label: t.t("cosponsors.actions"), cell: cosponsorActions }] : []),
        ]}
        empty={<EmptyState title={t.t("cosponsors.empty")} />}
      />
      {props.canEdit ? (
        <section aria-labelledby="invite">
          <h2 id="invite">{t.t("cosponsors.invite.heading")}</h2>
          <form method="get" action={base}>
            <TextField
              t={t}
              name="q"
              label={t.t("cosponsors.invite.search")}
              value={props.query}
              hint={t.t("cosponsors.invite.searchHint")}
            />
            <button type="submit">{t.t("cosponsors.invite.find")}</button>
          </form>
          {props.query.length >= 2 && props.found.length === 0 ? (
            <p role="status">{t.t("cosponsors.invite.none", { query: props.query })}</p>
          ) : null}
          {props.found.length > 0 ? (
            <ul>
              {props.found.map((found) => (
                <li>
                  {found.name}
                  {found.city || found.state
                    ? ` (${[found.city, found.state].filter(Boolean).join(", ")})`
                    : null}{" "}
                  <PostButton
                    action={`${base}/invite`}
                    csrf={csrf}
                    name="organization"
                    value={found.slug}
                    label={t.t("cosponsors.invite.button")}
                  />
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
      {props.canEdit ? (
        <section aria-labelledby="invite-email">
          <h2 id="invite-email">{t.t("cosponsors.emailInvite.heading")}</h2>
          <p>{t.t("cosponsors.emailInvite.intro")}</p>
          <form method="post" action={toErrors(paths.inviteCosponsorByEmail(t.locale, org.slug, action.id))}>
            <Csrf token={csrf} />
            <ErrorSummary
              t={t}
              errors={invite?.errors}
              labels={{
                organization_name: t.t("cosponsors.emailInvite.organization"),
                email: t.t("cosponsors.emailInvite.email"),
              }}
            />
            <TextField
              t={t}
              name="organization_name"
              label={t.t("cosponsors.emailInvite.organization")}
              value={invite?.values.organization_name}
              errors={invite?.errors}
              autocomplete="organization"
              required
            />
            <TextField
              t={t}
              name="email"
              type="email"
              label={t.t("cosponsors.emailInvite.email")}
              value={invite?.values.email}
              errors={invite?.errors}
              autocomplete="off"
              required
            />
            <SelectField
              t={t}
              name="locale"
              label={t.t("cosponsors.emailInvite.locale")}
              value={invite?.values.locale ?? t.locale}
              options={[
                { value: "en", label: t.t("editor.english") },
                { value: "es", label: t.t("editor.spanish") },
              ]}
            />
            <button type="submit">{t.t("cosponsors.emailInvite.button")}</button>
          </form>
        </section>
      ) : null}
      <section aria-labelledby="email-invitations">
        <h2 id="email-invitations">{t.t("cosponsors.emailInvitations.heading")}</h2>
        <DataTable
          rows={props.emailInvitations}
          columns={[
            { label: t.t("cosponsors.organization"), cell: (row) => row.organizationName },
            { label: t.t("cosponsors.emailInvitations.email"), cell: (row) => row.email ?? "—" },
            {
              label: t.t("cosponsors.emailInvitations.sent"),
              cell: (row) => <DateTime t={t} iso={row.createdAt} timeZone={props.timeZone} />,
            },
            {
              label: t.t("cosponsors.emailInvitations.expires"),
              cell: (row) => <DateTime t={t} iso={row.expiresAt} timeZone={props.timeZone} />,
            },
            ...(props.canEdit
              ? [
                  {
                    label: t.t("cosponsors.actions"),
                    cell: (row: SponsorOverview["emailInvitations"][number]) =>
                      button(
                        paths.revokeCosponsorInvitation(t.locale, org.slug, action.id, row.id),
                        t.t("cosponsors.emailInvitations.revoke"),
                        true,
                      ),
                  },
                ]
              : []),
          ]}
          empty={<EmptyState title={t.t("cosponsors.emailInvitations.empty")} />}
        />
      </section>
      <section aria-labelledby="signons">
        <h2 id="signons">{t.t("cosponsors.signOns.heading")}</h2>
        <DataTable
          rows={props.signOns}
          columns={[
            {
              label: t.t("cosponsors.organization"),
              cell: (row) => [row.name, row.city, row.state].filter(Boolean).join(", "),
            },
            { label: t.t("signOn.website"), cell: (row) => row.website ?? "—" },
            {
              label: t.t("cosponsors.signOns.contact"),
              cell: (row) => {
                if (row.origin === "list") return t.t("cosponsors.signOns.fromList");
                return row.contactEmail ? `${row.contactName ?? ""} <${row.contactEmail}>` : "—";
              },
            },
            {
              label: t.t("cosponsors.state"),
              cell: (row) => t.t(`cosponsors.status.${row.status === "unverified" ? "pending" : row.status}`),
            },
            ...(props.canEdit ? [{ label: t.t("cosponsors.actions"), cell: signOnActions }] : []),
          ]}
          empty={<EmptyState title={t.t("cosponsors.signOns.empty")} />}
        />
      </section>
      {props.canEdit ? (
        <section aria-labelledby="paste">
          <h2 id="paste">{t.t("cosponsors.list.heading")}</h2>
          <form method="post" action={toErrors(paths.cosponsorList(t.locale, org.slug, action.id))}>
            <Csrf token={csrf} />
            <ErrorSummary t={t} errors={listProblem} labels={listLabels} />
            <TextArea
              t={t}
              name="organizations"
              label={t.t("cosponsors.list.label")}
              hint={t.t("cosponsors.list.hint")}
              value={props.list?.text}
              errors={listProblem}
              rows={8}
            />
            {props.list?.parsed.ok ? (
              <div role="status">
                <p>
                  {t.t("cosponsors.list.previewCount", { count: props.list.parsed.organizations.length })}
                </p>
                <ul>
                  {props.list.parsed.organizations.slice(0, 50).map((row) => (
                    <li>{row.name}</li>
                  ))}
                </ul>
                <button type="submit" name="step" value="add">
                  {t.t("cosponsors.list.add")}
                </button>{" "}
              </div>
            ) : null}
            <button
              type="submit"
              name="step"
              value="preview"
              class={props.list?.parsed.ok ? "secondary" : undefined}
            >
              {t.t("cosponsors.list.preview")}
            </button>
          </form>
          <form
            method="post"
            action={toErrors(paths.cosponsorListFile(t.locale, org.slug, action.id))}
            enctype="multipart/form-data"
          >
            <Csrf token={csrf} />
            <label for="f-file">{t.t("cosponsors.list.file.label")}</label>
            <p class="note" id="f-file-hint">
              {t.t("cosponsors.list.file.hint")}
            </p>
            {listProblem?.file ? (
              <p class="field-error" id="f-file-error">
                {t.t(listProblem.file.key, listProblem.file.params)}
              </p>
            ) : null}
            <input
              type="file"
              id="f-file"
              name="file"
              accept=".csv,.txt,text/csv,text/plain"
              required
              aria-invalid={listProblem?.file ? true : undefined}
              aria-describedby={listProblem?.file ? "f-file-error f-file-hint" : "f-file-hint"}
            />
            <button type="submit" class="secondary">
              {t.t("cosponsors.list.file.button")}
            </button>
          </form>
        </section>
      ) : null}
    </AdminLayout>
  );
}

export function CosponsoringView(
  props: OrgPageProps & {
    items: CosponsoredAction[];
    canEdit: boolean;
    address?: string;
    errors?: FieldErrorMap;
  },
) {
  const { t, org, csrf } = props;
  const base = paths.cosponsoring(t.locale, org.slug);
  const title = t.t("cosponsoring.heading", { name: org.name });
  const actionsOf = (row: CosponsoredAction) => {
    const at = `${base}/${row.actionId}`;
    const withdraw = (
      <PostButton action={`${at}/withdraw`} csrf={csrf} label={t.t("cosponsors.withdraw")} secondary />
    );
    if (row.status === "pending" && row.initiatedBy === "sponsor")
      return (
        <>
          <PostButton action={`${at}/accept`} csrf={csrf} label={t.t("cosponsors.accept")} />{" "}
          <PostButton action={`${at}/decline`} csrf={csrf} label={t.t("cosponsors.decline")} secondary />
        </>
      );
    return row.status === "pending" || row.status === "approved" ? withdraw : null;
  };
  return (
    <AdminLayout {...props} title={title} section="cosponsoring">
      <h1>{title}</h1>
      <DataTable
        rows={props.items}
        columns={[
          {
            label: t.t("cosponsoring.action"),
            cell: (row) => <a href={paths.action(t.locale, row.slug)}>{row.title}</a>,
          },
          { label: t.t("cosponsoring.sponsor"), cell: (row) => row.sponsorName },
          {
            label: t.t("partners.ownPage.column"),
            // An approved co-sponsor works on the action from its own page: links, numbers, signers.
            cell: (row) =>
              row.status === "approved" ? (
                <a href={paths.partnerAction(t.locale, org.slug, row.actionId)}>{t.t("partners.ownPage")}</a>
              ) : null,
          },
          { label: t.t("cosponsors.state"), cell: (row) => cosponsorState(t, row, "cosponsor") },
          {
            label: t.t("widgets.title"),
            cell: (row) =>
              row.status === "approved" ? (
                <a href={paths.adminWidget(t.locale, org.slug, row.actionId)}>{t.t("widgets.setUp")}</a>
              ) : (
                "—"
              ),
          },
          ...(props.canEdit ? [{ label: t.t("cosponsors.actions"), cell: actionsOf }] : []),
        ]}
        empty={<EmptyState title={t.t("cosponsoring.empty")} />}
      />
      {props.canEdit ? (
        <section aria-labelledby="ask">
          <h2 id="ask">{t.t("cosponsoring.ask.heading")}</h2>
          <form method="post" action={toErrors(`${base}/ask`)}>
            <Csrf token={csrf} />
            <ErrorSummary t={t} errors={props.errors} labels={{ address: t.t("cosponsoring.ask.address") }} />
            <TextField
              t={t}
              name="address"
              label={t.t("cosponsoring.ask.address")}
              hint={t.t("cosponsoring.ask.hint")}
              value={props.address}
              errors={props.errors}
              required
            />
            <button type="submit">{t.t("cosponsoring.ask.button")}</button>
          </form>
        </section>
      ) : null}
    </AdminLayout>
  );
}
