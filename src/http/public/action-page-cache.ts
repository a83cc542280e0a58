/**
 * The action page is the hot path of a viral action. Its HTML is rendered once per action
 * version, language and status, with slots for the few per-request parts (count, form token,
 * referral code); a request then costs one row read and a string join.
 */
import { randomBytes } from "node:crypto";
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

export class ActionPageCache {
  private readonly templates = new Map<string, Part[]>();

  constructor(
    private readonly baseUrl: string,
    private readonly maxEntries = 1000,
  ) {}

  render(t: Translator, action: ActionPage, request: { formToken: string; source: string | null }): string {
    const parts = this.template(t, action);
    const values: Record<keyof typeof slots, string> = {
      count: escapeHtml(t.t("action.signatures", { count: action.signatureCount })),
      progress: String(Math.min(action.signatureCount, action.goal)),
      token: request.formToken,
      source: request.source ?? "",
    };
    let out = "";
    for (let i = 0; i < parts.length; i++)
      out += i % 2 === 0 ? parts[i] : values[parts[i] as keyof typeof slots];
    return out;
  }

  private template(t: Translator, action: ActionPage): Part[] {
    const key = `${action.id}:${t.locale}:${action.version}:${action.status}`;
    const cached = this.templates.get(key);
    if (cached) return cached;
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
    const parts = page.split(slotPattern);
    if (this.templates.size >= this.maxEntries) this.templates.clear();
    this.templates.set(key, parts);
    return parts;
  }
}
