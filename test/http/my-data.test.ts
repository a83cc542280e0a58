/**
 * The public "your data" page and its emailed links: the same answer for every address, mail only
 * in the dev mailbox, limits like the signing form, links that show first, act on POST, work once
 * and refuse a tampered token with a clear page.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { agedFormToken, createTestApp, type TestApp } from "../support/app.ts";
import { createAccount, createAction, createOrganization, sign } from "../support/fixtures.ts";

let t: TestApp;
let slug: string;
beforeEach(async () => {
  t = await createTestApp();
  const owner = await createAccount(t.ctx);
  const org = await createOrganization(t.ctx, [{ account: owner, role: "owner" }]);
  slug = (await createAction(t.ctx, org)).slug;
  await sign(
    t.ctx,
    slug,
    [{ name: "Known Signer", email: "known.signer@example.org", postalCode: "94110" }],
    true,
  );
});
afterEach(async () => {
  await t.close();
});

let address = 1;
function ask(fields: Record<string, string>, remoteAddress = `198.51.100.${address++ % 250}`, locale = "en") {
  return t.app.inject({
    method: "POST",
    url: `/${locale}/my-data`,
    remoteAddress,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({ ts: agedFormToken(t.ctx), ...fields }).toString(),
  });
}

async function mailsTo(email: string) {
  await t.ctx.worker.drain();
  return t.ctx.devMailbox!.list(500).filter((m) => m.to === email && m.subject === "Your data at Juntos");
}

async function linkPaths(email: string): Promise<string[]> {
  const [mail] = await mailsTo(email);
  return [...(mail?.text ?? "").matchAll(/http:\/\/juntos\.test(\/en\/my-data\/link\/[\w-]+)/g)].map(
    (m) => m[1]!,
  );
}

describe("asking for one's data", () => {
  it("shows the form without a script, in both languages", async () => {
    for (const locale of ["en", "es"]) {
      const page = await t.app.inject(`/${locale}/my-data`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`<form method="post" action="/${locale}/my-data#my-data-errors"`);
      expect(page.body).toContain('name="ts"');
      expect(page.body).not.toContain("<script");
    }
  });

  it("answers a known and an unknown address alike, and only the mail tells them apart", async () => {
    const known = await ask({ email: "known.signer@example.org" });
    const unknown = await ask({ email: "never.signed@example.org" });
    for (const response of [known, unknown]) {
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe("/en/my-data/sent");
      expect(response.body).toBe("");
    }
    const sent = await t.app.inject("/en/my-data/sent");
    expect(sent.body).toContain("Check your email");

    const [knownMail] = await mailsTo("known.signer@example.org");
    expect(knownMail?.subject).toBe("Your data at Juntos");
    expect(knownMail?.text).toContain("Remove your signature on “Fund the day labor center”");
    expect(await linkPaths("known.signer@example.org")).toHaveLength(3);
    const [unknownMail] = await mailsTo("never.signed@example.org");
    expect(unknownMail?.text).toContain("Juntos holds nothing under this address");
    expect(unknownMail?.text).not.toContain("/my-data/link/");
  });

  it("sends nothing for a filled honeypot, refuses a missing form token, re-renders a bad address", async () => {
    const trap = await ask({ email: "known.signer@example.org", url: "http://spam.example" });
    expect(trap.statusCode).toBe(303);
    expect(await mailsTo("known.signer@example.org")).toHaveLength(0);

    const noToken = await ask({ email: "known.signer@example.org", ts: "" });
    expect(noToken.statusCode).toBe(400);
    expect(noToken.body).toContain('role="alert"');

    const bad = await ask({ email: "not an address" });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('href="#my-data-email"');
    expect(bad.body).toContain('value="not an address"');
    expect(await mailsTo("known.signer@example.org")).toHaveLength(0);
  });

  it("limits requests per network like the signing form", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await ask({ email: `n${i}@example.org` }, "203.0.113.9")).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 303)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});

describe("the emailed links", () => {
  it("show a button on GET and act on POST, once; a tampered link gets a clear page", async () => {
    await ask({ email: "known.signer@example.org" });
    const [removeSignature, , download] = await linkPaths("known.signer@example.org");

    const page = await t.app.inject(removeSignature!);
    expect(page.statusCode).toBe(200);
    expect(page.headers["cache-control"]).toBe("no-store");
    expect(page.body).toContain("Remove your signature?");
    expect(page.body).toContain(`<form method="post" action="${removeSignature}">`);
    expect((await t.app.inject(`/en/a/${slug}`)).body).toContain("1 person has signed");

    const data = await t.app.inject({ method: "POST", url: download! });
    expect(data.statusCode).toBe(200);
    expect(data.headers["content-disposition"]).toContain("attachment");
    expect(JSON.parse(data.body).person.email).toBe("known.signer@example.org");

    const removed = await t.app.inject({ method: "POST", url: removeSignature! });
    expect(removed.statusCode).toBe(200);
    expect(removed.body).toContain("Your signature is removed");
    expect((await t.app.inject(`/en/a/${slug}`)).body).not.toContain("1 person has signed");

    const again = await t.app.inject({ method: "POST", url: removeSignature! });
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain("This link was used or has expired");
    expect(again.body).toContain('href="/en/my-data"');

    const tampered = `${removeSignature!.slice(0, -4)}${removeSignature!.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
    for (const method of ["GET", "POST"] as const) {
      const refused = await t.app.inject({ method, url: tampered });
      expect(refused.statusCode).toBe(404);
      expect(refused.body).toContain("This link does not work");
    }
  });

  it("adds the way to one's data to the signer's confirmation mail", async () => {
    await sign(t.ctx, slug, [{ name: "New Signer", email: "new.signer@example.org" }], false);
    await t.ctx.worker.drain();
    const mail = t.ctx.devMailbox!.list(500).find((m) => m.to === "new.signer@example.org");
    expect(mail?.text).toContain("http://juntos.test/en/my-data");
    expect(mail?.html).toContain('href="http://juntos.test/en/my-data"');
  });
});

describe("over SMTP", () => {
  it("the links go out as mail, never in the page", async () => {
    const { startSmtp } = await import("../support/smtp-server.ts");
    const server = await startSmtp();
    const smtpApp = await createTestApp({ SMTP_URL: server.url });
    try {
      const owner = await createAccount(smtpApp.ctx);
      const org = await createOrganization(smtpApp.ctx, [{ account: owner, role: "owner" }]);
      const action = await createAction(smtpApp.ctx, org);
      await sign(smtpApp.ctx, action.slug, [{ name: "Mailed Signer", email: "mailed@example.org" }], true);
      await smtpApp.ctx.worker.drain();
      const response = await smtpApp.app.inject({
        method: "POST",
        url: "/es/my-data",
        remoteAddress: "192.0.2.77",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({
          ts: agedFormToken(smtpApp.ctx),
          email: "mailed@example.org",
        }).toString(),
      });
      expect(response.statusCode).toBe(303);
      expect(response.body).not.toContain("/my-data/link/");
      await smtpApp.ctx.worker.drain();
      const mail = server.received.find((m) => m.subject === "Sus datos en Juntos");
      expect(mail?.text).toMatch(/http:\/\/juntos\.test\/es\/my-data\/link\/\d+-[\w-]{32}/);
      expect(smtpApp.ctx.devMailbox).toBeNull();
    } finally {
      await smtpApp.close();
      await server.close();
    }
  });
});
