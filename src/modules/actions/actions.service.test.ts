import { describe, expect, it } from "vitest";
import { eachTestContext, type TestContext } from "../../../test/support/app.ts";
import { insertActionRows } from "../../../test/support/fixtures.ts";
import type { Db } from "../../db/database.ts";
import { confirmationToken } from "../signatures/signatures.ts";
import { ActionRowCache } from "./action-rows.ts";
import { ActionNotFoundError } from "./actions.errors.ts";
import * as repo from "./actions.repository.ts";
import { ActionsService } from "./actions.service.ts";

let ctx: TestContext;
let db: Db;
eachTestContext((fresh) => {
  ctx = fresh;
  db = fresh.database.db;
});

const later = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

describe("ActionsService.getPublicPage", () => {
  it("serves cached content until updated_at changes, and live counts and status always", async () => {
    const service = new ActionsService(db, new ActionRowCache(db, { ttlMs: 0 }));
    const action = await insertActionRows(db, { title: "Old title" });
    const first = await service.getPublicPage(action.slug, "en");
    expect(first.text.title).toBe("Old title");

    const edited = { ...first.text, title: "New title" };
    await repo.upsertActionText(db, action.id, "en", edited);
    await repo.addToSignatureCount(db, action.id, 3);
    const cached = await service.getPublicPage(action.slug, "en");
    expect(cached.text.title).toBe("Old title");
    expect(cached.signatureCount).toBe(3);

    await repo.changeLifecycle(
      db,
      action.id,
      { status: "published", archived: false },
      { status: "closed", archived: false },
      later(1),
    );
    const refreshed = await service.getPublicPage(action.slug, "en");
    expect(refreshed.text.title).toBe("New title");
    expect(refreshed.status).toBe("closed");
    expect(refreshed.version).not.toBe(first.version);
  });

  it("shows a renamed sponsor or co-sponsor, though the action itself did not change", async () => {
    const service = new ActionsService(db, new ActionRowCache(db, { ttlMs: 0 }));
    const action = await insertActionRows(db, { cosponsors: ["Old Cosponsor"] });
    expect((await service.getPublicPage(action.slug, "en")).sponsor.name).toBe(action.sponsor.name);
    await db
      .updateTable("organizations")
      .set({ name: "New Sponsor" })
      .where("id", "=", action.sponsor.id)
      .execute();
    await db
      .updateTable("organizations")
      .set({ name: "New Cosponsor" })
      .where("name", "=", "Old Cosponsor")
      .execute();
    const page = await service.getPublicPage(action.slug, "en");
    expect(page.sponsor.name).toBe("New Sponsor");
    expect(page.cosponsors.map((org) => org.name)).toEqual(["New Cosponsor"]);
  });

  it("caches each language separately", async () => {
    const service = new ActionsService(db, new ActionRowCache(db, { ttlMs: 0 }));
    const action = await insertActionRows(db, { title: "Title" });
    expect((await service.getPublicPage(action.slug, "en")).text.title).toBe("Title");
    expect((await service.getPublicPage(action.slug, "es")).text.title).toBe("ES Title");
    expect((await service.getPublicPage(action.slug, "es")).locale).toBe("es");
  });

  it("falls back to English text and targets when a translation is missing", async () => {
    const service = new ActionsService(db, new ActionRowCache(db, { ttlMs: 0 }));
    const action = await insertActionRows(db, { title: "Only English" });
    await db.deleteFrom("action_texts").where("locale", "=", "es").execute();
    await db.deleteFrom("action_targets").where("locale", "=", "es").execute();
    const page = await service.getPublicPage(action.slug, "es");
    expect(page.text.title).toBe("Only English");
    expect(page.targets).toEqual([{ name: "Ada Lovelace", title: "Secretary" }]);
  });

  it("fills each field left empty in a translation from the English, on the page and the home list", async () => {
    const service = new ActionsService(db, new ActionRowCache(db, { ttlMs: 0 }));
    const action = await insertActionRows(db, { title: "English title" });
    await repo.upsertActionText(db, action.id, "es", {
      title: "Título en español",
      summary: "",
      description: "",
      letterText: "",
    });
    const page = await service.getPublicPage(action.slug, "es");
    expect(page.text).toEqual({
      title: "Título en español",
      summary: "A short summary.",
      description: "Why it **matters**.",
      letterText: "Dear decision maker, please act.",
    });
    const [listed] = await service.listPublic("es");
    expect([listed?.title, listed?.summary]).toEqual(["Título en español", "A short summary."]);
  });

  it("sorts co-sponsors alphabetically in the page's language", async () => {
    const service = new ActionsService(db, new ActionRowCache(db, { ttlMs: 0 }));
    const action = await insertActionRows(db, {
      cosponsors: ["Zeta Union", "alpha Center", "Ñandú Coop", "Nube Co"],
    });
    const names = (await service.getPublicPage(action.slug, "es")).cosponsors.map((org) => org.name);
    expect(names).toEqual(["alpha Center", "Nube Co", "Ñandú Coop", "Zeta Union"]);
  });

  it("hides drafts and unknown slugs", async () => {
    const service = new ActionsService(db, new ActionRowCache(db, { ttlMs: 0 }));
    const draft = await insertActionRows(db, { status: "draft" });
    await expect(service.getPublicPage(draft.slug, "en")).rejects.toBeInstanceOf(ActionNotFoundError);
    await expect(service.getPublicPage("no-such-action", "en")).rejects.toBeInstanceOf(ActionNotFoundError);
  });
});

describe("ActionsService.followExternalLink", () => {
  it("counts a click on an external action and returns its address", async () => {
    const service = new ActionsService(db, new ActionRowCache(db, { ttlMs: 0 }));
    const action = await insertActionRows(db, { type: "external", externalUrl: "https://example.org/act" });
    expect(await service.followExternalLink(action.slug)).toBe("https://example.org/act");
    expect(await service.followExternalLink(action.slug)).toBe("https://example.org/act");
    const row = await db
      .selectFrom("actions")
      .select("external_clicks")
      .where("id", "=", action.id)
      .executeTakeFirstOrThrow();
    expect(row.external_clicks).toBe(2);
  });

  it("refuses petitions and drafts", async () => {
    const service = new ActionsService(db, new ActionRowCache(db, { ttlMs: 0 }));
    const petition = await insertActionRows(db);
    const draft = await insertActionRows(db, {
      status: "draft",
      type: "external",
      externalUrl: "https://example.org",
    });
    await expect(service.followExternalLink(petition.slug)).rejects.toBeInstanceOf(ActionNotFoundError);
    await expect(service.followExternalLink(draft.slug)).rejects.toBeInstanceOf(ActionNotFoundError);
  });
});

describe("the signature counter", () => {
  it("equals a full recount after confirmations, repeats and a pending signature", async () => {
    const action = await insertActionRows(db);
    const signer = (n: number) => ({
      name: `Signer ${n}`,
      email: `signer${n}@example.org`,
      emailCanonical: `signer${n}@example.org`,
      postalCode: "94110",
      comment: null,
      consentSponsor: false,
      source: null,
      referrerOrganizationId: null,
      website: null,
      consentReferrer: false,
      locale: "en" as const,
    });
    for (let n = 1; n <= 4; n++) await ctx.signatures.sign(action.slug, signer(n));
    await ctx.signatures.sign(action.slug, signer(1));
    const ids = await db
      .selectFrom("signatures")
      .select("id")
      .where("action_id", "=", action.id)
      .orderBy("id")
      .execute();
    expect(ids).toHaveLength(4);
    await Promise.all(
      ids.slice(0, 3).map(({ id }) => ctx.signatures.confirm(confirmationToken(ctx.config.secret, id))),
    );
    await ctx.signatures.confirm(confirmationToken(ctx.config.secret, ids[0]!.id));

    const cached = (await repo.findActionById(db, action.id))!.signature_count;
    expect(cached).toBe(3);
    expect(await repo.recountSignatures(db, action.id)).toBe(cached);
  });

  it("is repaired by a recount when it has drifted", async () => {
    const action = await insertActionRows(db);
    await repo.addToSignatureCount(db, action.id, 99);
    expect(await repo.recountSignatures(db, action.id)).toBe(0);
    expect((await repo.findActionById(db, action.id))!.signature_count).toBe(0);
  });
});

describe("listPublic", () => {
  it("lists published and closed actions newest first, each once, in the asked language", async () => {
    const service = new ActionsService(db, new ActionRowCache(db, { ttlMs: 0 }));
    const older = await insertActionRows(db, { title: "Older" });
    const newer = await insertActionRows(db, { title: "Newer", status: "closed" });
    await insertActionRows(db, { title: "Draft", status: "draft" });
    await db.updateTable("actions").set({ action_date: "2011-01-01" }).where("id", "=", newer.id).execute();
    const list = await service.listPublic("es");
    expect(list.map((a) => a.title)).toEqual(["ES Newer", "ES Older"]);
    expect(list[1]).toEqual({
      slug: older.slug,
      type: "petition",
      status: "published",
      actionDate: "2010-10-15",
      signatureCount: 0,
      title: "ES Older",
      summary: "Un resumen breve.",
      sponsorName: older.sponsor.name,
    });
  });
});
