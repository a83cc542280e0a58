/**
 * Webhook rules: what a subscription may point at, which addresses are never called, the Action
 * Network-shaped body of an event and the signature header a receiver verifies.
 */
import { createHmac, randomBytes } from "node:crypto";
import { BlockList, isIP } from "node:net";
import type { Locale } from "../../i18n/locale.ts";
import type { FieldErrorMap } from "../forms.ts";
import { osdiIdentifier, osdiNamespace, signatureFields, sponsorView } from "../osdi/osdi.ts";
import type { SignatureRecord } from "../signatures/signatures.ts";

/**
 * The events an organization can subscribe to, about its own actions: a signature confirmed, a
 * comment shown in the discussion, a co-sponsor joining or leaving.
 */
export const webhookEvents = ["signature.confirmed", "comment.approved", "cosponsorship.changed"] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

/**
 * What the subscription form starts with ticked: the only event there was before comments and
 * co-sponsorships had theirs, so a new subscription gets what every older one has.
 */
export const defaultWebhookEvents: readonly WebhookEvent[] = ["signature.confirmed"];

export type WebhookStatus = "active" | "paused" | "disabled";

/** A receiver that has not answered in this time has failed this attempt. */
export const deliveryTimeoutMs = 5_000;
/** Failing this long without a success disables a subscription. */
export const disableAfterFailingMs = 24 * 60 * 60_000;
export const maxUrlLength = 2_000;
/** The newest attempts shown in the delivery log. */
export const deliveryLogSize = 50;

/** A secret for signing deliveries: 32 random bytes, prefixed so it is recognisable when pasted. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

export type SubscriptionUrlOutcome = { ok: true; url: string } | { ok: false; errors: FieldErrorMap };

export type SubscriptionFormOutcome =
  | { ok: true; url: string; events: WebhookEvent[] }
  | { ok: false; errors: FieldErrorMap };

/** The subscription form: its URL (below) and at least one known event ticked, in our order. */
export function validateSubscriptionForm(
  raw: { url: string; events: readonly string[] },
  options: { allowHttp: boolean },
): SubscriptionFormOutcome {
  const url = validateSubscriptionUrl(raw.url, options);
  const events = webhookEvents.filter((event) => raw.events.includes(event));
  const errors: FieldErrorMap = {
    ...(url.ok ? {} : url.errors),
    ...(events.length === 0 ? { events: { key: "webhooks.events.none" } } : {}),
  };
  if (!url.ok || events.length === 0) return { ok: false, errors };
  return { ok: true, url: url.url, events };
}

/** The URL typed into the form: absolute, https (http only when the operator allows it), no credentials. */
export function validateSubscriptionUrl(
  raw: string,
  options: { allowHttp: boolean },
): SubscriptionUrlOutcome {
  const refuse = (key: "webhooks.url.invalid" | "webhooks.url.https" | "webhooks.url.credentials") => ({
    ok: false as const,
    errors: { url: { key } },
  });
  if (raw === "" || raw.length > maxUrlLength || /\s/.test(raw)) return refuse("webhooks.url.invalid");
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse("webhooks.url.invalid");
  }
  if (url.protocol !== "https:" && !(options.allowHttp && url.protocol === "http:"))
    return refuse("webhooks.url.https");
  if (url.username !== "" || url.password !== "") return refuse("webhooks.url.credentials");
  if (url.hostname === "") return refuse("webhooks.url.invalid");
  url.hash = "";
  return { ok: true, url: url.href };
}

const forbidden = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network", unspecified
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved and broadcast
] as const)
  forbidden.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  forbidden.addSubnet(network, prefix, "ipv6");

/**
 * Whether an address is one no webhook may reach unless the operator allows it: loopback, private
 * (RFC 1918, fc00::/7), link-local, unspecified, multicast and reserved ranges. An IPv4 address
 * written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is.
 */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return forbidden.check(address, "ipv4");
  if (family !== 6) return true;
  const mapped = ipv4Mapped(address);
  return mapped === null ? forbidden.check(address, "ipv6") : forbidden.check(mapped, "ipv4");
}

function ipv4Mapped(address: string): string | null {
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (dotted) return dotted;
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const high = Number.parseInt(hex[1]!, 16);
  const low = Number.parseInt(hex[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/** What a confirmed signature tells its sponsor's webhooks. */
export interface SignatureEventFacts {
  signature: SignatureRecord;
  sponsor: { name: string; website: string | null };
}

/** The same key for every attempt (and every "send again") of one event, so receivers can drop repeats. */
export function idempotencyKey(event: WebhookEvent, subjectId: number): string {
  return `juntos:${event}:${subjectId}`;
}

/** Who sponsors the action an event is about, as Action Network names it in every event. */
function sponsorField(sponsor: { name: string; website: string | null }, baseUrl: string) {
  return { title: sponsor.name, url: sponsor.website ?? baseUrl };
}

/**
 * The body Action Network sends for a new signature: an array of one event, the signature as the
 * sponsor sees it (the person only with consent to the sponsor).
 */
export function signatureEventBody(facts: SignatureEventFacts, baseUrl: string): string {
  return JSON.stringify([
    {
      "osdi:signature": signatureFields(sponsorView(facts.signature)),
      "action_network:sponsor": sponsorField(facts.sponsor, baseUrl),
      idempotency_key: idempotencyKey("signature.confirmed", facts.signature.id),
    },
  ]);
}

/**
 * Where an event's links point. The routes own their URLs (src/views/paths.ts, the API's
 * petitions route); src/jobs/registry.ts hands them in, since this module may not import them.
 */
export interface EventLinks {
  /** The action in the API: `/api/v1/petitions/<id>`. */
  petition(actionId: number): string;
  /** A comment's permalink on the site, in its own language. */
  comment(comment: { id: number; locale: Locale; actionSlug: string }): string;
}

/** What an approved comment tells its action's sponsor: only what the discussion shows anyone. */
export interface CommentEventFacts {
  comment: {
    id: number;
    actionId: number;
    actionSlug: string;
    locale: Locale;
    /** The name shown above it: the commenter's, or the organization's for its replies. */
    authorName: string;
    body: string;
    createdAt: string;
    /** Its latest change: approval or an edit. */
    modifiedAt: string;
    /** The comment it answers, when it is a reply. */
    inReplyTo: number | null;
  };
  sponsor: { name: string; website: string | null };
}

/**
 * The body for a comment shown in an action's discussion. Action Network has no comment type, so
 * it is ours (`juntos:comment`) in their envelope, shaped like their types (identifiers, dates,
 * `_links`) so a receiver written for them reads it the same way. The author is the public name
 * only: a comment's email is never shown to anyone, so it is not given to the sponsor either
 * (commenting is not consent to the sponsor's list, as signing with the box ticked is).
 */
export function commentEventBody(facts: CommentEventFacts, links: EventLinks, baseUrl: string): string {
  const { comment } = facts;
  return JSON.stringify([
    {
      "juntos:comment": {
        identifiers: [osdiIdentifier(comment.id)],
        created_date: comment.createdAt,
        modified_date: comment.modifiedAt,
        body: comment.body,
        author: { name: comment.authorName },
        ...(comment.inReplyTo === null ? {} : { in_reply_to: [osdiIdentifier(comment.inReplyTo)] }),
        _links: {
          "osdi:petition": { href: links.petition(comment.actionId) },
          "juntos:permalink": { href: links.comment(comment) },
        },
      },
      "action_network:sponsor": sponsorField(facts.sponsor, baseUrl),
      idempotency_key: idempotencyKey("comment.approved", comment.id),
    },
  ]);
}

/** The co-sponsorship states an event reports: one that began, or one that ended, and how. */
export type CosponsorshipState = "approved" | "withdrawn" | "removed";

/** One change of a co-sponsorship of the sponsor's action, as its event tells it. */
export interface CosponsorshipEventFacts {
  change: {
    id: number;
    actionId: number;
    state: CosponsorshipState;
    /** When this change happened. */
    at: string;
  };
  /** The co-sponsor as the action's page shows it: an organization with an account, or one that signed on. */
  cosponsor: {
    kind: "organization" | "signon";
    id: number;
    name: string;
    website: string | null;
    /** When it first asked, was invited or signed on. */
    createdAt: string;
  };
  sponsor: { name: string; website: string | null };
}

/**
 * The body for a co-sponsorship that began or ended, in the Action Network envelope with our own
 * type (`juntos:cosponsorship`; they have none). Its identifier names the co-sponsor, so with the
 * petition link a receiver knows which co-sponsorship it is across events. Each change is its own event with its own
 * idempotency key, so "approved" then "withdrawn" reach the receiver as two facts, never one
 * overwriting the other. The co-sponsor is given only as the action's page shows it (name and
 * site), never the contact person of an organization that signed on.
 */
export function cosponsorshipEventBody(
  facts: CosponsorshipEventFacts,
  links: EventLinks,
  baseUrl: string,
): string {
  const { change, cosponsor } = facts;
  return JSON.stringify([
    {
      "juntos:cosponsorship": {
        identifiers: [`${osdiNamespace}:${cosponsor.kind}:${cosponsor.id}`],
        created_date: cosponsor.createdAt,
        modified_date: change.at,
        state: change.state,
        organization: { name: cosponsor.name, website: cosponsor.website },
        _links: { "osdi:petition": { href: links.petition(change.actionId) } },
      },
      "action_network:sponsor": sponsorField(facts.sponsor, baseUrl),
      idempotency_key: idempotencyKey("cosponsorship.changed", change.id),
    },
  ]);
}

export const signatureHeader = "Juntos-Signature";

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`: the timestamp is signed too, against replays. */
export function signatureHeaderValue(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return `t=${t},v1=${v1}`;
}

/** A subscription as the admin shows it (never its secret). */
export interface WebhookSummary {
  id: number;
  url: string;
  events: WebhookEvent[];
  status: WebhookStatus;
  failingSince: string | null;
  createdAt: string;
}

/** One attempt in the delivery log. */
export interface DeliveryLine {
  id: number;
  event: WebhookEvent;
  subjectId: number;
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  createdAt: string;
}

export function readEvents(stored: string): WebhookEvent[] {
  return stored
    .split(" ")
    .filter((event): event is WebhookEvent => (webhookEvents as readonly string[]).includes(event));
}
