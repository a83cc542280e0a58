/**
 * The Mailer the app uses: mail is rendered and delivered on a worker thread of its own
 * (mail-thread.ts), so rendering HTML, talking SMTP and writing the dev mailbox never take turns
 * with answering requests on the event loop. The requests sent in one tick cross as one message.
 *
 * The thread starts with the first mail. If it dies, the mail it held fails (the outbox retries
 * it) and the next mail starts a new thread.
 */
import { Worker } from "node:worker_threads";
import { MailDeliveryError, type Mailer, type MailRequest } from "./mail.ts";
import type { FromMailThread, MailThreadOptions, ToMailThread } from "./mail-thread.ts";

interface Sending {
  request: MailRequest;
  resolve: () => void;
  reject: (error: Error) => void;
}

const entry = new URL("./mail-thread.entry.mjs", import.meta.url);

export class ThreadMailer implements Mailer {
  private thread: Worker | undefined;
  private queued: Sending[] = [];
  /** Batches handed to a thread and not yet answered, by batch number. */
  private readonly inFlight = new Map<number, { thread: Worker; sendings: Sending[] }>();
  private nextBatch = 1;
  private closed = false;
  /** Called when the last batch in flight is answered or failed (close waits for it). */
  private onIdle: (() => void) | undefined;

  constructor(private readonly options: MailThreadOptions) {}

  send(request: MailRequest): Promise<void> {
    if (this.closed) return Promise.reject(new Error("the mailer is closed"));
    return new Promise((resolve, reject) => {
      if (this.queued.length === 0) setImmediate(() => this.flush());
      this.queued.push({ request, resolve, reject });
    });
  }

  /** Delivers (or fails) the mail already handed over, then stops the thread. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.queued.length > 0) this.flush();
    if (this.inFlight.size > 0) await new Promise<void>((resolve) => (this.onIdle = resolve));
    const thread = this.thread;
    if (!thread) return;
    this.thread = undefined;
    thread.ref();
    // "exit" follows an "error" too, so a thread failing while it stops cannot fail close().
    const exited = new Promise<void>((resolve) => thread.once("exit", () => resolve()));
    thread.postMessage({ close: true } satisfies ToMailThread);
    await exited;
  }

  private flush(): void {
    const sendings = this.queued;
    if (sendings.length === 0) return;
    this.queued = [];
    const batch = this.nextBatch++;
    let thread: Worker | undefined;
    try {
      thread = this.started();
      thread.postMessage({ batch, requests: sendings.map((s) => s.request) } satisfies ToMailThread);
    } catch (error) {
      for (const s of sendings) s.reject(error as Error);
      return;
    }
    this.inFlight.set(batch, { thread, sendings });
    thread.ref();
  }

  private started(): Worker {
    if (this.thread) return this.thread;
    // execArgv: [] so the thread loads TypeScript through its entry's own tsx, whatever runs the app.
    const thread = new Worker(entry, { workerData: this.options, execArgv: [] });
    // Idle, the thread alone never keeps the process running.
    thread.unref();
    thread.on("message", ({ batch, errors, responseCodes }: FromMailThread) => {
      const sendings = this.inFlight.get(batch)?.sendings ?? [];
      this.inFlight.delete(batch);
      for (const [i, s] of sendings.entries()) {
        const error = errors[i] ?? null;
        if (error === null) s.resolve();
        else s.reject(new MailDeliveryError(error, responseCodes?.[i] ?? null));
      }
      this.settled(thread);
    });
    // A thread that failed takes no more mail; what it held fails, and the outbox retries it.
    thread.on("error", (error) => this.fail(thread, error));
    thread.on("exit", () => this.fail(thread, new Error("the mail thread stopped")));
    this.thread = thread;
    return thread;
  }

  private fail(thread: Worker, error: Error): void {
    if (this.thread === thread) this.thread = undefined;
    for (const [batch, held] of this.inFlight) {
      if (held.thread !== thread) continue;
      this.inFlight.delete(batch);
      for (const s of held.sendings) s.reject(error);
    }
    this.settled(thread);
  }

  private settled(thread: Worker): void {
    if ([...this.inFlight.values()].some((held) => held.thread === thread)) return;
    thread.unref();
    if (this.inFlight.size === 0) this.onIdle?.();
  }
}
