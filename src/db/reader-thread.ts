/**
 * Runs inside the reader thread (see reader.ts): a read-only connection to the app's SQLite file
 * that runs the queries compiled on the main thread, one at a time in the order asked, and
 * formats keyset pages with the PageFormat the request names.
 */
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import SQLite from "better-sqlite3";
import type { FromReaderThread, PageFormat, ToReaderThread } from "./reader.ts";

const port = parentPort!;
// Below the event loop's priority: on a machine short of cores, an export waits for the public
// pages rather than they for it. Linux gives each thread its own nice value (pid 0 is this
// thread); elsewhere the call would lower the whole process, so it is made on Linux only.
if (process.platform === "linux") setPriority(10);
const sqlite = new SQLite((workerData as { file: string }).file, { readonly: true, fileMustExist: true });
// As the app's connection waits for the CLI: a reader is refused only while the log is being
// recovered or restarted, for moments.
sqlite.pragma("busy_timeout = 5000");

/**
 * A statement prepared once per SQL text, as the app's connection does (database.ts), read in raw
 * mode (an array per row) and made into objects here: better-sqlite3 sets each property of an
 * object row through V8's API, which took twice as long as the query itself on an export.
 */
interface Prepared {
  statement: SQLite.Statement;
  row: (values: unknown[]) => Record<string, unknown>;
}
const statements = new Map<string, Prepared>();
function prepared(sql: string): Prepared {
  let found = statements.get(sql);
  if (!found) {
    if (statements.size >= 200) statements.clear();
    const statement = sqlite.prepare(sql).raw(true);
    const names = statement.columns().map((column) => column.name);
    // An object literal with the query's column names (JSON-quoted), as better-sqlite3 would
    // name them: V8 builds it in one step, with one shape for every row.
    const row = new Function(
      "values",
      `return { ${names.map((name, i) => `${JSON.stringify(name)}: values[${i}]`).join(", ")} };`,
    ) as Prepared["row"];
    found = { statement, row };
    statements.set(sql, found);
  }
  return found;
}

async function formatOf(module: string, name: string): Promise<PageFormat<unknown, unknown, unknown>> {
  const format = ((await import(module)) as Record<string, unknown>)[name] as
    | PageFormat<unknown, unknown, unknown>
    | undefined;
  if (format?.module !== module || typeof format.make !== "function")
    throw new Error(`${module} has no page format ${name}`);
  return format;
}

async function answer(request: Exclude<ToReaderThread, { close: true }>): Promise<FromReaderThread> {
  const { id } = request;
  try {
    // Imported before the query runs, so the page is read as late as possible.
    const format = "format" in request ? await formatOf(request.format.module, request.format.name) : null;
    const { statement, row } = prepared(request.sql);
    const rows = (statement.all(request.parameters as unknown[]) as unknown[][]).map(row);
    if (format === null || !("format" in request)) return { id, rows };
    const value = format.make(request.format.options)(rows);
    const lastId = rows.length === 0 ? null : Number(rows[rows.length - 1]!.id);
    return { id, page: { rows: rows.length, lastId, value } };
  } catch (error) {
    const { name, message, code } = error as { name?: string; message?: string; code?: unknown };
    return { id, error: { name: name ?? "Error", message: message ?? String(error), code } };
  }
}

// One request at a time, in order (the import of a format is the only wait): a close asked after
// a read comes after its answer.
let turn = Promise.resolve();
port.on("message", (request: ToReaderThread) => {
  turn = turn.then(async () => {
    if ("close" in request) {
      sqlite.close();
      port.close();
      return;
    }
    port.postMessage(await answer(request));
  });
});
