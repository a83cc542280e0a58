/**
 * The sponsor's updates as the public sees them: the newest few on the action's page (under the
 * description, closed actions too), every update on a page of their own and in an Atom feed, and
 * the pages of the emailed unsubscribe link.
 */
import { renderToStaticMarkup } from "preact-render-to-string";
import { escapeHtml } from "../../http/escape.ts";
import type { Translator } from "../../i18n/translator.ts";
import type { ActionPage } from "../../modules/actions/actions.ts";
import type { UnsubscribeView } from "../../modules/updates/updates.service.ts";
import type { PageUpdates, PublicUpdate } from "../../modules/updates/updates.ts";
import { Layout } from "../layout.tsx";
import { Markdown } from "../markdown.tsx";
import { paths } from "../paths.ts";

/** Updates as articles, newest first; each has an anchor the mail links to. */
function UpdateList({ t, updates, level }: { t: Translator; updates: PublicUpdate[]; level: 2 | 3 }) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <>
      {updates.map((update) => (
        <article class="update" id={paths.updateAnchor(update.id)}>
          <Heading>{update.title}</Heading>
          <p class="note">
            <strong>{t.t(`updates.kind.${update.kind}`)}</strong> · {t.t("updates.posted")}{" "}
            <time dateTime={update.postedAt}>{t.date(update.postedAt)}</time>
            {update.editedAt ? ` (${t.t("updates.edited")})` : null}
          </p>
          <Markdown source={update.body} />
        </article>
      ))}
    </>
  );
}

/** The action page's section: the newest updates and the way to all of them; nothing before the first. */
export function UpdatesSection({
  t,
  action,
  updates,
}: {
  t: Translator;
  action: Pick<ActionPage, "slug" | "sponsor">;
  updates: PageUpdates;
}) {
  if (updates.total === 0) return null;
  return (
    <section aria-labelledby="updates">
      <h2 id="updates">{t.t("updates.latest", { sponsor: action.sponsor.name })}</h2>
      <UpdateList t={t} updates={updates.latest} level={3} />
      <p>
        <a href={paths.updates(t.locale, action.slug)}>{t.t("updates.all", { count: updates.total })}</a> ·{" "}
        <a href={paths.updatesFeed(t.locale, action.slug)}>{t.t("updates.feedLink")}</a>
      </p>
    </section>
  );
}

/** Every update of an action, newest first. */
export function UpdatesView({
  t,
  baseUrl,
  action,
  updates,
}: {
  t: Translator;
  baseUrl: string;
  action: ActionPage;
  updates: PublicUpdate[];
}) {
  const title = t.t("updates.allTitle", { title: action.text.title });
  return (
    <Layout
      t={t}
      title={title}
      path={paths.updates(t.locale, action.slug)}
      baseUrl={baseUrl}
      description={action.text.summary}
      feed={{ href: paths.updatesFeed(t.locale, action.slug), title: t.t("updates.feed") }}
    >
      <p>
        <a href={paths.action(t.locale, action.slug)}>{t.t("updates.back")}</a>
      </p>
      <h1>{title}</h1>
      {updates.length === 0 ? <p>{t.t("updates.none")}</p> : <UpdateList t={t} updates={updates} level={2} />}
      <p>
        <a href={paths.updatesFeed(t.locale, action.slug)}>{t.t("updates.feedLink")}</a>
      </p>
    </Layout>
  );
}

/** The Atom document of an action's updates, newest first, each with its Markdown rendered as HTML. */
export function updatesAtomFeed({
  t,
  baseUrl,
  action,
  updates,
}: {
  t: Translator;
  baseUrl: string;
  action: Pick<ActionPage, "slug" | "text" | "actionDate" | "sponsor">;
  updates: PublicUpdate[];
}): string {
  const { locale } = t;
  const x = escapeHtml;
  const feedUrl = baseUrl + paths.updatesFeed(locale, action.slug);
  const pageUrl = baseUrl + paths.updates(locale, action.slug);
  const updated =
    updates
      .map((update) => update.editedAt ?? update.postedAt)
      .sort()
      .at(-1) ?? `${action.actionDate.slice(0, 10)}T00:00:00.000Z`;
  const items = updates.map((update) => {
    const url = `${pageUrl}#${paths.updateAnchor(update.id)}`;
    const html = renderToStaticMarkup(<Markdown source={update.body} />);
    return [
      "<entry>",
      `<id>${x(url)}</id>`,
      `<title>${x(update.title)}</title>`,
      `<link rel="alternate" type="text/html" href="${x(url)}"/>`,
      `<author><name>${x(action.sponsor.name)}</name></author>`,
      `<category term="${update.kind}" label="${x(t.t(`updates.kind.${update.kind}`))}"/>`,
      `<published>${x(update.postedAt)}</published>`,
      `<updated>${x(update.editedAt ?? update.postedAt)}</updated>`,
      `<content type="html">${x(html)}</content>`,
      "</entry>",
    ].join("");
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}">`,
    `<id>${x(feedUrl)}</id>`,
    `<title>${x(t.t("updates.feed.title", { title: action.text.title }))}</title>`,
    `<link rel="self" type="application/atom+xml" href="${x(feedUrl)}"/>`,
    `<link rel="alternate" type="text/html" href="${x(pageUrl)}"/>`,
    `<updated>${x(updated)}</updated>`,
    ...items,
    "</feed>",
  ].join("\n");
}

/**
 * An unsubscribe link's pages: GET shows the button (mail scanners follow links and must stop
 * nothing); the POST it sends is the one a mail client sends from the List-Unsubscribe header.
 */
export function UpdatesUnsubscribePage({
  t,
  baseUrl,
  path,
  view,
  done,
}: {
  t: Translator;
  baseUrl: string;
  path: string;
  view: UnsubscribeView;
  done: boolean;
}) {
  const facts = { sponsor: view.sponsorName, title: view.actionTitle };
  const title = t.t(done ? "updates.unsubscribed.title" : "updates.unsubscribe.title", facts);
  return (
    <Layout t={t} title={title} path={path} baseUrl={baseUrl} noindex>
      <h1>{title}</h1>
      {done ? (
        <p role="status">{t.t("updates.unsubscribed.body", facts)}</p>
      ) : (
        <>
          <p>{t.t("updates.unsubscribe.body", facts)}</p>
          <form method="post" action={path}>
            <button type="submit">{t.t("updates.unsubscribe.button")}</button>
          </form>
        </>
      )}
      <p>
        <a href={paths.action(t.locale, view.slug)}>{t.t("updates.back")}</a>
      </p>
    </Layout>
  );
}
