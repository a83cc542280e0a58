import type { Translator } from "../../i18n/translator.ts";
import type { StoredMail } from "../../modules/mail/mail.ts";
import { Layout } from "../layout.tsx";
import { paths } from "../paths.ts";

export function DevMailListView({
  t,
  baseUrl,
  mail,
}: {
  t: Translator;
  baseUrl: string;
  mail: StoredMail[];
}) {
  return (
    <Layout t={t} title={t.t("devmail.title")} path={paths.devMail(t.locale)} baseUrl={baseUrl} noindex>
      <h1>{t.t("devmail.title")}</h1>
      <p class="note">{t.t("devmail.explain")}</p>
      {mail.length === 0 ? (
        <p>{t.t("devmail.empty")}</p>
      ) : (
        <ul class="actions">
          {mail.map((m) => (
            <li>
              <a href={paths.devMailItem(t.locale, m.id)}>{m.subject}</a>
              <p class="meta">
                {t.t("devmail.to")}: {m.to} · {t.t("devmail.sent")}: {m.createdAt}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

/** Shows the text part with its links made clickable; the HTML part is never injected. */
export function DevMailItemView({ t, baseUrl, mail }: { t: Translator; baseUrl: string; mail: StoredMail }) {
  const parts = mail.text.split(/(https?:\/\/[^\s]+)/g);
  return (
    <Layout t={t} title={mail.subject} path={paths.devMailItem(t.locale, mail.id)} baseUrl={baseUrl} noindex>
      <p>
        <a href={paths.devMail(t.locale)}>{t.t("devmail.back")}</a>
      </p>
      <h1>{mail.subject}</h1>
      <p class="meta">
        {t.t("devmail.to")}: {mail.to} · {t.t("devmail.sent")}: {mail.createdAt}
      </p>
      <pre>{parts.map((part, i) => (i % 2 === 1 ? <a href={part}>{part}</a> : part))}</pre>
    </Layout>
  );
}
