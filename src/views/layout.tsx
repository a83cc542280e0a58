import type { ComponentChildren } from "preact";
import type { Translator } from "../i18n/translator.ts";
import { otherLocalePath } from "./paths.ts";
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
  /** Organizer pages add their own stylesheet; its hash is allowed by the CSP as well. */
  extraCss?: string;
  children: ComponentChildren;
}

export function Layout({ t, title, path, baseUrl, description, noindex, extraCss, children }: LayoutProps) {
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
            href={otherPath}
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
        </footer>
      </body>
    </html>
  );
}

/**
 * Stylesheets go in as raw text: as a text child their quotes would be escaped to &quot;, which a
 * <style> element does not decode, so the CSS would break and its CSP hash would not match.
 */
function InlineStyle({ css }: { css: string }) {
  return <style dangerouslySetInnerHTML={{ __html: css }} />;
}
