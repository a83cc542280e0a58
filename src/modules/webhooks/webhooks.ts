/**
 * Webhook rules: what a subscription may point at, which addresses are never called, the Action
 * Network-shaped body of an event and the signature header a receiver verifies.
 */
import { createHmac, randomBytes } from "node:crypto";
import { BlockList, isIP } from "node:net";
import type { FieldErrorMap } from "../forms.ts";
import { signatureFields, sponsorView } from "../osdi/osdi.ts";
import type { SignatureRecord } from "../signatures/signatures.ts";

/** The events an organization can subscribe to. */
export const webhookEvents = ["signature.confirmed"] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

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

export type SubscriptionFormOutcome = { ok: true; url: string } | { ok: false; errors: FieldErrorMap };

/** The URL typed into the form: absolute, https (http only when the operator allows it), no credentials. */
export function validateSubscriptionUrl(
  raw: string,
  options: { allowHttp: boolean },
): SubscriptionFormOutcome {
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

/**
 * The body Action Network sends for a new signature: an array of one event, the signature as the
 * sponsor sees it (the person only with consent to the sponsor).
 */
export function signatureEventBody(facts: SignatureEventFacts, baseUrl: string): string {
  return JSON.stringify([
    {
      "osdi:signature": signatureFields(sponsorView(facts.signature)),
      "action_network:sponsor": { title: facts.sponsor.name, url: facts.sponsor.website ?? baseUrl },
      idempotency_key: idempotencyKey("signature.confirmed", facts.signature.id),
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
