/**
 * Domain code stays free of the web: nothing under src/modules imports views, HTTP code or
 * Fastify (tests beside the code may render a view to check it).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL(".", import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mjs)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe("src/modules", () => {
  it("imports no views, no HTTP code and no Fastify", () => {
    const offending = sourceFiles(root).flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)]
        .map((match) => match[1]!)
        .filter((target) => /(^|\/)(views|http)\/|^fastify$|^@fastify\//.test(target))
        .map((target) => `${file.slice(root.length)} imports ${target}`),
    );
    expect(offending).toEqual([]);
  });
});
