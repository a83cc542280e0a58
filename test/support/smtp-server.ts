/** A real SMTP server on a loopback port (smtp-server): what the outbox sends, as parsed and as raw mail. */
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";

export interface ReceivedMail {
  parsed: ParsedMail;
  /** The message as it crossed the wire: header fields and body, CRLF line ends. */
  raw: string;
}

export interface TestSmtp {
  url: string;
  /** Parsed mails, in arrival order. */
  received: ParsedMail[];
  /** The same mails with their raw source. */
  mails: ReceivedMail[];
  /** RCPT TO commands seen, accepted or refused. */
  attempts(): number;
  close(): Promise<void>;
}

/**
 * Starts a plain SMTP server; `refuse` may turn a recipient away: its text is the 451 reply, or
 * `{ text, code }` answers with that code (550: the address does not exist, a hard bounce).
 */
export async function startSmtp(
  refuse: (attempt: number, address: string) => string | { text: string; code: number } | null = () => null,
): Promise<TestSmtp> {
  const received: ParsedMail[] = [];
  const mails: ReceivedMail[] = [];
  let attempts = 0;
  const options: SMTPServerOptions = {
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      attempts++;
      const refusal = refuse(attempts, address.address);
      if (refusal === null) return callback();
      const { text, code } = typeof refusal === "string" ? { text: refusal, code: 451 } : refusal;
      return callback(Object.assign(new Error(text), { responseCode: code }));
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", callback);
      stream.on("end", () => {
        const source = Buffer.concat(chunks);
        simpleParser(source).then(
          (parsed) => {
            received.push(parsed);
            mails.push({ parsed, raw: source.toString("utf8") });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  };
  const server = new SMTPServer(options);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.server.address();
  if (typeof address !== "object" || address === null) throw new Error("SMTP server has no address");
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    received,
    mails,
    attempts: () => attempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A header field of a raw mail, unfolded; undefined when the mail has none. */
export function rawHeader(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? "";
  const unfolded = head.replace(/\r?\n(?=[ \t])/g, "");
  const line = unfolded
    .split(/\r?\n/)
    .find((field) => field.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}
