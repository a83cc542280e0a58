/**
 * One webhook POST, safe against server-side request forgery: the host is resolved once, every
 * address it resolves to is checked (webhooks.ts: isForbiddenAddress), and the connection goes to
 * the checked address itself, so a DNS answer that changes between the check and the connection
 * (rebinding) cannot send it elsewhere. TLS still verifies the certificate against the host name.
 */
import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { isForbiddenAddress } from "./webhooks.ts";

export interface PostOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

export interface PinnedPostOptions {
  allowPrivate: boolean;
  timeoutMs: number;
  headers: Record<string, string>;
}

/** Posts `body` to `url`; never throws, the outcome says what happened. */
export async function pinnedPost(url: URL, body: string, options: PinnedPostOptions): Promise<PostOutcome> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  try {
    const address = await resolveAllowed(url, options.allowPrivate, deadline);
    const statusCode = await post(url, address, body, options.headers, deadline);
    const ok = statusCode >= 200 && statusCode < 300;
    return { ok, statusCode, error: ok ? null : `HTTP ${statusCode}` };
  } catch (error) {
    const message = deadline.aborted
      ? `no answer within ${options.timeoutMs} ms`
      : error instanceof Error
        ? error.message
        : String(error);
    return { ok: false, statusCode: null, error: message };
  }
}

async function resolveAllowed(
  url: URL,
  allowPrivate: boolean,
  deadline: AbortSignal,
): Promise<{ address: string; family: number }> {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const literal = isIP(host);
  const addresses = literal
    ? [{ address: host, family: literal }]
    : await Promise.race([
        lookup(host, { all: true, verbatim: true }),
        new Promise<never>((_, reject) => deadline.addEventListener("abort", () => reject(deadline.reason))),
      ]);
  // Every answer is checked: a name with one public and one private address is refused.
  const refused = allowPrivate ? undefined : addresses.find((a) => isForbiddenAddress(a.address));
  if (refused) throw new Error(`refused address ${refused.address}: not a public address`);
  const first = addresses[0];
  if (!first) throw new Error(`${host} resolves to no address`);
  return first;
}

function post(
  url: URL,
  pinned: { address: string; family: number },
  body: string,
  headers: Record<string, string>,
  deadline: AbortSignal,
): Promise<number> {
  const client = url.protocol === "https:" ? https : http;
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return new Promise((resolve, reject) => {
    const request = client.request(
      {
        method: "POST",
        host: pinned.address,
        family: pinned.family,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        headers: { ...headers, host: url.host, "content-length": String(Buffer.byteLength(body)) },
        // The certificate is checked against the name asked for, not the address connected to.
        servername: isIP(host) ? undefined : host,
        agent: false,
        signal: deadline,
      },
      (response) => {
        // The answer's body is not needed; the status says whether it arrived.
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}
