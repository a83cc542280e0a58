/**
 * The line every mail to a signer ends with: where to see, download or remove what Juntos holds
 * about them. `withSignerRightsFooter` adds it to any rendered mail (text and HTML).
 */
import { renderToStaticMarkup } from "preact-render-to-string";
import type { Translator } from "../../i18n/translator.ts";
import type { MailMessage } from "../../modules/mail/mail.ts";
import { paths } from "../paths.ts";

export function SignerRightsFooter({ t, baseUrl }: { t: Translator; baseUrl: string }) {
  const url = baseUrl + paths.myData(t.locale);
  return (
    <p>
      {t.t("signerRights.footer")} <a href={url}>{t.t("signerRights.footer.link")}</a>: {url}
    </p>
  );
}

export function signerRightsFooterText(t: Translator, baseUrl: string): string {
  return `-- \n${t.t("signerRights.footer")} ${baseUrl + paths.myData(t.locale)}`;
}

export function withSignerRightsFooter(t: Translator, baseUrl: string, mail: MailMessage): MailMessage {
  const footer = renderToStaticMarkup(<SignerRightsFooter t={t} baseUrl={baseUrl} />);
  const html = mail.html.includes("</body>")
    ? mail.html.replace("</body>", `${footer}</body>`)
    : mail.html + footer;
  return { ...mail, text: `${mail.text}\n\n${signerRightsFooterText(t, baseUrl)}`, html };
}
