/**
 * SQLite copies its write-ahead log back into the database file (a checkpoint) inside whichever
 * commit pushes the log past 1,000 pages: several milliseconds of writes and an fsync, during
 * which the event loop answers nobody. Here a worker thread with its own connection checkpoints
 * every `intervalMs` instead, and the app's connection never does. PASSIVE checkpoints neither
 * wait for nor block the app's reads and writes.
 *
 * If the thread fails, the app's connection goes back to checkpointing itself.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type SQLite from "better-sqlite3";

/** SQLite's own default, restored if the checkpoint thread stops working. */
const defaultAutoCheckpointPages = 1000;

// CommonJS run by the worker thread; the module path comes from here so it resolves the same.
const workerSource = `
const { workerData, parentPort } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
const timer = setInterval(() => db.pragma("wal_checkpoint(PASSIVE)"), workerData.intervalMs);
parentPort.on("message", () => {
  clearInterval(timer);
  db.pragma("wal_checkpoint(PASSIVE)");
  db.close();
  parentPort.close();
});
`;

export class SqliteCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  constructor(
    sqlite: SQLite.Database,
    file: string,
    options: { intervalMs?: number; onError?: (error: Error) => void } = {},
  ) {
    sqlite.pragma("wal_autocheckpoint = 0");
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    this.worker = new Worker(workerSource, {
      eval: true,
      workerData: { driver, file, intervalMs: options.intervalMs ?? 100 },
    });
    this.worker.on("error", (error) => {
      if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${defaultAutoCheckpointPages}`);
      options.onError?.(error);
    });
    this.exited = new Promise((resolve) => this.worker.once("exit", () => resolve()));
    // The thread alone never keeps the process running.
    this.worker.unref();
  }

  /** Checkpoints once more and stops the thread. */
  async stop(): Promise<void> {
    this.worker.ref();
    this.worker.postMessage("stop");
    await this.exited;
  }
}
