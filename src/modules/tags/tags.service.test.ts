import { describe, expect, it } from "vitest";
import { eachTestContext, type TestContext } from "../../../test/support/app.ts";
import { insertContact } from "../../../test/support/contacts.ts";
import { createOrganization } from "../../../test/support/fixtures.ts";
import { nowIso } from "../../db/database.ts";
import { TaggedPersonNotFoundError, TagNameInvalidError, TagNotFoundError } from "./tags.errors.ts";

let ctx: TestContext;
eachTestContext((fresh) => {
  ctx = fresh;
});

const firstPage = { page: 1, perPage: 25, after: null };

async function tagNamesOf(organizationId: number, contactId: number): Promise<string[]> {
  const { items } = await ctx.tags.contactTaggings(organizationId, contactId, firstPage, undefined);
  return Promise.all(items.map(async (t) => (await ctx.tags.tag(organizationId, t.tagId)).name));
}

describe("TagsService.create", () => {
  it("makes a tag once per name whatever its case, keeping the first spelling", async () => {
    const org = await createOrganization(ctx);
    const made = await ctx.tags.create(org.id, { name: "  Transit  Riders ", description: " Route 9 " });
    expect(made.created).toBe(true);
    expect(made.tag).toMatchObject({ name: "Transit Riders", description: "Route 9" });
    const again = await ctx.tags.create(org.id, { name: "TRANSIT riders", description: "other" });
    expect(again).toEqual({ tag: made.tag, created: false });
    const accented = await ctx.tags.create(org.id, { name: "Éxito" });
    expect((await ctx.tags.create(org.id, { name: "éxito" })).tag.id).toBe(accented.tag.id);
    expect((await ctx.tags.create(org.id, { name: "Exito" })).created).toBe(true);
  });

  it("keeps organizations' tags apart: the same name is another tag elsewhere", async () => {
    const mine = await createOrganization(ctx);
    const theirs = await createOrganization(ctx);
    const a = await ctx.tags.create(mine.id, { name: "volunteer" });
    const b = await ctx.tags.create(theirs.id, { name: "volunteer" });
    expect(b.created).toBe(true);
    expect(b.tag.id).not.toBe(a.tag.id);
    await expect(ctx.tags.tag(theirs.id, a.tag.id)).rejects.toBeInstanceOf(TagNotFoundError);
  });

  it("gives two writers of one new name the same tag", async () => {
    const org = await createOrganization(ctx);
    const [a, b] = await Promise.all([
      ctx.tags.create(org.id, { name: "rally" }),
      ctx.tags.create(org.id, { name: "rally" }),
    ]);
    expect(a.tag.id).toBe(b.tag.id);
    expect((await ctx.tags.tags(org.id, firstPage, undefined)).totalRecords).toBe(1);
  });

  it("refuses a name that is empty or too long", async () => {
    const org = await createOrganization(ctx);
    await expect(ctx.tags.create(org.id, { name: "  " })).rejects.toBeInstanceOf(TagNameInvalidError);
    await expect(ctx.tags.create(org.id, { name: "x".repeat(81) })).rejects.toBeInstanceOf(
      TagNameInvalidError,
    );
  });
});

describe("TagsService.apply", () => {
  it("adds tags by name (making missing ones) and removes others, idempotently", async () => {
    const org = await createOrganization(ctx);
    const contact = await insertContact(ctx, org.id);
    const existing = await ctx.tags.create(org.id, { name: "Volunteer" });
    await ctx.database.db
      .transaction()
      .execute((trx) =>
        ctx.tags.apply(trx, org.id, contact, ["volunteer", "transit", "Transit"], [], nowIso()),
      );
    expect(await tagNamesOf(org.id, contact)).toEqual(["Volunteer", "transit"]);
    expect((await ctx.tags.tags(org.id, firstPage, undefined)).totalRecords).toBe(2);
    expect((await ctx.tags.taggings(org.id, existing.tag.id, firstPage, undefined)).totalRecords).toBe(1);

    await ctx.tags.apply(
      ctx.database.db,
      org.id,
      contact,
      ["transit", "housing"],
      ["VOLUNTEER", "unknown"],
      nowIso(),
    );
    expect(await tagNamesOf(org.id, contact)).toEqual(["transit", "housing"]);
    // Removing a name no tag has makes no tag.
    expect((await ctx.tags.tags(org.id, firstPage, undefined)).items.map((t) => t.name)).toEqual([
      "Volunteer",
      "transit",
      "housing",
    ]);
  });

  it("adds a name it is told both to add and to remove", async () => {
    const org = await createOrganization(ctx);
    const contact = await insertContact(ctx, org.id);
    await ctx.tags.apply(ctx.database.db, org.id, contact, ["rally"], ["Rally"], nowIso());
    expect(await tagNamesOf(org.id, contact)).toEqual(["rally"]);
  });

  it("commits and rolls back with the caller's transaction", async () => {
    const org = await createOrganization(ctx);
    const contact = await insertContact(ctx, org.id);
    await expect(
      ctx.database.db.transaction().execute(async (trx) => {
        await ctx.tags.apply(trx, org.id, contact, ["rolled back"], [], nowIso());
        throw new Error("the caller fails");
      }),
    ).rejects.toThrow("the caller fails");
    expect((await ctx.tags.tags(org.id, firstPage, undefined)).totalRecords).toBe(0);
    expect(await tagNamesOf(org.id, contact)).toEqual([]);
  });

  it("refuses an invalid name before writing anything", async () => {
    const org = await createOrganization(ctx);
    const contact = await insertContact(ctx, org.id);
    await expect(
      ctx.tags.apply(ctx.database.db, org.id, contact, ["fine", ""], [], nowIso()),
    ).rejects.toBeInstanceOf(TagNameInvalidError);
    expect((await ctx.tags.tags(org.id, firstPage, undefined)).totalRecords).toBe(0);
  });
});

describe("TagsService taggings", () => {
  it("tags only the organization's own contacts, and a second time answers the first tagging", async () => {
    const org = await createOrganization(ctx);
    const other = await createOrganization(ctx);
    const { tag } = await ctx.tags.create(org.id, { name: "volunteer" });
    const contact = await insertContact(ctx, org.id);
    const stranger = await insertContact(ctx, other.id);
    const first = await ctx.tags.tagContact(org.id, tag.id, contact);
    expect(first.created).toBe(true);
    expect(await ctx.tags.tagContact(org.id, tag.id, contact)).toEqual({
      tagging: first.tagging,
      created: false,
    });
    await expect(ctx.tags.tagContact(org.id, tag.id, stranger)).rejects.toBeInstanceOf(
      TaggedPersonNotFoundError,
    );
    await expect(ctx.tags.contactTaggings(org.id, stranger, firstPage, undefined)).rejects.toBeInstanceOf(
      TaggedPersonNotFoundError,
    );
  });

  it("pages a tag's taggings by seek and by skip alike", async () => {
    const org = await createOrganization(ctx);
    const { tag } = await ctx.tags.create(org.id, { name: "volunteer" });
    const contacts = [];
    for (let i = 0; i < 5; i++) contacts.push(await insertContact(ctx, org.id));
    for (const contact of contacts) await ctx.tags.tagContact(org.id, tag.id, contact);
    const first = await ctx.tags.taggings(org.id, tag.id, { page: 1, perPage: 2, after: null }, undefined);
    expect(first).toMatchObject({ totalRecords: 5, totalPages: 3 });
    expect(first.items.map((t) => t.contactId)).toEqual(contacts.slice(0, 2));
    const bySeek = await ctx.tags.taggings(
      org.id,
      tag.id,
      { page: 2, perPage: 2, after: first.nextAfter },
      undefined,
    );
    const bySkip = await ctx.tags.taggings(org.id, tag.id, { page: 2, perPage: 2, after: null }, undefined);
    expect(bySeek.items).toEqual(bySkip.items);
    expect(bySkip.items.map((t) => t.contactId)).toEqual(contacts.slice(2, 4));
    const past = await ctx.tags.taggings(org.id, tag.id, { page: 9, perPage: 2, after: null }, undefined);
    expect(past.items).toEqual([]);
  });
});
