/**
 * A webhook receiver on loopback, written as our documentation tells receivers to be: it checks
 * each delivery's Juntos-Signature (HMAC-SHA256 of "t.body" with the subscription's secret) over
 * the raw body and its timestamp, and can fail the first attempts of each event or answer late.
 * The app must allow it (WEBHOOKS_ALLOW_HTTP and WEBHOOKS_ALLOW_PRIVATE).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AppContext } from "../../src/context.ts";
import type { ManualClock } from "./clock.ts";

/** One request the receiver got, and what it made of it. */
export interface Attempt {
  key: string;
  body: unknown[];
  /** The body's bytes as sent, and the Juntos-Signature header that came with them. */
  raw: Buffer;
  header: string | undefined;
  /** The app's clock when it came. */
  at: Date;
  /** The HMAC matched the raw body and the timestamp was within five minutes of now. */
  verified: boolean;
  answered: number;
}

function rawBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

/** What a receiver written from our documentation does: HMAC-SHA256 of "t.body", compared in constant time. */
export function verifiesSignature(
  secret: string,
  header: string | undefined,
  raw: Buffer,
  now: Date,
): boolean {
  const [, timestamp, mac] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? "") ?? [];
  if (!timestamp || !mac || secret === "") return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > 300) return false;
  const expected = createHmac("sha256", secret)
    .update(Buffer.concat([Buffer.from(`${timestamp}.`), raw]))
    .digest();
  return timingSafeEqual(expected, Buffer.from(mac, "hex"));
}

export class WebhookReceiver {
  readonly attempts: Attempt[] = [];
  /** The receiver's copy of the subscription's secret, as pasted from the admin page. */
  secret = "";
  /** How many first attempts of each event the receiver answers 500. */
  failFirst = 0;
  /** How long the receiver waits before answering. */
  answerAfterMs = 0;
  /** When (performance clock) the receiver got and answered its requests. */
  readonly receivedAt: number[] = [];
  readonly answeredAt: number[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /** Listens on 127.0.0.1; `clock` is the app's, against which timestamps are checked. */
  static async start(clock: Pick<ManualClock, "now">): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | undefined;
    const server = createServer(async (request, response) => {
      const self = receiver!;
      const raw = await rawBody(request);
      self.receivedAt.push(performance.now());
      const body = JSON.parse(raw.toString("utf8")) as { idempotency_key: string }[];
      const key = body[0]!.idempotency_key;
      const header = request.headers["juntos-signature"] as string | undefined;
      const at = clock.now();
      const verified = verifiesSignature(self.secret, header, raw, at);
      const tried = self.attempts.filter((attempt) => attempt.key === key).length;
      const answered = tried < self.failFirst ? 500 : verified ? 200 : 401;
      self.attempts.push({ key, body, raw, header, at, verified, answered });
      setTimeout(() => {
        self.answeredAt.push(performance.now());
        if (!response.destroyed) response.writeHead(answered).end();
      }, self.answerAfterMs);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    receiver = new WebhookReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`);
    return receiver;
  }

  /** The attempts it accepted. */
  delivered(): Attempt[] {
    return this.attempts.filter((attempt) => attempt.answered === 200);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** Runs the outbox through the backoff: the first try, then 10 s, 20 s, and an hour more. */
export async function runRetries(ctx: Pick<AppContext, "worker">, clock: ManualClock): Promise<void> {
  await ctx.worker.drain();
  for (const ms of [10_000, 20_000, 60 * 60_000, 2 * 60 * 60_000]) {
    clock.advance(ms);
    await ctx.worker.drain();
  }
}
