import { describe, expect, it } from "vitest";
import { eachTestContext, type TestContext } from "../../../test/support/app.ts";
import { demoFacts } from "../../demo/demo-action.ts";
import { ActionRowCache } from "./action-rows.ts";
import * as repo from "./actions.repository.ts";
import { ActionsService } from "./actions.service.ts";
import { loadDemoAction } from "./demo.ts";

let ctx: TestContext;
eachTestContext((fresh) => {
  ctx = fresh;
});

describe("loadDemoAction", () => {
  it("loads the model action once, in English and Spanish, with its 32 co-sponsors", async () => {
    const { db } = ctx.database;
    expect(await loadDemoAction(db)).toBe(true);
    expect(await loadDemoAction(db)).toBe(false);
    expect(await repo.countActions(db)).toBe(1);

    const service = new ActionsService(db, new ActionRowCache(db, { ttlMs: 0 }));
    const en = await service.getPublicPage("optoutnow", "en");
    const es = await service.getPublicPage("optoutnow", "es");
    expect(en).toMatchObject({
      type: "petition",
      status: "published",
      actionDate: "2010-10-15",
      sponsor: { name: "National Day Laborer Organizing Network", shortName: "NDLON" },
      targets: [{ name: "Janet Napolitano", title: "Secretary of Homeland Security" }],
    });
    expect(en.text.title).toBe("Let counties opt out of Secure Communities");
    expect(es.text.title).toBe("Que los condados puedan salir de Comunidades Seguras");
    expect(es.targets).toEqual([{ name: "Janet Napolitano", title: "Secretaria de Seguridad Nacional" }]);
    expect(en.cosponsors).toHaveLength(32);
    expect(new Set(en.cosponsors.map((org) => org.name))).toEqual(new Set(demoFacts.cosponsors));
    // The alert lists its sponsor among the co-sponsors; both point at one organization row.
    const organizations = await db.selectFrom("organizations").select("name").execute();
    expect(organizations).toHaveLength(32);
  });

  it("does nothing on a database that already has an action", async () => {
    const { db } = ctx.database;
    const now = new Date().toISOString();
    const org = await db
      .insertInto("organizations")
      .values({ slug: "someone", name: "Someone", created_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await repo.insertAction(db, {
      slug: "existing",
      sponsorOrganizationId: org.id,
      type: "petition",
      status: "draft",
      actionDate: "2024-01-01",
      goal: 10,
      externalUrl: null,
      now,
    });
    expect(await loadDemoAction(db)).toBe(false);
    expect(await repo.findActionBySlug(db, "optoutnow")).toBeUndefined();
  });
});
