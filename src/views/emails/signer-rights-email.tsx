/** The mail a signer asked for: their one-time links, or (for an address nobody signed with) that nothing is held. */
import { renderToStaticMarkup } from "preact-render-to-string";
import type { Translator } from "../../i18n/translator.ts";
import type { MailMessage, SignerLinksMailFacts } from "../../modules/mail/mail.ts";
import { paths } from "../paths.ts";
import { withSignerRightsFooter } from "./signer-rights-footer.tsx";

export function signerLinksEmail(input: SignerLinksMailFacts & { t: Translator }): MailMessage {
  const { t } = input;
  const link = (token: string) => input.baseUrl + paths.myDataLink(t.locale, token);
  const entries: { label: string; url: string }[] = [
    ...input.signatures.map((s) => ({
      label: t.t("signerRights.mail.signature", { title: s.title }),
      url: link(s.token),
    })),
  ];
  if (input.removeAllToken)
    entries.push({ label: t.t("signerRights.mail.removeAll"), url: link(input.removeAllToken) });
  if (input.downloadToken)
    entries.push({ label: t.t("signerRights.mail.download"), url: link(input.downloadToken) });
  const subject = t.t("signerRights.mail.subject");
  const ignore = t.t("signerRights.mail.ignore");
  const lead =
    entries.length === 0
      ? [t.t("signerRights.mail.nothing")]
      : [t.t("signerRights.mail.intro"), t.t("signerRights.mail.validity", { count: input.validDays })];
  const text = [...lead, ...entries.map((e) => `${e.label}\n${e.url}`), ignore].join("\n\n");
  const html = renderToStaticMarkup(
    <html lang={t.locale}>
      <body>
        {lead.map((p) => (
          <p>{p}</p>
        ))}
        {entries.map((e) => (
          <p>
            {e.label}
            <br />
            <a href={e.url}>{e.url}</a>
          </p>
        ))}
        <p>{ignore}</p>
      </body>
    </html>,
  );
  return withSignerRightsFooter(t, input.baseUrl, {
    to: input.to,
    subject,
    text,
    html: `<!doctype html>${html}`,
  });
}
