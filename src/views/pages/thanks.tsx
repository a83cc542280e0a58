import type { Translator } from "../../i18n/translator.ts";
import { Layout } from "../layout.tsx";
import { paths } from "../paths.ts";

/** Plain share links: nothing is loaded from these sites until the person taps one. */
export function shareLinks(t: Translator, title: string, url: string) {
  const text = t.t("thanks.shareText", { title, url });
  const q = encodeURIComponent;
  return [
    { label: t.t("share.email"), href: `mailto:?subject=${q(title)}&body=${q(text)}` },
    { label: t.t("share.whatsapp"), href: `https://wa.me/?text=${q(text)}` },
    { label: t.t("share.sms"), href: `sms:?&body=${q(text)}` },
    { label: t.t("share.facebook"), href: `https://www.facebook.com/sharer/sharer.php?u=${q(url)}` },
    { label: t.t("share.x"), href: `https://x.com/intent/post?text=${q(text)}` },
  ];
}

export function ThanksView({
  t,
  baseUrl,
  slug,
  title,
}: {
  t: Translator;
  baseUrl: string;
  slug: string;
  title: string;
}) {
  const url = baseUrl + paths.action(t.locale, slug);
  return (
    <Layout t={t} title={t.t("thanks.title")} path={paths.thanks(t.locale, slug)} baseUrl={baseUrl} noindex>
      <h1>{t.t("thanks.title")}</h1>
      <p role="status">{t.t("thanks.body")}</p>
      <p class="note">{t.t("thanks.noMail")}</p>
      <ShareSection t={t} title={title} url={url} />
      <p>
        <a href={paths.action(t.locale, slug)}>{title}</a>
      </p>
    </Layout>
  );
}

export function ShareSection({ t, title, url }: { t: Translator; title: string; url: string }) {
  return (
    <section aria-labelledby="share">
      <h2 id="share">{t.t("thanks.share")}</h2>
      <ul class="share">
        {shareLinks(t, title, url).map((link) => (
          <li>
            <a href={link.href} rel="noopener noreferrer" target="_blank">
              {link.label}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
