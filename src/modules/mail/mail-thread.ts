/**
 * Runs inside the mail thread (see thread-mailer.ts): renders each batch of mail requests and
 * delivers it through SMTP (nodemailer, a pool of connections) or into the dev mailbox file, then
 * answers with one error or null per request.
 */
import { parentPort, workerData } from "node:worker_threads";
import nodemailer from "nodemailer";
import { DevMailStore } from "./dev-mail.repository.ts";
import type { MailMessage, MailRequest, RenderMail } from "./mail.ts";

export interface MailThreadOptions {
  /** SMTP URL; null keeps mail in the dev mailbox file. */
  smtpUrl: string | null;
  mailFrom: string;
  devMailFile: string;
  /** URL of the module whose `renderMail` export renders each request (the composition root picks it). */
  rendererModule: string;
}

export type ToMailThread = { batch: number; requests: MailRequest[] } | { close: true };
export interface FromMailThread {
  batch: number;
  /** One per request, in order: null when delivered, else why not. */
  errors: (string | null)[];
  /** One per request: the SMTP server's reply code when it refused the mail (5xx: for good), else null. */
  responseCodes?: (number | null)[];
}

type Deliver = (messages: MailMessage[]) => Promise<{ error: string | null; responseCode: number | null }[]>;

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The SMTP reply code nodemailer puts on an error (a refused recipient: 550, 451 …). */
const responseCodeOf = (error: unknown): number | null => {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === "number" ? code : null;
};

function smtpDelivery(smtpUrl: string, from: string): { deliver: Deliver; close(): void } {
  const url = new URL(smtpUrl);
  if (!url.searchParams.has("pool")) url.searchParams.set("pool", "true");
  const transport = nodemailer.createTransport(url.toString());
  return {
    deliver: async (messages) => {
      const sent = await Promise.allSettled(messages.map((m) => transport.sendMail({ from, ...m })));
      return sent.map((s) =>
        s.status === "fulfilled"
          ? { error: null, responseCode: null }
          : { error: reason(s.reason), responseCode: responseCodeOf(s.reason) },
      );
    },
    close: () => transport.close(),
  };
}

function devMailDelivery(file: string): { deliver: Deliver; close(): void } {
  const store = new DevMailStore(file);
  return {
    deliver: async (messages) => {
      store.store(messages);
      return messages.map(() => ({ error: null, responseCode: null }));
    },
    close: () => store.close(),
  };
}

const options = workerData as MailThreadOptions;
const port = parentPort!;
// Messages wait in the port until the listener below is attached, so loading first loses none.
const { renderMail } = (await import(options.rendererModule)) as { renderMail: RenderMail };
const delivery = options.smtpUrl
  ? smtpDelivery(options.smtpUrl, options.mailFrom)
  : devMailDelivery(options.devMailFile);

port.on("message", async (message: ToMailThread) => {
  if ("close" in message) {
    delivery.close();
    port.close();
    return;
  }
  const errors = new Array<string | null>(message.requests.length).fill(null);
  const responseCodes = new Array<number | null>(message.requests.length).fill(null);
  const rendered: { index: number; message: MailMessage }[] = [];
  for (const [index, request] of message.requests.entries()) {
    try {
      rendered.push({ index, message: renderMail(request) });
    } catch (error) {
      errors[index] = reason(error);
    }
  }
  try {
    const delivered = await delivery.deliver(rendered.map((r) => r.message));
    for (const [k, { index }] of rendered.entries()) {
      errors[index] = delivered[k]?.error ?? null;
      responseCodes[index] = delivered[k]?.responseCode ?? null;
    }
  } catch (error) {
    for (const { index } of rendered) errors[index] = reason(error);
  }
  port.postMessage({ batch: message.batch, errors, responseCodes } satisfies FromMailThread);
});
