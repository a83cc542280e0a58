import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestApp, type TestApp } from "../support/app.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

describe("an unexpected failure", () => {
  it("answers a localized 500 page without details and logs the error without the query string", async () => {
    const logged = vi.spyOn(t.ctx.log, "error").mockImplementation(() => undefined);
    // A failure no error mapping knows, as when the database breaks under the app.
    vi.spyOn(t.ctx.actions, "listPublic").mockRejectedValue(new Error("database is locked"));
    const response = await t.app.inject({ method: "GET", url: "/es/?email=ana%40example.org" });
    expect(response.statusCode).toBe(500);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(response.body).toContain('lang="es"');
    expect(response.body).not.toContain("database is locked");
    expect(logged).toHaveBeenCalledTimes(1);
    const [fields, message] = logged.mock.calls[0] as unknown as [{ err: Error; url: string }, string];
    expect(message).toBe("unhandled error");
    expect(fields.err.message).toBe("database is locked");
    expect(fields.url).toBe("/es/");
  });
});
