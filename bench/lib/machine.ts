/**
 * How long the disk takes to make a small write durable. The sign ratio compares CPU per
 * signature (ours, batched) with an fsync per request (the bare insert), so it moves with this
 * figure and the CPU's speed from one machine to the next: both are printed with the results.
 */
import { closeSync, fdatasyncSync, openSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";

export function fsyncMicros(dir: string, writes = 200): number {
  const file = join(dir, "fsync-probe");
  const fd = openSync(file, "w");
  const page = Buffer.alloc(4096, 1);
  const times: number[] = [];
  try {
    for (let i = 0; i < writes; i++) {
      const start = process.hrtime.bigint();
      writeSync(fd, page, 0, page.length, i * page.length);
      fdatasyncSync(fd);
      times.push(Number(process.hrtime.bigint() - start) / 1000);
    }
  } finally {
    closeSync(fd);
    rmSync(file);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]!);
}
