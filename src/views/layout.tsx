import type { ComponentChildren } from "preact";
import { type Translator, translator } from "../i18n/translator.ts";
import { shareImageSize } from "./pages/share-image.tsx";
import { otherLocalePath, paths } from "./paths.ts";
import { css } from "./styles.ts";

export interface LayoutProps {
  t: Translator;
  title: string;
  /** This page's path in the current language; the switch and hreflang links derive from it. */
  path: string;
  baseUrl: string;
  description?: string;
  /** Pages that hold personal links (confirmation) are kept out of search engines. */
  noindex?: boolean;
  /**
   * Pages meant to be shared (actions) get a canonical address and the tags link previews read
   * (OpenGraph for WhatsApp, Facebook and most apps; Twitter's for X): title, description, the
   * language and its alternate, and the share image drawn on our server.
   */
  card?: { image: string; imageAlt: string };
  /** Organizer pages add their own stylesheet; its hash is allowed by the CSP as well. */
  extraCss?: string;
  /** Kept by the language switch only (a partner's code), never by the canonical alternates. */
  switchQuery?: string;
  /** Feeds of this page (an action's comments, its updates), for feed readers to discover. */
  feed?: { href: string; title: string } | { href: string; title: string }[];
  children: ComponentChildren;
}

export function Layout({
  t,
  title,
  path,
  baseUrl,
  description,
  noindex,
  card,
  extraCss,
  switchQuery = "",
  feed,
  children,
}: LayoutProps) {
  const other = t.locale === "en" ? "es" : "en";
  const otherPath = otherLocalePath(path, other);
  return (
    <html lang={t.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>{`${title} · ${t.t("site.name")}`}</title>
        {description ? <meta name="description" content={description} /> : null}
        {noindex ? <meta name="robots" content="noindex" /> : null}
        <link rel="alternate" hrefLang={t.locale} href={baseUrl + path} />
        <link rel="alternate" hrefLang={other} href={baseUrl + otherPath} />
        {(Array.isArray(feed) ? feed : feed ? [feed] : []).map((one) => (
          <link rel="alternate" type="application/atom+xml" title={one.title} href={one.href} />
        ))}
        {card ? (
          <ShareCard t={t} title={title} description={description} url={baseUrl + path} card={card} />
        ) : null}
        {/* No icon file: otherwise every first visit also asks for /favicon.ico and gets a 404 page. */}
        <link rel="icon" href="data:," />
        <InlineStyle css={css} />
        {extraCss ? <InlineStyle css={extraCss} /> : null}
      </head>
      <body>
        <a class="skip" href="#main">
          {t.t("layout.skip")}
        </a>
        <header>
          <a class="brand" href={`/${t.locale}/`}>
            {t.t("site.name")}
          </a>
          <a
            class="lang"
            href={otherPath + switchQuery}
            hrefLang={other}
            lang={other}
            title={t.t("layout.languageSwitchLabel")}
          >
            {t.t("layout.languageSwitch")}
          </a>
        </header>
        <main id="main">{children}</main>
        <footer>
          <p>{t.t("layout.footer")}</p>
          <p>
            <a href={paths.myData(t.locale)}>{t.t("signerRights.footer.link")}</a>
          </p>
        </footer>
      </body>
    </html>
  );
}

function ShareCard({
  t,
  title,
  description,
  url,
  card,
}: {
  t: Translator;
  title: string;
  description: string | undefined;
  url: string;
  card: NonNullable<LayoutProps["card"]>;
}) {
  const other = translator(t.locale === "en" ? "es" : "en");
  return (
    <>
      <link rel="canonical" href={url} />
      <meta property="og:type" content="website" />
      <meta property="og:site_name" content={t.t("site.name")} />
      <meta property="og:title" content={title} />
      {description ? <meta property="og:description" content={description} /> : null}
      <meta property="og:url" content={url} />
      <meta property="og:locale" content={t.t("share.ogLocale")} />
      <meta property="og:locale:alternate" content={other.t("share.ogLocale")} />
      <meta property="og:image" content={card.image} />
      <meta property="og:image:type" content="image/png" />
      <meta property="og:image:width" content={String(shareImageSize.width)} />
      <meta property="og:image:height" content={String(shareImageSize.height)} />
      <meta property="og:image:alt" content={card.imageAlt} />
      {/* X falls back to the og: tags, but other apps read only these; gzip makes the repeat cheap. */}
      <meta name="twitter:card" content="summary_large_image" />
      <meta name="twitter:title" content={title} />
      {description ? <meta name="twitter:description" content={description} /> : null}
      <meta name="twitter:image" content={card.image} />
      <meta name="twitter:image:alt" content={card.imageAlt} />
    </>
  );
}

/**
 * Stylesheets go in as raw text: as a text child their quotes would be escaped to &quot;, which a
 * <style> element does not decode, so the CSS would break and its CSP hash would not match.
 */
function InlineStyle({ css }: { css: string }) {
  return <style dangerouslySetInnerHTML={{ __html: css }} />;
}
