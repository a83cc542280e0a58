/**
 * The action page is the hot path of a viral action. Its HTML is rendered once per action
 * version, language and status, with slots for the few per-request parts (count, form token,
 * referral code); a request then costs one row read and a string join, or not even the join when
 * it repeats the previous request's count and form token.
 */
import { randomBytes } from "node:crypto";
import type { Locale } from "../../i18n/locale.ts";
import type { Translator } from "../../i18n/translator.ts";
import type { ActionPage } from "../../modules/actions/actions.ts";
import { ActionView } from "../../views/pages/action.tsx";
import { escapeHtml } from "../escape.ts";
import { html } from "../render.ts";

const nonce = randomBytes(6).toString("hex");
const slot = (name: string) => `juntos-slot-${nonce}-${name}`;
const slots = {
  count: slot("count"),
  progress: slot("progress"),
  token: slot("token"),
  source: slot("source"),
};
const slotPattern = new RegExp(`juntos-slot-${nonce}-(count|progress|token|source)`, "g");

type Part = string | keyof typeof slots;

interface Template {
  version: string;
  status: ActionPage["status"];
  parts: Part[];
  /**
   * The last page joined from it. Under load many requests share a count and a form token (the
   * token's timestamp repeats within its resolution), and then they share the page too.
   */
  last: { count: number; formToken: string; source: string | null; page: Buffer } | undefined;
}

export class ActionPageCache {
  /** Per action id and language, the template of the action's current version and status. */
  private readonly templates = new Map<number, Map<Locale, Template>>();

  constructor(
    private readonly baseUrl: string,
    private readonly maxActions = 1000,
  ) {}

  /** The page as UTF-8 bytes: encoded once, however many requests share it. */
  render(t: Translator, action: ActionPage, request: { formToken: string; source: string | null }): Buffer {
    const template = this.template(t, action);
    const { last } = template;
    if (
      last?.count === action.signatureCount &&
      last.formToken === request.formToken &&
      last.source === request.source
    )
      return last.page;
    const { parts } = template;
    const values: Record<keyof typeof slots, string> = {
      count: escapeHtml(t.t("action.signatures", { count: action.signatureCount })),
      progress: String(Math.min(action.signatureCount, action.goal)),
      token: request.formToken,
      source: request.source ?? "",
    };
    let out = "";
    for (let i = 0; i < parts.length; i++)
      out += i % 2 === 0 ? parts[i] : values[parts[i] as keyof typeof slots];
    const page = Buffer.from(out);
    template.last = { count: action.signatureCount, formToken: request.formToken, source: request.source, page };
    return page;
  }

  /** Looked up without building a key string: this runs on every request. */
  private template(t: Translator, action: ActionPage): Template {
    let byLocale = this.templates.get(action.id);
    const cached = byLocale?.get(t.locale);
    if (cached && cached.version === action.version && cached.status === action.status) return cached;
    const page = html(
      ActionView({
        t,
        baseUrl: this.baseUrl,
        action,
        countText: slots.count,
        progressValue: slots.progress,
        form: { formToken: slots.token, source: slots.source },
      }),
    );
    // split() with a capturing group alternates text and slot names.
    const template: Template = {
      version: action.version,
      status: action.status,
      parts: page.split(slotPattern),
      last: undefined,
    };
    if (!byLocale) {
      if (this.templates.size >= this.maxActions) this.templates.clear();
      byLocale = new Map();
      this.templates.set(action.id, byLocale);
    }
    // A newer version or status replaces the old template instead of piling up beside it.
    byLocale.set(t.locale, template);
    return template;
  }
}
