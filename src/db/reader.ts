/**
 * Slow organizer reads (exports, searches over a whole action) off the event loop. A query is
 * built and compiled by Kysely where it is asked for, and run by a Reader:
 *
 * - on SQLite, on a worker thread with its own read-only connection to the same WAL file
 *   (reader-thread.ts), so the one thread that answers the public pages and commits signatures
 *   never spends its turns scanning a million rows;
 * - on PostgreSQL (and an in-memory SQLite, which no other connection can open), on the app's own
 *   pool or connection: the server already does the work elsewhere.
 *
 * Services call the same API on both engines. On SQLite there is one reader thread (a pool would
 * take the core the event loop needs on a small machine), its requests answered in turn; past
 * `maxQueued` requests waiting, a read fails at once with ReaderBusyError (answered 503 as the
 * database being unavailable), as do SQLITE_BUSY and the other driver errors, which reach the
 * caller as Errors with their `code`.
 *
 * What a reader sees: each query (each page of `pages`) is its own read transaction, which in WAL
 * mode sees exactly the transactions committed before it began, never a batch still being
 * written. That is what an export or a search should show: the committed signatures, not one
 * that a failed commit would take back. A page read later sees later commits; keyset pages by id
 * neither repeat nor skip a row for it (new signatures have higher ids and join the end).
 */
import { Worker } from "node:worker_threads";
import type { Compilable, Kysely } from "kysely";

/**
 * How a page of rows becomes what `pages` yields (a CSV chunk, say), run where the rows are read:
 * on the reader thread for SQLite. The thread imports `module` and takes its export `name`, so
 * both threads use the one definition: declare it as `export const x = pageFormat(import.meta.url,
 * "x", …)` in a module light enough to load in a thread (no database, no services).
 */
export interface PageFormat<Row, Options, Out> {
  readonly module: string;
  readonly name: string;
  readonly make: (options: Options) => (rows: Row[]) => Out;
}

export function pageFormat<Row, Options, Out>(
  module: string,
  name: string,
  make: (options: Options) => (rows: Row[]) => Out,
): PageFormat<Row, Options, Out> {
  return { module, name, make };
}

/** A read a page at a time in id order: flat memory at any size. */
export interface KeysetRead<Row extends { id: number }, Options, Out> {
  /** At most `size` rows with ids above `afterId`, in id order. */
  page: (afterId: number) => Compilable<Row>;
  size: number;
  format: PageFormat<Row, Options, Out>;
  /** Sent to the format's `make` (to the thread: structured-cloneable). */
  options: Options;
}

export interface Page<Out> {
  /** How many rows the page had. */
  rows: number;
  value: Out;
}

export interface Reader {
  /** The rows of one query (no result plugins: the app's Kysely has none). */
  all<Row>(query: Compilable<Row>): Promise<Row[]>;
  /**
   * Every page of a keyset read, formatted. The next page is read while the caller consumes this
   * one, never further ahead: two pages in memory at most.
   */
  pages<Row extends { id: number }, Options, Out>(
    read: KeysetRead<Row, Options, Out>,
  ): AsyncGenerator<Page<Out>>;
  /** Answers what was asked already, then stops the thread. */
  close(): Promise<void>;
}

export const readerBusyCode = "JUNTOS_READER_BUSY";

/** More slow reads waiting than the reader takes: try again shortly. */
export class ReaderBusyError extends Error {
  readonly code = readerBusyCode;
  constructor(waiting: number) {
    super(`the database reader has ${waiting} reads waiting`);
    this.name = "ReaderBusyError";
  }
}

/**
 * A page read ahead: if the caller stops before taking it (a download broken off), its failure
 * is nobody's to hear, and must not surface as an unhandled rejection. Awaited, it still throws.
 */
function prefetch<T>(page: Promise<T>): Promise<T> {
  page.catch(() => {});
  return page;
}

/** Runs reads on the app's own database (PostgreSQL's pool; an in-memory SQLite). */
export class DirectReader implements Reader {
  constructor(private readonly db: Pick<Kysely<unknown>, "executeQuery">) {}

  async all<Row>(query: Compilable<Row>): Promise<Row[]> {
    return [...(await this.db.executeQuery(query.compile())).rows];
  }

  async *pages<Row extends { id: number }, Options, Out>(
    read: KeysetRead<Row, Options, Out>,
  ): AsyncGenerator<Page<Out>> {
    const format = read.format.make(read.options);
    let next = prefetch(this.all(read.page(0)));
    for (;;) {
      const rows = await next;
      const full = rows.length === read.size;
      // PostgreSQL reads the next page while this one is formatted and sent.
      if (full) next = prefetch(this.all(read.page(rows[rows.length - 1]!.id)));
      if (rows.length > 0) yield { rows: rows.length, value: format(rows) };
      if (!full) return;
      // An in-memory SQLite answers synchronously: a turn of the event loop between pages lets
      // other requests in.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async close(): Promise<void> {}
}

/** What the thread is asked: one query's rows, or one formatted keyset page. */
export type ToReaderThread =
  | { id: number; sql: string; parameters: readonly unknown[] }
  | {
      id: number;
      sql: string;
      parameters: readonly unknown[];
      format: { module: string; name: string; options: unknown };
    }
  | { close: true };

export type FromReaderThread =
  | { id: number; rows: unknown[] }
  | { id: number; page: { rows: number; lastId: number | null; value: unknown } }
  | { id: number; error: { name: string; message: string; code: unknown } };

interface Waiting {
  resolve: (answer: FromReaderThread) => void;
  reject: (error: Error) => void;
}

const entry = new URL("./reader-thread.entry.mjs", import.meta.url);

/** An error of the thread as the caller's own, its driver `code` kept (SQLITE_BUSY: 503). */
function threadError({ name, message, code }: { name: string; message: string; code: unknown }): Error {
  const error = new Error(message) as Error & { code?: unknown };
  error.name = name;
  if (code !== undefined) error.code = code;
  return error;
}

/** SQLite on a file: reads run on the reader thread, started with the first one. */
export class ThreadReader implements Reader {
  private thread: Worker | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly file: string,
    private readonly options: { maxQueued?: number } = {},
  ) {}

  async all<Row>(query: Compilable<Row>): Promise<Row[]> {
    const { sql, parameters } = query.compile();
    const answer = await this.ask((id) => ({ id, sql, parameters }));
    return "rows" in answer ? (answer.rows as Row[]) : [];
  }

  async *pages<Row extends { id: number }, Options, Out>(
    read: KeysetRead<Row, Options, Out>,
  ): AsyncGenerator<Page<Out>> {
    const { module, name } = read.format;
    const format = { module, name, options: read.options };
    const page = async (afterId: number) => {
      const { sql, parameters } = read.page(afterId).compile();
      const answer = await this.ask((id) => ({ id, sql, parameters, format }));
      if (!("page" in answer)) throw new Error("the reader thread answered a page with rows");
      return answer.page as { rows: number; lastId: number | null; value: Out };
    };
    let next = prefetch(page(0));
    for (;;) {
      const { rows, lastId, value } = await next;
      const full = rows === read.size && lastId !== null;
      if (full) next = prefetch(page(lastId));
      if (rows > 0) yield { rows, value };
      if (!full) return;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const thread = this.thread;
    if (!thread) return;
    this.thread = undefined;
    thread.ref();
    // "exit" follows an "error" too, so a thread failing while it stops cannot fail close().
    const exited = new Promise<void>((resolve) => thread.once("exit", () => resolve()));
    thread.postMessage({ close: true } satisfies ToReaderThread);
    await exited;
  }

  private ask(message: (id: number) => ToReaderThread): Promise<FromReaderThread> {
    if (this.closed) return Promise.reject(new Error("the database reader is closed"));
    const maxQueued = this.options.maxQueued ?? 32;
    if (this.waiting.size >= maxQueued) return Promise.reject(new ReaderBusyError(this.waiting.size));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      try {
        this.started().postMessage(message(id));
      } catch (error) {
        reject(error as Error);
        return;
      }
      this.waiting.set(id, { resolve, reject });
      this.thread?.ref();
    });
  }

  private started(): Worker {
    if (this.thread) return this.thread;
    // execArgv: [] so the thread loads TypeScript through its entry's own tsx, whatever runs the app.
    const thread = new Worker(entry, { workerData: { file: this.file }, execArgv: [] });
    thread.unref();
    thread.on("message", (answer: FromReaderThread) => {
      const waiting = this.waiting.get(answer.id);
      this.waiting.delete(answer.id);
      if ("error" in answer) waiting?.reject(threadError(answer.error));
      else waiting?.resolve(answer);
      // Idle, the thread alone never keeps the process running.
      if (this.waiting.size === 0) thread.unref();
    });
    // A failed thread takes no more reads; what it held fails, and the next read starts another.
    thread.on("error", (error) => this.fail(thread, error));
    thread.on("exit", () => this.fail(thread, new Error("the database reader thread stopped")));
    this.thread = thread;
    return thread;
  }

  private fail(thread: Worker, error: Error): void {
    if (this.thread !== thread && this.thread !== undefined) return;
    this.thread = undefined;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}
