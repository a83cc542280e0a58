/**
 * The widget: an action's signing form framed on a partner's site. A compact page of its own
 * (title, count, form; thank-you and errors in the same frame) with a stylesheet of its own and
 * one script, which tells the embedding page the height to give the frame. Without that script
 * the form works the same; the frame just keeps the height the embedder gave it.
 */
import { createHash } from "node:crypto";
import type { ComponentChildren } from "preact";
import type { MessageKey } from "../../i18n/catalog.ts";
import type { Translator } from "../../i18n/translator.ts";
import {
  type ActionPage,
  acceptsSignatures,
  countsSignatures,
  type PartnerRef,
} from "../../modules/actions/actions.ts";
import { paths } from "../paths.ts";
import { SignForm, type SignFormProps } from "./sign-form.tsx";
import { ShareSection } from "./thanks.tsx";

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

export const widgetCss = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:1rem/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fff}
main{padding:.75rem 1rem 1rem}
a{color:#0b4f8a}a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid #c2410c;outline-offset:2px}
h1{font-size:1.3rem;line-height:1.25;margin:0 0 .5rem}h2{font-size:1.1rem;margin:1rem 0 .5rem}
.count{font-weight:700;margin:.25rem 0}progress{width:100%;height:.6rem}
label{display:block;font-weight:600;margin-top:.6rem}
input[type=text],input[type=email],textarea{display:block;width:100%;font:inherit;padding:.45rem;border:1px solid #666;border-radius:4px;margin-top:.2rem}
input[aria-invalid=true],textarea[aria-invalid=true]{border:2px solid #b00020}
.check{display:flex;gap:.5rem;align-items:flex-start;font-weight:400}.check input{width:24px;height:24px;margin:0;flex:none}
button,.button{display:inline-block;font:inherit;font-weight:700;margin-top:.85rem;padding:.6rem 1.4rem;min-height:44px;border:0;border-radius:6px;background:#0b4f8a;color:#fff;text-decoration:none;cursor:pointer}
.field-error{color:#b00020;font-weight:600;margin:.2rem 0 0}
.errors{border:3px solid #b00020;padding:.6rem .9rem;margin:.75rem 0;border-radius:6px}.errors h2{margin:0 0 .4rem;font-size:1.05rem}
.note{font-size:.9rem;color:#444}
.consents{border:0;padding:0;margin:.75rem 0 0}.consents legend{padding:0;margin-bottom:.25rem}.partner{border-left:4px solid #0b5;padding:.25rem .75rem}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
ul.share{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}ul.share a{display:inline-block;padding:.5rem .75rem;border:1px solid #0b4f8a;border-radius:6px;min-height:44px}
`
  .trim()
  .replace(/\n/g, "");

export const widgetCssHash = sha256(widgetCss);

/**
 * Tells the embedding page (embed.js) this document's height whenever it changes. The height is
 * no secret, so it goes to whatever page framed us; embed.js checks that it came from our origin.
 */
export const widgetResizeScript =
  "(function(){if(window.parent===window)return;var last=0;" +
  "function send(){var h=Math.ceil(document.documentElement.getBoundingClientRect().height);" +
  'if(h!==last){last=h;window.parent.postMessage({type:"juntos-widget-height",height:h},"*")}}' +
  'send();addEventListener("load",send);addEventListener("resize",send);' +
  "if(window.ResizeObserver)new ResizeObserver(send).observe(document.body)})()";

export const widgetResizeScriptHash = sha256(widgetResizeScript);

function WidgetLayout({ t, title, children }: { t: Translator; title: string; children: ComponentChildren }) {
  return (
    <html lang={t.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>{`${title} · ${t.t("site.name")}`}</title>
        {/* The action's own page is the one to find; this is its copy for other sites. */}
        <meta name="robots" content="noindex" />
        <link rel="icon" href="data:," />
        <style dangerouslySetInnerHTML={{ __html: widgetCss }} />
      </head>
      <body>
        <main id="main">{children}</main>
        <script dangerouslySetInnerHTML={{ __html: widgetResizeScript }} />
      </body>
    </html>
  );
}

/** The full action page, opened outside the frame. */
function FullPageLink({
  t,
  baseUrl,
  slug,
  children,
}: {
  t: Translator;
  baseUrl: string;
  slug: string;
  children: ComponentChildren;
}) {
  return (
    <a href={baseUrl + paths.action(t.locale, slug)} target="_blank" rel="noopener">
      {children}
    </a>
  );
}

export interface WidgetViewProps {
  t: Translator;
  baseUrl: string;
  action: ActionPage;
  /** The co-sponsor whose widget this is (its code came along), else null: the sponsor's. */
  partner: PartnerRef | null;
  form: Omit<SignFormProps, "t" | "action" | "sponsorName" | "embedded" | "partner">;
}

export function WidgetView({ t, baseUrl, action, partner, form }: WidgetViewProps) {
  const { locale } = t;
  return (
    <WidgetLayout t={t} title={action.text.title}>
      <h1>
        <FullPageLink t={t} baseUrl={baseUrl} slug={action.slug}>
          {action.text.title}
        </FullPageLink>
      </h1>
      {partner ? (
        <p class="partner">
          {t.t("sign.partnerNotice", { partner: partner.name, sponsor: action.sponsor.name })}
        </p>
      ) : null}
      {countsSignatures(action) ? (
        <>
          <p class="count" id="count">
            {t.t("action.signatures", { count: action.signatureCount })}
          </p>
          <progress
            max={action.goal}
            value={String(Math.min(action.signatureCount, action.goal))}
            aria-labelledby="count"
          />
        </>
      ) : null}
      {action.type === "external" && action.externalUrl ? (
        <a class="button" href={paths.externalGo(locale, action.slug)} target="_blank" rel="noopener">
          {t.t("action.external.go")}
        </a>
      ) : acceptsSignatures(action) ? (
        <SignForm
          t={t}
          action={paths.sign(locale, action.slug)}
          sponsorName={action.sponsor.name}
          embedded
          partner={partner}
          deliveredTo={action.targets.map((target) => target.name).join(", ")}
          {...form}
        />
      ) : (
        <p role="status">{t.t("action.closed")}</p>
      )}
      <p class="note">
        <FullPageLink t={t} baseUrl={baseUrl} slug={action.slug}>
          {t.t("widget.fullPage")}
        </FullPageLink>{" "}
        · {t.t("widget.poweredBy", { site: t.t("site.name") })}
      </p>
    </WidgetLayout>
  );
}

export function WidgetThanksView({
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
  return (
    <WidgetLayout t={t} title={t.t("thanks.title")}>
      <h1>{t.t("thanks.title")}</h1>
      <p role="status">{t.t("thanks.body")}</p>
      <p class="note">{t.t("thanks.noMail")}</p>
      <ShareSection t={t} title={title} url={baseUrl + paths.action(t.locale, slug)} />
    </WidgetLayout>
  );
}

/** A widget that cannot be shown (no such action): the message, in the frame's own style. */
export function WidgetMessageView({
  t,
  title,
  body,
}: {
  t: Translator;
  title: MessageKey;
  body: MessageKey;
}) {
  return (
    <WidgetLayout t={t} title={t.t(title)}>
      <h1>{t.t(title)}</h1>
      <p>{t.t(body)}</p>
    </WidgetLayout>
  );
}

/**
 * embed.js, the script of the snippet partners paste: each `a[data-juntos-widget]` link to our
 * origin becomes a frame of the page it links to, as wide as its container, whose height follows
 * what the widget reports. Links elsewhere are left alone; a page without JavaScript keeps the
 * link. `async` may run it before the page is parsed, so it looks again once it is.
 */
export function embedScript(origin: string): string {
  return `(function(){
var origin=${JSON.stringify(origin)};
var frames=[];
function embed(){
var links=document.querySelectorAll("a[data-juntos-widget]");
for(var i=0;i<links.length;i++){
var link=links[i],url;
try{url=new URL(link.href,document.baseURI)}catch(e){continue}
if(url.origin!==origin)continue;
var frame=document.createElement("iframe");
frame.src=url.href;
frame.title=link.getAttribute("title")||link.textContent.trim()||url.href;
frame.style.display="block";frame.style.width="100%";frame.style.border="0";frame.style.height="600px";
frames.push(frame);
link.parentNode.replaceChild(frame,link);
}
}
embed();
if(document.readyState==="loading")document.addEventListener("DOMContentLoaded",embed);
window.addEventListener("message",function(event){
if(event.origin!==origin)return;
var data=event.data;
if(!data||data.type!=="juntos-widget-height"||typeof data.height!=="number"||!(data.height>0))return;
for(var i=0;i<frames.length;i++)
if(frames[i].contentWindow===event.source)frames[i].style.height=Math.min(Math.ceil(data.height),20000)+"px";
});
})();
`;
}
