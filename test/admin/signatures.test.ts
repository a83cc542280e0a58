/** Organizers and signatures: the list, invalidation, the dashboard and the CSV export with its audit trail. */
import { gunzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setMembership } from "../../src/modules/organizations/organizations.repository.ts";
import { confirmationToken } from "../../src/modules/signatures/signatures.ts";
import { createTestApp, type TestApp } from "../support/app.ts";
import { type Browser, signIn } from "../support/browser-session.ts";
import {
  createAccount,
  createAction,
  createOrganization,
  insertBulkSignatures,
  type Signer,
  sign,
  type TestAccount,
  type TestOrganization,
} from "../support/fixtures.ts";

let t: TestApp;
let org: TestOrganization;
let organizer: TestAccount;
let browser: Browser;
beforeEach(async () => {
  t = await createTestApp();
  organizer = await createAccount(t.ctx, { name: "Oscar Organizer" });
  org = await createOrganization(t.ctx, [{ account: organizer, role: "organizer" }]);
  browser = await signIn(t.app, organizer.email, organizer.password);
});
afterEach(async () => {
  await t.close();
});

const pad = (n: number) => String(n).padStart(3, "0");
/** Signer 001 … Signer 060; odd numbers in postal code 10001, even in 94110. */
const signers = (from: number, to: number): Signer[] =>
  Array.from({ length: to - from + 1 }, (_, i) => {
    const n = from + i;
    return {
      name: `Signer ${pad(n)}`,
      email: `signer${pad(n)}@example.org`,
      postalCode: n % 2 ? "10001" : "94110",
    };
  });

/** Where the pager's link named `label` goes, unescaped; undefined when the page has none. */
function pagerLink(body: string, label: string): string | undefined {
  const nav = /<nav class="pager"[^>]*>([\s\S]*?)<\/nav>/.exec(body)?.[1] ?? "";
  const href = new RegExp(`<a href="([^"]*)">${label}</a>`).exec(nav)?.[1];
  return href?.replaceAll("&amp;", "&");
}

/** The names in the signatures table, in page order. */
function listedNames(body: string): string[] {
  const tbody = /<tbody>([\s\S]*?)<\/tbody>/.exec(body)?.[1] ?? "";
  return [...tbody.matchAll(/<tr><td data-label="Name">([^<]*)<\/td>/g)].map((m) => m[1]!);
}

async function publicCount(slug: string): Promise<string> {
  const page = await t.app.inject(`/en/a/${slug}`);
  return /<p class="count" id="take-action">([^<]*)<\/p>/.exec(page.body)?.[1] ?? "";
}

describe("the signatures list", () => {
  it("pages by 50, newest first, and searches name, email and postal code with a status filter", async () => {
    const action = await createAction(t.ctx, org);
    await sign(t.ctx, action.slug, signers(1, 45), true);
    await sign(t.ctx, action.slug, signers(46, 60), false);
    const base = `/en/admin/o/${org.slug}/actions/${action.id}/signatures`;

    const first = await browser.get(base);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain("60 signatures");
    const names = listedNames(first.body);
    expect(names).toHaveLength(50);
    expect(names[0]).toBe("Signer 060");
    expect(names[49]).toBe("Signer 011");
    expect(first.body).toContain("signer060@example.org");
    expect(first.body).not.toContain(">Newer<");
    const older = pagerLink(first.body, "Older");
    expect(older).toMatch(new RegExp(`^${base}\\?q=&status=&before=\\d+$`));

    const second = await browser.get(older!);
    expect(listedNames(second.body)).toEqual(
      signers(1, 10)
        .map((s) => s.name)
        .reverse(),
    );
    expect(second.body).toContain("60 signatures");
    expect(pagerLink(second.body, "Older")).toBeUndefined();
    const newer = await browser.get(pagerLink(second.body, "Newer")!);
    expect(listedNames(newer.body)).toEqual(names);

    const search = async (query: string) => listedNames((await browser.get(`${base}?${query}`)).body);
    expect(await search("q=signer%20007")).toEqual(["Signer 007"]);
    expect(await search("q=SIGNER012%40EXAMPLE")).toEqual(["Signer 012"]);
    expect(await search("q=10001&status=pending")).toEqual(
      signers(46, 60)
        .filter((_, i) => i % 2 === 1)
        .map((s) => s.name)
        .reverse(),
    );
    expect(await search("status=pending")).toHaveLength(15);
    const confirmed = await browser.get(`${base}?status=confirmed&page=1`);
    expect(confirmed.body).toContain("45 signatures");
    expect(await search("q=nobody-like-this")).toEqual([]);
    // Odd input is read as text or ignored, never an error; a cursor past the end shows the newest.
    expect((await browser.get(`${base}?q=%25_%5C&status=bogus&before=-3`)).statusCode).toBe(200);
    expect(listedNames((await browser.get(`${base}?before=1`)).body)).toEqual(names);
    expect(listedNames((await browser.get(`${base}?after=99999999`)).body)).toEqual(names);
  });

  it("searches for _ and % as the characters themselves on both engines", async () => {
    const action = await createAction(t.ctx, org);
    await sign(
      t.ctx,
      action.slug,
      [
        { name: "Ana María", email: "ana_maria@example.org" },
        { name: "Anabel Mora", email: "anaxmaria@example.org" },
      ],
      true,
    );
    const base = `/en/admin/o/${org.slug}/actions/${action.id}/signatures`;
    const search = async (query: string) => listedNames((await browser.get(`${base}?q=${query}`)).body);
    expect(await search("ana_m")).toEqual(["Ana María"]);
    expect(await search("%25")).toEqual([]);
  });

  it("ignores case and accents in names, emails and postal codes, the same on both engines", async () => {
    const action = await createAction(t.ctx, org);
    await sign(
      t.ctx,
      action.slug,
      [
        { name: "José Ramírez", email: "jose@example.org" },
        { name: "ÑUÑEZ Grande", email: "nunez@example.org" },
        { name: "Jürgen Müller", email: "Juergen.Mueller@Example.ORG", postalCode: "SW1A 1AA" },
        { name: "Zoë 100% Real", email: "zoe_real@example.org" },
        { name: "Zoey Fake", email: "zoexreal@example.org" },
      ],
      true,
    );
    const base = `/en/admin/o/${org.slug}/actions/${action.id}/signatures`;
    const search = async (q: string) =>
      listedNames((await browser.get(`${base}?q=${encodeURIComponent(q)}`)).body);
    expect(await search("ramirez")).toEqual(["José Ramírez"]);
    expect(await search("RAMÍREZ")).toEqual(["José Ramírez"]);
    expect(await search("josé ramirez")).toEqual(["José Ramírez"]);
    expect(await search("nuñez")).toEqual(["ÑUÑEZ Grande"]);
    expect(await search("nunez g")).toEqual(["ÑUÑEZ Grande"]);
    expect(await search("muller")).toEqual(["Jürgen Müller"]);
    expect(await search("MÜLLER")).toEqual(["Jürgen Müller"]);
    expect(await search("juergen.mueller@example.org")).toEqual(["Jürgen Müller"]);
    expect(await search("sw1a 1aa")).toEqual(["Jürgen Müller"]);
    // LIKE's wildcards are the characters themselves.
    expect(await search("100%")).toEqual(["Zoë 100% Real"]);
    expect(await search("zoe_")).toEqual(["Zoë 100% Real"]);
    expect(await search("%")).toEqual(["Zoë 100% Real"]);
    expect(await search("_")).toEqual(["Zoë 100% Real"]);
    expect(await search("zoe")).toEqual(["Zoey Fake", "Zoë 100% Real"]);
    // A term does not run from one field into the next.
    expect(await search("grande nunez")).toEqual([]);
    expect(await search("   ")).toHaveLength(5);
  });

  it("invalidates and restores signatures, and the public count follows", async () => {
    const action = await createAction(t.ctx, org);
    const [confirmedId, otherId] = await sign(t.ctx, action.slug, signers(1, 2), true);
    const [pendingId] = await sign(t.ctx, action.slug, signers(3, 3), false);
    const post = (sid: number, valid: "yes" | "no") =>
      browser.post(`/en/admin/o/${org.slug}/actions/${action.id}/signatures/${sid}`, {
        valid,
        ...(valid === "no" ? { confirm: "yes" } : {}),
      });
    expect(await publicCount(action.slug)).toBe("2 people have signed");

    const invalidated = await post(confirmedId!, "no");
    expect(invalidated.statusCode).toBe(303);
    expect(invalidated.headers.location).toBe(`/en/admin/o/${org.slug}/actions/${action.id}/signatures`);
    expect(await publicCount(action.slug)).toBe("1 person has signed");
    await post(confirmedId!, "no");
    expect(await publicCount(action.slug)).toBe("1 person has signed");
    await post(pendingId!, "no");
    expect(await publicCount(action.slug)).toBe("1 person has signed");
    const list = await browser.get(
      `/en/admin/o/${org.slug}/actions/${action.id}/signatures?status=invalidated`,
    );
    expect(listedNames(list.body)).toEqual(["Signer 003", "Signer 001"]);
    expect(list.body).toContain("Restore");

    await post(confirmedId!, "yes");
    expect(await publicCount(action.slug)).toBe("2 people have signed");
    await post(pendingId!, "yes");
    const statuses = await t.ctx.database.db
      .selectFrom("signatures")
      .select(["id", "status"])
      .where("action_id", "=", action.id)
      .orderBy("id")
      .execute();
    expect(statuses).toEqual([
      { id: confirmedId, status: "confirmed" },
      { id: otherId, status: "confirmed" },
      { id: pendingId, status: "pending" },
    ]);
    expect((await post(999_999, "no")).statusCode).toBe(404);
  });
});

describe("the signatures list at any size", () => {
  /** Bulk Signer <from> … <to>, newest first, as the list shows them. */
  const bulk = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => `Bulk Signer ${to - i}`);

  it("pages newer and older by cursor, unmoved by new signatures, with its filters in every link", async () => {
    const action = await createAction(t.ctx, org);
    await insertBulkSignatures(t.ctx.database.db, action.id, 130);
    const base = `/en/admin/o/${org.slug}/actions/${action.id}/signatures`;
    const first = await browser.get(base);
    expect(listedNames(first.body)).toEqual(bulk(80, 129));
    expect(first.body).toContain("130 signatures");
    const secondLink = pagerLink(first.body, "Older")!;

    // Signatures that arrive meanwhile come before page 1; the older page stays where it was.
    await sign(t.ctx, action.slug, signers(1, 5), true);
    const second = await browser.get(secondLink);
    expect(listedNames(second.body)).toEqual(bulk(30, 79));
    expect(second.body).toContain("135 signatures");
    const third = await browser.get(pagerLink(second.body, "Older")!);
    expect(listedNames(third.body)).toEqual(bulk(0, 29));
    expect(pagerLink(third.body, "Older")).toBeUndefined();
    // Newer from the oldest page is the page before it, exactly.
    const back = await browser.get(pagerLink(third.body, "Newer")!);
    expect(listedNames(back.body)).toEqual(bulk(30, 79));
    const above = await browser.get(pagerLink(back.body, "Newer")!);
    expect(listedNames(above.body)).toEqual(bulk(80, 129));
    // Fewer than a page newer than that: the newest page, whole.
    const top = await browser.get(pagerLink(above.body, "Newer")!);
    expect(listedNames(top.body)).toEqual([
      ...signers(1, 5)
        .map((s) => s.name)
        .reverse(),
      ...bulk(85, 129),
    ]);
    expect(top.body).not.toContain(">Newer<");

    // A status filter pages its own signatures: every third bulk one is pending.
    const confirmed = await browser.get(`${base}?status=confirmed`);
    expect(confirmed.body).toContain("92 signatures");
    const confirmedNames = listedNames(confirmed.body);
    expect(confirmedNames).toHaveLength(50);
    const olderConfirmed = pagerLink(confirmed.body, "Older")!;
    expect(olderConfirmed).toContain("status=confirmed");
    const rest = listedNames((await browser.get(olderConfirmed)).body);
    expect(rest).toHaveLength(42);
    const isPending = (name: string) => name.startsWith("Bulk") && Number(name.split(" ")[2]) % 3 === 2;
    expect([...confirmedNames, ...rest].filter(isPending)).toEqual([]);
    expect(new Set([...confirmedNames, ...rest]).size).toBe(92);
    const pending = await browser.get(`${base}?status=pending`);
    expect(pending.body).toContain("43 signatures");
    expect(listedNames(pending.body).every(isPending)).toBe(true);
  });

  it("looks a whole address up exactly, as its canonical email, within the status filter", async () => {
    const action = await createAction(t.ctx, org);
    await sign(
      t.ctx,
      action.slug,
      [
        { name: "Ana López", email: "Ana.Lopez+petitions@gmail.com" },
        { name: "Banana Lopez", email: "banalopez@gmail.com" },
      ],
      true,
    );
    const base = `/en/admin/o/${org.slug}/actions/${action.id}/signatures`;
    const found = await browser.get(`${base}?q=${encodeURIComponent("analopez@gmail.com")}`);
    // The same person for gmail (dots and +tags ignored); the longer address that contains it is not.
    expect(listedNames(found.body)).toEqual(["Ana López"]);
    expect(found.body).toContain("1 signature");
    expect(found.body).not.toContain('class="pager"');
    expect(listedNames((await browser.get(`${base}?q=ANA.LOPEZ%40GMAIL.COM&status=confirmed`)).body)).toEqual(
      ["Ana López"],
    );
    const filtered = await browser.get(`${base}?q=analopez%40gmail.com&status=pending`);
    expect(listedNames(filtered.body)).toEqual([]);
    expect(filtered.body).toContain("No signatures match");
    // Part of an address is still a text search.
    expect(listedNames((await browser.get(`${base}?q=lopez`)).body)).toEqual(["Banana Lopez", "Ana López"]);
  });

  it("shows the first 50 matches of a text, and goes on below the last one", async () => {
    const action = await createAction(t.ctx, org);
    await sign(t.ctx, action.slug, signers(1, 60), true);
    const base = `/en/admin/o/${org.slug}/actions/${action.id}/signatures`;
    const first = await browser.get(`${base}?q=signer`);
    expect(listedNames(first.body)).toEqual(
      signers(11, 60)
        .map((s) => s.name)
        .reverse(),
    );
    expect(first.body).toContain("50 matches shown");
    expect(first.body).not.toContain("60 signatures");
    const more = await browser.get(pagerLink(first.body, "Search older signatures")!);
    expect(listedNames(more.body)).toEqual(
      signers(1, 10)
        .map((s) => s.name)
        .reverse(),
    );
    expect(more.body).toContain("10 matches shown");
    expect(pagerLink(more.body, "Search older signatures")).toBeUndefined();
    expect(pagerLink(more.body, "Back to the newest matches")).toBe(`${base}?q=signer&status=`);
    const spanish = await browser.get(`/es/admin/o/${org.slug}/actions/${action.id}/signatures?q=signer`);
    expect(spanish.body).toContain("50 coincidencias mostradas");
    expect(spanish.body).toContain("Buscar en firmas más antiguas");
  });
});

describe("the signatures page", () => {
  it("reads a repeated q, status or cursor as its first value instead of failing", async () => {
    const action = await createAction(t.ctx, org);
    await sign(t.ctx, action.slug, signers(1, 3), true);
    const base = `/en/admin/o/${org.slug}/actions/${action.id}/signatures`;
    for (const query of [
      "q=signer%20002&q=signer%20003",
      "status=confirmed&status=pending",
      "before=1&before=2",
    ]) {
      const response = await browser.get(`${base}?${query}`);
      expect(response.statusCode, query).toBe(200);
    }
    expect(listedNames((await browser.get(`${base}?q=signer%20002&q=signer%20003`)).body)).toEqual([
      "Signer 002",
    ]);
  });

  it("asks before invalidating, restores without asking, says what happened and audits both", async () => {
    const action = await createAction(t.ctx, org);
    const [id] = await sign(
      t.ctx,
      action.slug,
      [{ name: "Dolores Huerta", email: "dolores@example.org" }],
      true,
    );
    const base = `/en/admin/o/${org.slug}/actions/${action.id}/signatures`;
    const status = async () =>
      (
        await t.ctx.database.db
          .selectFrom("signatures")
          .select("status")
          .where("id", "=", id!)
          .executeTakeFirstOrThrow()
      ).status;

    const asked = await browser.post(`${base}/${id}`, { valid: "no" });
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain("<h1>Invalidate this signature?</h1>");
    expect(asked.body).toContain("The signature of Dolores Huerta (dolores@example.org) will stop counting");
    expect(asked.body).toContain('<input type="hidden" name="valid" value="no"/>');
    expect(asked.body).toContain('<input type="hidden" name="confirm" value="yes"/>');
    expect(asked.body).toContain(`href="${base}"`);
    expect(await status()).toBe("confirmed");
    expect(await publicCount(action.slug)).toBe("1 person has signed");

    const invalidated = await browser.post(`${base}/${id}`, { valid: "no", confirm: "yes" });
    expect(invalidated.statusCode).toBe(303);
    expect(invalidated.headers.location).toBe(base);
    expect(await status()).toBe("invalidated");
    expect(await publicCount(action.slug)).toBe("0 people have signed");
    const afterInvalidate = await browser.get(base);
    expect(afterInvalidate.body).toContain('<p class="notice" role="status">Signature invalidated.</p>');
    expect((await browser.get(base)).body).not.toContain("Signature invalidated.");

    const restored = await browser.post(`${base}/${id}`, { valid: "yes" });
    expect(restored.statusCode).toBe(303);
    expect(await status()).toBe("confirmed");
    expect(await publicCount(action.slug)).toBe("1 person has signed");
    expect((await browser.get(base)).body).toContain(
      '<p class="notice" role="status">Signature restored.</p>',
    );

    // Restoring what is valid changes nothing, and records nothing.
    await browser.post(`${base}/${id}`, { valid: "yes" });
    const audit = await t.ctx.database.db
      .selectFrom("audit_log")
      .select(["account_id", "organization_id", "event", "subject", "detail"])
      .where("event", "like", "signature.%")
      .orderBy("id")
      .execute();
    const facts = { name: "Dolores Huerta", email: "dolores@example.org", action: action.slug };
    expect(audit.map((row) => ({ ...row, detail: JSON.parse(row.detail) }))).toEqual([
      {
        account_id: organizer.id,
        organization_id: org.id,
        event: "signature.invalidated",
        subject: `signature:${id}:Dolores Huerta`,
        detail: { ...facts, from: "confirmed", to: "invalidated" },
      },
      {
        account_id: organizer.id,
        organization_id: org.id,
        event: "signature.restored",
        subject: `signature:${id}:Dolores Huerta`,
        detail: { ...facts, from: "invalidated", to: "confirmed" },
      },
    ]);
  });

  it("says what to do when nobody has signed, and how to clear a search that matches nothing", async () => {
    const action = await createAction(t.ctx, org);
    const base = `/en/admin/o/${org.slug}/actions/${action.id}/signatures`;
    const empty = await browser.get(base);
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain("No one has signed yet");
    const link = `http://juntos.test/a/${action.slug}`;
    expect(empty.body).toContain(`Share the action's link so people can sign: <a href="${link}">${link}</a>`);
    expect(empty.body).not.toContain("<table");
    const draft = await createAction(t.ctx, org, { status: "draft" });
    expect((await browser.get(`/en/admin/o/${org.slug}/actions/${draft.id}/signatures`)).body).toContain(
      "Publish the action to start collecting signatures",
    );

    await sign(t.ctx, action.slug, signers(1, 1), false);
    const none = await browser.get(`${base}?q=nobody%20%3Cb%3E`);
    expect(none.body).toContain("No signatures match “nobody &lt;b>”.");
    expect(none.body).toContain(`<a href="${base}">Clear the search and show all signatures</a>`);
    expect(none.body).not.toContain("<table");
    const spanish = await browser.get(`/es/admin/o/${org.slug}/actions/${action.id}/signatures?q=nadie`);
    expect(spanish.body).toContain("Ninguna firma coincide con «nadie».");
    expect((await browser.get(`${base}?status=invalidated`)).body).toContain(
      "No signatures have this status.",
    );
  });

  it("shows times in the organization's zone, in a table that stacks on a phone", async () => {
    const action = await createAction(t.ctx, org);
    const [id] = await sign(t.ctx, action.slug, signers(1, 1), false);
    await t.ctx.database.db
      .updateTable("signatures")
      .set({ created_at: "2024-07-04T18:30:00.000Z" })
      .where("id", "=", id!)
      .execute();
    await t.ctx.database.db
      .updateTable("organizations")
      .set({ time_zone: "America/Los_Angeles" })
      .where("id", "=", org.id)
      .execute();
    const page = await browser.get(`/en/admin/o/${org.slug}/actions/${action.id}/signatures`);
    expect(page.body).toContain('<table class="data">');
    expect(page.body).toContain('<td data-label="Signed"><time datetime="2024-07-04T18:30:00.000Z">');
    expect(page.body).toMatch(/Jul 4, 2024, 11:30\sAM PDT<\/time>/);

    const csv = (await browser.get(`/en/admin/o/${org.slug}/actions/${action.id}/signatures.csv`)).body;
    expect(csv.split("\r\n")[1]).toContain(",2024-07-04T18:30:00.000Z,");
  });
});

describe("the action dashboard", () => {
  it("shows confirmed, pending and invalidated counts and a per-day chart with its table", async () => {
    const action = await createAction(t.ctx, org);
    const ids = await sign(t.ctx, action.slug, signers(1, 6), false);
    await sign(t.ctx, action.slug, signers(7, 8), false);
    // Spread the confirmations over three days: 3, 1 and 2 (only the date is faked).
    const days = ["2024-03-01", "2024-03-01", "2024-03-01", "2024-03-02", "2024-03-04", "2024-03-04"];
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      for (const [i, id] of ids.entries()) {
        vi.setSystemTime(new Date(`${days[i]}T12:00:00.000Z`));
        await t.ctx.signatures.confirm(confirmationToken(t.ctx.config.secret, id));
      }
    } finally {
      vi.useRealTimers();
    }
    await browser.post(`/en/admin/o/${org.slug}/actions/${action.id}/signatures/${ids[5]}`, {
      valid: "no",
      confirm: "yes",
    });

    const page = await browser.get(`/en/admin/o/${org.slug}/actions/${action.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<strong>5 people have signed</strong>");
    expect(page.body).toContain("Goal: 500");
    expect(page.body).toContain("2 waiting for email confirmation");
    expect(page.body).toContain("1 invalidated");
    expect(page.body).toContain('<progress max="500" value="5"');

    const svg = /<svg class="chart"[^>]*>([\s\S]*?)<\/svg>/.exec(page.body);
    expect(svg).not.toBeNull();
    expect(page.body).toContain('role="img" aria-labelledby="chart-title"');
    expect(svg![1]).toContain("Confirmed signatures over 3 days");
    const bars = [...svg![1]!.matchAll(/<rect x="([\d.]+)" y="(\d+)" width="([\d.]+)" height="(\d+)"/g)].map(
      (m) => Number(m[4]),
    );
    // The tallest day fills the 160-unit chart; the others are in proportion.
    expect(bars).toEqual([160, 53, 53]);
    const labels = [...svg![1]!.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual(["03-01", "03-02", "03-04"]);
    const table = [
      ...page.body.matchAll(
        /<tr><td data-label="Day">(\d{4}-\d\d-\d\d)<\/td><td data-label="Confirmed">(\d+)<\/td><\/tr>/g,
      ),
    ].map((m) => [m[1], m[2]]);
    expect(table).toEqual([
      ["2024-03-01", "3"],
      ["2024-03-02", "1"],
      ["2024-03-04", "1"],
    ]);
  });
});

describe("the CSV export", () => {
  async function exportCsv(locale: "en" | "es", actionId: number) {
    return browser.get(`/${locale}/admin/o/${org.slug}/actions/${actionId}/signatures.csv`);
  }

  it("has a header in the page's language, neutralizes formulas, and is written to the audit log", async () => {
    const action = await createAction(t.ctx, org);
    const [a, b] = await sign(
      t.ctx,
      action.slug,
      [
        {
          name: '=HYPERLINK("http://evil.example","click")',
          email: "eve@example.org",
          comment: "+1 555 0100",
          consent: true,
        },
        {
          name: "O'Brien, Pat",
          email: "pat@example.org",
          postalCode: "10001",
          comment: "@SUM(A1)\nsecond line",
          source: "newsletter",
        },
      ],
      true,
    );
    const [c] = await sign(t.ctx, action.slug, [{ name: "-Minus Start", email: "minus@example.org" }], false);
    const stored = await t.ctx.database.db
      .selectFrom("signatures")
      .select(["id", "created_at", "confirmed_at"])
      .where("action_id", "=", action.id)
      .orderBy("id")
      .execute();
    const at = (id: number) => stored.find((s) => s.id === id)!;

    const response = await exportCsv("en", action.id);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(response.headers["content-disposition"]).toBe(
      `attachment; filename="${action.slug}-signatures.csv"`,
    );
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.body).toBe(
      [
        "\uFEFFName,Email,Postal code,Status,Signed,Confirmed,Source,May contact,Comment",
        `"'=HYPERLINK(""http://evil.example"",""click"")",eve@example.org,94110,Confirmed,${at(a!).created_at},${at(a!).confirmed_at},,yes,'+1 555 0100`,
        `"O'Brien, Pat",pat@example.org,10001,Confirmed,${at(b!).created_at},${at(b!).confirmed_at},newsletter,no,"'@SUM(A1)\nsecond line"`,
        `'-Minus Start,minus@example.org,94110,Pending,${at(c!).created_at},,,no,`,
        "",
      ].join("\r\n"),
    );

    const spanish = (await exportCsv("es", action.id)).body.split("\r\n");
    expect(spanish[0]).toBe(
      "\uFEFFNombre,Correo electrónico,Código postal,Estado,Firmó,Confirmó,Origen,Acepta contacto,Comentario",
    );
    expect(spanish[1]).toContain(",Confirmada,");
    expect(spanish[1]).toContain(",sí,");

    const audit = await t.ctx.database.db
      .selectFrom("audit_log")
      .select(["account_id", "organization_id", "event", "subject", "detail"])
      .where("event", "=", "signatures.export")
      .orderBy("id")
      .execute();
    const entry = {
      account_id: organizer.id,
      organization_id: org.id,
      event: "signatures.export",
      subject: `action:${action.id}:${action.slug}`,
      detail: JSON.stringify({ rows: 3, complete: true }),
    };
    expect(audit).toEqual([entry, entry]);

    // Owners read the audit log: who exported what, and how many rows.
    const owner = await createAccount(t.ctx);
    await setMembership(t.ctx.database.db, org.id, owner.id, "owner", new Date().toISOString());
    const auditPage = await (await signIn(t.app, owner.email, owner.password)).get(
      `/en/admin/o/${org.slug}/audit`,
    );
    expect(auditPage.body).toContain(`<td data-label="Who">${organizer.name}</td>`);
    expect(auditPage.body).toContain(`Downloaded 3 signatures of ${action.slug}.`);
    // Filtered to another kind of change, the export is not listed.
    const members = await (await signIn(t.app, owner.email, owner.password)).get(
      `/en/admin/o/${org.slug}/audit?kind=member`,
    );
    expect(members.body).not.toContain("Downloaded");
    expect(members.body).toContain("No changes of this kind yet.");
  });

  it("streams every row once across export batches", async () => {
    const action = await createAction(t.ctx, org);
    await insertBulkSignatures(t.ctx.database.db, action.id, 2_345);
    const response = await exportCsv("en", action.id);
    const lines = response.body.split("\r\n").slice(1, -1);
    expect(lines).toHaveLength(2_345);
    const emails = new Set(lines.map((line) => line.split(",")[1]));
    expect(emails.size).toBe(2_345);
    expect(emails.has(`bulk-${action.id}-0@example.org`)).toBe(true);
    expect(emails.has(`bulk-${action.id}-2344@example.org`)).toBe(true);
    const detail = await t.ctx.database.db
      .selectFrom("audit_log")
      .select("detail")
      .where("event", "=", "signatures.export")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(detail.detail)).toEqual({ rows: 2_345, complete: true });

    // Compressed with gzip even when the browser prefers brotli: its memory per download stays small.
    const compressed = await browser.get(`/en/admin/o/${org.slug}/actions/${action.id}/signatures.csv`, {
      "accept-encoding": "br, gzip",
    });
    expect(compressed.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(compressed.rawPayload).toString("utf8")).toBe(response.body);
  });
});
