/**
 * The action page is the hot path of a viral action. Its HTML is rendered once per action
 * version, language, status and partner (the co-sponsor a partner link names), with slots for the
 * few per-request parts (count, form token, source, referring host); a request then costs one row read and a string join, or not even the join when
 * it repeats the previous request's count and form token.
 */
import { randomBytes } from "node:crypto";
import { brotliCompressSync, gzipSync, constants as zlibConstants } from "node:zlib";
import type { Locale } from "../../i18n/locale.ts";
import type { Translator } from "../../i18n/translator.ts";
import type { ActionPage, PartnerRef } from "../../modules/actions/actions.ts";
import type { SignInChoice } from "../../modules/commenters/commenters.ts";
import { ActionView } from "../../views/pages/action.tsx";
import { countSentence } from "../../views/pages/action-lifecycle.tsx";
import { escapeHtml } from "../escape.ts";
import { html } from "../render.ts";

const nonce = randomBytes(6).toString("hex");
const slot = (name: string) => `juntos-slot-${nonce}-${name}`;
const slots = {
  count: slot("count"),
  progress: slot("progress"),
  token: slot("token"),
  source: slot("source"),
  website: slot("website"),
};
const slotPattern = new RegExp(`juntos-slot-${nonce}-(count|progress|token|source|website)`, "g");

type Part = string | keyof typeof slots;

interface Template {
  version: string;
  status: ActionPage["status"];
  parts: Part[];
  /** The same page for each partner whose link was followed, made on first demand. */
  partners: Map<string, Template>;
  /**
   * The last page joined from it. Under load many requests share a count and a form token (the
   * token's timestamp repeats within its resolution), and then they share the page too.
   */
  last: RenderedPage | undefined;
}

export type PageEncoding = "br" | "gzip";

/** What differs between requests for one template. */
export interface PageRequest {
  formToken: string;
  source: string | null;
  website: string | null;
  partner: PartnerRef | null;
}

interface RenderedPage {
  count: number;
  formToken: string;
  source: string | null;
  website: string | null;
  page: Buffer;
  /** Compressed copies, made on first demand: a busy page is compressed once, not per request. */
  encoded: Partial<Record<PageEncoding, Buffer>>;
}

const compressors: Record<PageEncoding, (page: Buffer) => Buffer> = {
  // Quality 5 compresses within a few per cent of the maximum at a small fraction of its cost.
  br: (page) => brotliCompressSync(page, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } }),
  gzip: (page) => gzipSync(page),
};

/** The best encoding the client accepts (brotli, then gzip), or null for none. */
export function pickEncoding(acceptEncoding: string | undefined): PageEncoding | null {
  if (!acceptEncoding) return null;
  const accepted = new Set(
    acceptEncoding
      .split(",")
      .map((part) => part.trim().split(";"))
      .filter(([, q]) => !q || !/^\s*q=0(\.0*)?\s*$/.test(q))
      .map(([name]) => name?.trim().toLowerCase()),
  );
  return accepted.has("br") ? "br" : accepted.has("gzip") ? "gzip" : null;
}

export class ActionPageCache {
  /** Per action id and language, the template of the action's current version and status. */
  private readonly templates = new Map<number, Map<Locale, Template>>();

  constructor(
    private readonly baseUrl: string,
    /** The comment form's ways to sign in (configuration: the same for every page). */
    private readonly signInChoices: readonly SignInChoice[],
    private readonly maxActions = 1000,
  ) {}

  /** The page in the requested encoding (null: plain UTF-8 bytes), shared by every request that matches. */
  render(
    t: Translator,
    action: ActionPage,
    request: PageRequest & { encoding: PageEncoding | null },
  ): Buffer {
    const rendered = this.rendered(t, action, request);
    if (!request.encoding) return rendered.page;
    rendered.encoded[request.encoding] ??= compressors[request.encoding](rendered.page);
    return rendered.encoded[request.encoding]!;
  }

  private rendered(t: Translator, action: ActionPage, request: PageRequest): RenderedPage {
    const template = this.template(t, action, request.partner);
    const { last } = template;
    if (
      last?.count === action.signatureCount &&
      last.formToken === request.formToken &&
      last.source === request.source &&
      last.website === request.website
    )
      return last;
    const { parts } = template;
    const values: Record<keyof typeof slots, string> = {
      count: escapeHtml(countSentence(t, action)),
      progress: String(Math.min(action.signatureCount, action.goal)),
      token: request.formToken,
      source: request.source ?? "",
      website: request.website ?? "",
    };
    let out = "";
    for (let i = 0; i < parts.length; i++)
      out += i % 2 === 0 ? parts[i] : values[parts[i] as keyof typeof slots];
    template.last = {
      count: action.signatureCount,
      formToken: request.formToken,
      source: request.source,
      website: request.website,
      page: Buffer.from(out),
      encoded: {},
    };
    return template.last;
  }

  /** Looked up without building a key string: this runs on every request. */
  private template(t: Translator, action: ActionPage, partner: PartnerRef | null): Template {
    const base = this.baseTemplate(t, action);
    if (!partner) return base;
    let template = base.partners.get(partner.slug);
    if (!template) {
      template = this.build(t, action, partner);
      base.partners.set(partner.slug, template);
    }
    return template;
  }

  private baseTemplate(t: Translator, action: ActionPage): Template {
    let byLocale = this.templates.get(action.id);
    const cached = byLocale?.get(t.locale);
    if (cached && cached.version === action.version && cached.status === action.status) return cached;
    const template = this.build(t, action, null);
    if (!byLocale) {
      if (this.templates.size >= this.maxActions) this.templates.clear();
      byLocale = new Map();
      this.templates.set(action.id, byLocale);
    }
    // A newer version or status replaces the old template, and its partners' pages, instead of
    // piling up beside it; partners are part of the version, so each one's page is made anew.
    byLocale.set(t.locale, template);
    return template;
  }

  private build(t: Translator, action: ActionPage, partner: PartnerRef | null): Template {
    const page = html(
      ActionView({
        t,
        baseUrl: this.baseUrl,
        action,
        countText: slots.count,
        progressValue: slots.progress,
        form: { formToken: slots.token, source: slots.source, website: slots.website, partner },
        signInChoices: this.signInChoices,
      }),
    );
    // split() with a capturing group alternates text and slot names.
    return {
      version: action.version,
      status: action.status,
      parts: page.split(slotPattern),
      partners: new Map(),
      last: undefined,
    };
  }
}
