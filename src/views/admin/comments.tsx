/**
 * Moderation: the organization's comments by status, moves one by one or in bulk, a moderator's
 * edit and reply as the organization, rules, discussions.
 */
import type { MessageKey } from "../../i18n/catalog.ts";
import { type Locale, locales } from "../../i18n/locale.ts";
import type { DiscussionState, ModerationMove, QueueItem } from "../../modules/comments/comments.service.ts";
import {
  type CommentStatus,
  type HoldReason,
  lastOpenDay,
  type RulesFormValues,
  textParagraphs,
} from "../../modules/comments/comments.ts";
import type { ModeratedComment } from "../../modules/comments/moderation.service.ts";
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
import { type Column, DataTable, DateTime, EmptyState } from "./patterns.tsx";

/** What a moderator may do with a comment, by where it is now. */
export const movesFrom: Record<CommentStatus, readonly ModerationMove[]> = {
  pending: ["approve", "spam", "trash"],
  approved: ["spam", "trash"],
  spam: ["restore", "trash"],
  trash: ["restore"],
};

const tabOrder: readonly CommentStatus[] = ["pending", "approved", "spam", "trash"];

const moveLabels: Record<ModerationMove, MessageKey> = {
  approve: "comments.admin.move.approve",
  spam: "comments.admin.move.spam",
  trash: "comments.admin.move.trash",
  restore: "comments.admin.move.restore",
};

export interface QueuePage {
  status: CommentStatus;
  counts: Record<CommentStatus, number>;
  page: number;
  pages: number;
  items: QueueItem[];
}

const holdReasonLabels: Record<HoldReason, MessageKey> = {
  first: "comments.admin.holdReason.first",
  links: "comments.admin.holdReason.links",
  words: "comments.admin.holdReason.words",
  spam: "comments.admin.holdReason.spam",
  fast: "comments.admin.holdReason.fast",
  unverified: "comments.admin.holdReason.unverified",
  duplicate: "comments.admin.holdReason.duplicate",
  reported: "comments.admin.holdReason.reported",
};

/** A comment's text as the moderators read it: plain text in paragraphs, no links followed. */
function Body({ item }: { item: Pick<QueueItem, "body" | "locale"> }) {
  return (
    <div lang={item.locale}>
      {textParagraphs(item.body).map((lines) => (
        <p>
          {lines.map((parts, i) => (
            <>
              {i > 0 ? <br /> : null}
              {parts.map((part) => part.text).join("")}
            </>
          ))}
        </p>
      ))}
    </div>
  );
}

/** Whether an action's discussion takes new comments, and until when, as the moderators' list says it. */
function discussionStateText(t: OrgPageProps["t"], item: DiscussionState): string {
  if (item.closed) return t.t("comments.admin.discussion.closedState");
  if (item.closedByDate && item.closesAt)
    return t.t("comments.admin.discussion.closedByDate", { date: t.date(item.closesAt) });
  if (item.closesAt)
    return t.t("comments.admin.discussion.until", { date: t.date(lastOpenDay(item.closesAt)) });
  return t.t("comments.admin.discussion.open");
}

export function CommentsQueueView(
  props: OrgPageProps & { queue: QueuePage; discussions: DiscussionState[] },
) {
  const { t, org, queue } = props;
  const { locale } = t;
  const moves = movesFrom[queue.status];
  const columns: Column<QueueItem>[] = [
    {
      label: t.t("comments.admin.select"),
      cell: (item) => (
        <label class="check" for={`select-${item.id}`}>
          <input type="checkbox" id={`select-${item.id}`} name="comment" value={String(item.id)} />
          <span class="visually-hidden">{t.t("comments.admin.selectComment", { name: item.name })}</span>
        </label>
      ),
    },
    {
      label: t.t("comments.admin.author"),
      cell: (item) => (
        <>
          <strong>{item.name}</strong>
          <br />
          {item.email}
          {item.website ? (
            <>
              <br />
              {item.website}
            </>
          ) : null}
        </>
      ),
    },
    {
      label: t.t("comments.admin.comment"),
      cell: (item) => (
        <>
          {item.holdReason ? <span class="badge">{t.t(holdReasonLabels[item.holdReason])}</span> : null}
          {item.stance ? <span class="badge">{t.t(`comments.stance.${item.stance}`)}</span> : null}
          {item.depth > 0 ? <span class="badge">{t.t("comments.admin.reply")}</span> : null}
          {item.byOrganization ? <span class="badge">{t.t("comments.admin.byOrganization")}</span> : null}
          {item.editedAt ? <span class="badge">{t.t("comments.admin.edited")}</span> : null}
          <Body item={item} />
          {item.reports > 0 ? (
            <>
              <p>
                <strong>{t.t("comments.admin.reports", { count: item.reports })}</strong>
              </p>
              {item.reportReasons.length > 0 ? (
                <ul aria-label={t.t("comments.admin.reportReasons")}>
                  {item.reportReasons.map((reason) => (
                    <li>{reason}</li>
                  ))}
                </ul>
              ) : null}
            </>
          ) : null}
        </>
      ),
    },
    {
      label: t.t("comments.admin.action"),
      cell: (item) => <a href={paths.action(locale, item.actionSlug)}>{item.actionSlug}</a>,
    },
    {
      label: t.t("comments.admin.when"),
      cell: (item) => <DateTime t={t} iso={item.createdAt} timeZone={props.timeZone} />,
    },
    {
      label: t.t("comments.admin.moves"),
      cell: (item) => (
        <>
          {moves.map((move) => (
            // One form holds the whole table (forms cannot nest): each button names its comment.
            <button type="submit" name="one" value={`${item.id}:${move}`} class="secondary">
              {t.t(moveLabels[move])}
            </button>
          ))}{" "}
          <a class="row-action" href={paths.adminCommentEdit(locale, org.slug, item.id)}>
            {t.t("comments.admin.move.edit")}
          </a>
          {item.status === "approved" || item.status === "pending" ? (
            <>
              {" "}
              <a class="row-action" href={paths.adminCommentReply(locale, org.slug, item.id)}>
                {t.t("comments.admin.move.reply")}
              </a>
            </>
          ) : null}
        </>
      ),
    },
  ];
  return (
    <AdminLayout {...props} title={t.t("comments.admin.title")}>
      <h1>{t.t("comments.admin.heading", { organization: org.name })}</h1>
      <p>
        <a href={paths.commentRules(locale, org.slug)}>{t.t("comments.admin.rulesLink")}</a>
      </p>
      <nav class="admin" aria-label={t.t("comments.admin.tabs")}>
        {tabOrder.map((status) => (
          <a
            href={paths.adminComments(locale, org.slug, status)}
            aria-current={status === queue.status ? "page" : undefined}
          >
            {t.t(`comments.admin.tab.${status}`, { count: queue.counts[status] })}
          </a>
        ))}
      </nav>
      {queue.items.length === 0 ? (
        <EmptyState
          title={t.t(
            queue.status === "pending" ? "comments.admin.empty.pending" : "comments.admin.empty.other",
          )}
        />
      ) : (
        <form method="post" action={paths.moderateComments(locale, org.slug)}>
          <Csrf token={props.csrf} />
          <input type="hidden" name="status" value={queue.status} />
          <DataTable columns={columns} rows={queue.items} />
          <fieldset>
            <legend>{t.t("comments.admin.bulk")}</legend>
            {moves.map((move) => (
              <label class="check" for={`bulk-${move}`}>
                <input
                  type="radio"
                  id={`bulk-${move}`}
                  name="move"
                  value={move}
                  checked={move === moves[0]}
                />
                <span>{t.t(moveLabels[move])}</span>
              </label>
            ))}
            <button type="submit">{t.t("comments.admin.bulkApply")}</button>
          </fieldset>
        </form>
      )}
      {queue.pages > 1 ? (
        <nav class="pager">
          {queue.page > 1 ? (
            <a
              href={`${paths.adminComments(locale, org.slug, queue.status)}${queue.status === "pending" ? "?" : "&"}page=${queue.page - 1}`}
            >
              {t.t("comments.older")}
            </a>
          ) : null}
          <span>{t.t("comments.pageOf", { page: queue.page, pages: queue.pages })}</span>
          {queue.page < queue.pages ? (
            <a
              href={`${paths.adminComments(locale, org.slug, queue.status)}${queue.status === "pending" ? "?" : "&"}page=${queue.page + 1}`}
            >
              {t.t("comments.newer")}
            </a>
          ) : null}
        </nav>
      ) : null}
      <h2>{t.t("comments.admin.discussions")}</h2>
      <DataTable
        columns={[
          {
            label: t.t("comments.admin.action"),
            cell: (item: DiscussionState) => <a href={paths.action(locale, item.slug)}>{item.title}</a>,
          },
          { label: t.t("comments.admin.discussion.approved"), cell: (item) => t.number(item.approved) },
          { label: t.t("comments.admin.discussion.pending"), cell: (item) => t.number(item.pending) },
          {
            label: t.t("comments.admin.discussion.state"),
            cell: (item) => (
              <>
                {discussionStateText(t, item)}{" "}
                <PostButton
                  action={paths.discussionStep(
                    locale,
                    org.slug,
                    item.actionId,
                    item.closed ? "open" : "close",
                  )}
                  csrf={props.csrf}
                  label={t.t(
                    item.closed ? "comments.admin.discussion.reopen" : "comments.admin.discussion.close",
                  )}
                  secondary
                />
              </>
            ),
          },
        ]}
        rows={props.discussions}
        empty={<EmptyState title={t.t("organization.noActions")} />}
      />
    </AdminLayout>
  );
}

export function CommentRulesView(props: OrgPageProps & { values: RulesFormValues; errors?: FieldErrorMap }) {
  const { t, org, values, errors } = props;
  const action = paths.commentRules(t.locale, org.slug);
  const labels = {
    max_links: t.t("comments.rules.maxLinks"),
    spam_words: t.t("comments.rules.spamWords"),
    hold_words: t.t("comments.rules.holdWords"),
    reports_to_hide: t.t("comments.rules.reportsToHide"),
    close_after_days: t.t("comments.rules.closeAfterDays"),
  };
  return (
    <AdminLayout {...props} title={t.t("comments.rules.title")}>
      <h1>{t.t("comments.rules.title")}</h1>
      <p>
        <a href={paths.adminComments(t.locale, org.slug)}>{t.t("comments.admin.back")}</a>
      </p>
      <p>{t.t("comments.rules.intro")}</p>
      <ErrorSummary t={t} errors={errors} labels={labels} />
      <form method="post" action={toErrors(action)}>
        <Csrf token={props.csrf} />
        <label class="check" for="f-hold_first">
          <input
            type="checkbox"
            id="f-hold_first"
            name="hold_first"
            value="yes"
            checked={values.hold_first}
          />
          <span>{t.t("comments.rules.holdFirst")}</span>
        </label>
        <TextField
          t={t}
          name="max_links"
          type="number"
          label={labels.max_links}
          value={values.max_links}
          errors={errors}
          required
        />
        <TextArea
          t={t}
          name="spam_words"
          label={labels.spam_words}
          hint={t.t("comments.rules.wordsHint")}
          value={values.spam_words}
          errors={errors}
        />
        <TextArea
          t={t}
          name="hold_words"
          label={labels.hold_words}
          hint={t.t("comments.rules.wordsHint")}
          value={values.hold_words}
          errors={errors}
        />
        <TextField
          t={t}
          name="reports_to_hide"
          type="number"
          label={labels.reports_to_hide}
          value={values.reports_to_hide}
          errors={errors}
          required
        />
        <TextField
          t={t}
          name="close_after_days"
          type="number"
          label={labels.close_after_days}
          hint={t.t("comments.rules.closeAfterDaysHint")}
          value={values.close_after_days}
          errors={errors}
        />
        <button type="submit">{t.t("comments.rules.save")}</button>
      </form>
    </AdminLayout>
  );
}

/** The comment a moderator edits or answers, quoted with who wrote it and where. */
function ModeratedQuote({ t, comment }: { t: OrgPageProps["t"]; comment: ModeratedComment }) {
  return (
    <blockquote>
      <p>
        <strong>{comment.name}</strong>
        {comment.email ? ` · ${comment.email}` : null} ·{" "}
        {t.t("comments.admin.comment.on", { title: comment.actionTitle })}
      </p>
      <Body item={comment} />
    </blockquote>
  );
}

export function CommentEditView(
  props: OrgPageProps & { comment: ModeratedComment; body?: string; errors?: FieldErrorMap },
) {
  const { t, org, comment, errors } = props;
  const action = paths.adminCommentEdit(t.locale, org.slug, comment.id);
  const label = t.t("comments.admin.edit.body");
  return (
    <AdminLayout {...props} title={t.t("comments.admin.edit.title", { name: comment.name })}>
      <h1>{t.t("comments.admin.edit.title", { name: comment.name })}</h1>
      <p>
        <a href={paths.adminComments(t.locale, org.slug, comment.status)}>{t.t("comments.admin.back")}</a>
      </p>
      <p>{t.t("comments.admin.comment.on", { title: comment.actionTitle })}</p>
      <p>{t.t("comments.admin.edit.intro")}</p>
      <ErrorSummary t={t} errors={errors} labels={{ body: label }} />
      <form method="post" action={toErrors(action)}>
        <Csrf token={props.csrf} />
        <TextArea
          t={t}
          name="body"
          label={label}
          value={props.body ?? comment.body}
          errors={errors}
          rows={8}
          required
        />
        <button type="submit">{t.t("comments.admin.edit.save")}</button>
      </form>
    </AdminLayout>
  );
}

export function CommentReplyView(
  props: OrgPageProps & {
    comment: ModeratedComment;
    values?: { body: string; locale: string };
    errors?: FieldErrorMap;
  },
) {
  const { t, org, comment, errors } = props;
  const action = paths.adminCommentReply(t.locale, org.slug, comment.id);
  const title = t.t("comments.admin.reply.title", { name: comment.name, organization: org.name });
  const labels = { body: t.t("comments.admin.reply.body"), locale: t.t("comments.admin.reply.locale") };
  const languageNames: Record<Locale, MessageKey> = { en: "editor.english", es: "editor.spanish" };
  return (
    <AdminLayout {...props} title={title}>
      <h1>{title}</h1>
      <p>
        <a href={paths.adminComments(t.locale, org.slug, comment.status)}>{t.t("comments.admin.back")}</a>
      </p>
      <ModeratedQuote t={t} comment={comment} />
      <p>{t.t("comments.admin.reply.intro", { organization: org.name })}</p>
      {comment.status === "pending" ? <p>{t.t("comments.admin.reply.pending")}</p> : null}
      <ErrorSummary t={t} errors={errors} labels={labels} />
      <form method="post" action={toErrors(action)}>
        <Csrf token={props.csrf} />
        <TextArea
          t={t}
          name="body"
          label={labels.body}
          value={props.values?.body}
          errors={errors}
          rows={6}
          required
        />
        <SelectField
          t={t}
          name="locale"
          label={labels.locale}
          value={props.values?.locale ?? comment.locale}
          options={locales.map((locale) => ({ value: locale, label: t.t(languageNames[locale]) }))}
        />
        <button type="submit">{t.t("comments.admin.reply.submit")}</button>
      </form>
    </AdminLayout>
  );
}
