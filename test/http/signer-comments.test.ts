/**
 * Signers publishing their signing comment through the real signing form: unticked by default,
 * published only after the signature is confirmed and a moderator approved it, under the first
 * name and city alone, in the signer's language, once per signature.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { OrganizationAccess } from "../../src/modules/organizations/organizations.service.ts";
import { agedFormToken, createTestApp, type TestApp } from "../support/app.ts";
import { ownedAction } from "../support/fixtures.ts";

let t: TestApp;
let slug: string;
let access: OrganizationAccess;

beforeEach(async () => {
  t = await createTestApp();
  ({
    action: { slug },
    access,
  } = await ownedAction(t.ctx));
});
afterEach(async () => {
  await t.close();
});

function sign(fields: Record<string, string>, locale = "en") {
  return t.app.inject({
    method: "POST",
    url: `/${locale}/a/${slug}/sign`,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({
      ts: agedFormToken(t.ctx),
      name: "Ana María López Ruiz",
      email: "ana.lopez@example.org",
      postal_code: "94110",
      ...fields,
    }).toString(),
  });
}

/** Confirms through the emailed link, as the signer would, and runs what the confirmation queued. */
async function confirm(email: string): Promise<void> {
  await t.ctx.worker.drain();
  const mail = (await t.ctx.devMailbox!.list()).find((m) => m.to === email);
  const link = /https?:\/\/\S+\/confirm\/\S+/.exec(mail?.text ?? "")?.[0];
  if (!link) throw new Error(`no confirmation link for ${email}`);
  const confirmed = await t.app.inject({ method: "POST", url: new URL(link).pathname });
  expect(confirmed.statusCode).toBe(303);
  await t.ctx.worker.drain();
}

const comments = () =>
  t.ctx.database.db
    .selectFrom("comments")
    .select(["id", "name", "email", "body", "locale", "status", "signature_id", "stance", "depth"])
    .orderBy("id")
    .execute();

const signature = (email: string) =>
  t.ctx.database.db
    .selectFrom("signatures")
    .innerJoin("people", "people.id", "signatures.person_id")
    .select(["signatures.id", "signatures.publish_comment", "signatures.city"])
    .where("people.email", "=", email)
    .executeTakeFirstOrThrow();

const unescaped: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&quot;": '"', "&amp;": "&" };

/** Every public answer about the action: its page in both languages, other views, and the feed. */
async function publicText(): Promise<string> {
  const paths = [
    `/en/a/${slug}`,
    `/es/a/${slug}`,
    `/en/a/${slug}?sort=newest`,
    `/es/a/${slug}?lang=es`,
    `/en/a/${slug}/comments.atom`,
    `/es/a/${slug}/comments.atom`,
  ];
  return (await Promise.all(paths.map(async (path) => (await t.app.inject(path)).body))).join("\n");
}

describe("the signing form", () => {
  it("offers to publish the comment, unticked, with an optional city", async () => {
    const html = (await t.app.inject(`/en/a/${slug}`)).body;
    expect(html).toContain(
      '<input type="checkbox" id="f-publish" name="publish" value="yes"/><span>Publish my comment in the discussion under my first name and city</span>',
    );
    expect(html).toMatch(
      /<input id="f-city" name="city" maxlength="60" type="text" autocomplete="address-level2" value\/>/,
    );
    expect((await t.app.inject(`/es/a/${slug}`)).body).toContain(
      "Publicar mi comentario en la conversación con mi nombre de pila y mi ciudad",
    );
  });

  it("keeps the choice and the city when the form comes back with a problem", async () => {
    const response = await sign({ email: "", comment: "Yes!", publish: "yes", city: "Oakland" });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('id="f-publish" name="publish" value="yes" checked/>');
    expect(response.body).toContain(
      'name="city" maxlength="60" type="text" autocomplete="address-level2" value="Oakland"',
    );
  });

  it("names the limit of a city too long to publish", async () => {
    const response = await sign({ comment: "Yes!", publish: "yes", city: "C".repeat(61) });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain(
      '<a href="#f-city">City (optional, shown only with a published comment or name): Please use at most 60 characters.</a>',
    );
  });
});

describe("a signer's published comment", () => {
  it("appears only once the signature is confirmed and the comment approved, under first name and city", async () => {
    const signed = await sign({
      comment: "Fund it: my cousin found work there.",
      publish: "yes",
      city: "Oakland",
    });
    expect(signed.statusCode).toBe(303);
    expect(await signature("ana.lopez@example.org")).toMatchObject({ publish_comment: 1, city: "Oakland" });
    await t.ctx.worker.drain();
    expect(await comments()).toEqual([]);

    await confirm("ana.lopez@example.org");
    const [held] = await comments();
    const { id: signatureId } = await signature("ana.lopez@example.org");
    expect(held).toEqual({
      id: held!.id,
      name: "Ana, Oakland",
      email: "ana.lopez@example.org",
      body: "Fund it: my cousin found work there.",
      locale: "en",
      status: "pending",
      signature_id: signatureId,
      stance: null,
      depth: 0,
    });
    expect(await publicText()).not.toContain("my cousin found work there");

    expect(await t.ctx.comments.moderate(access, [held!.id], "approve")).toBe(1);
    const shown = await publicText();
    expect(shown).toContain('<strong class="comment-author">Ana, Oakland</strong>');
    expect(shown).toContain("Fund it: my cousin found work there.");
    for (const secret of ["López", "Ruiz", "María", "ana.lopez@example.org", "94110"])
      expect(shown, secret).not.toContain(secret);
  });

  it("is written in the signer's language, under the first name alone without a city", async () => {
    await sign(
      { name: "José Pérez", email: "jose@example.org", comment: "¡Adelante!", publish: "yes" },
      "es",
    );
    await confirm("jose@example.org");
    const [comment] = await comments();
    expect(comment).toMatchObject({ name: "José", locale: "es", status: "pending" });
    await t.ctx.comments.moderate(access, [comment!.id], "approve");
    expect((await t.app.inject(`/en/a/${slug}`)).body).toContain(
      '<div class="comment-body" lang="es"><p>¡Adelante!</p>',
    );
  });

  it("goes nowhere when the box is left unticked, and the city typed is not kept", async () => {
    await sign({ comment: "Private words for the organizers.", city: "Oakland" });
    await confirm("ana.lopez@example.org");
    expect(await comments()).toEqual([]);
    expect(await signature("ana.lopez@example.org")).toMatchObject({ publish_comment: 0, city: null });
  });

  it("publishes nothing for a ticked box without a comment", async () => {
    await sign({ publish: "yes", city: "Oakland" });
    await confirm("ana.lopez@example.org");
    expect(await comments()).toEqual([]);
    expect(await signature("ana.lopez@example.org")).toMatchObject({ publish_comment: 0, city: null });
  });

  it("is made once per signature, however often its job runs", async () => {
    await sign({ comment: "Once.", publish: "yes", city: "Reno" });
    await confirm("ana.lopez@example.org");
    const { id } = await signature("ana.lopez@example.org");
    const signer = await t.ctx.signatures.commentToPublish(id);
    const [first] = await comments();
    expect(await t.ctx.comments.postFromSignature(signer!)).toBe(first!.id);
    expect(await comments()).toHaveLength(1);
  });

  it("shows a hostile name and city as text", async () => {
    await sign({
      name: "<script>alert(1)</script> Smith",
      email: "hostile@example.org",
      comment: "Hello there.",
      publish: "yes",
      city: '"><img src=x onerror=alert(2)>',
    });
    await confirm("hostile@example.org");
    const [comment] = await comments();
    await t.ctx.comments.moderate(access, [comment!.id], "approve");
    const shown = await publicText();
    const author = /<strong class="comment-author">(.*?)<\/strong>/.exec(shown)?.[1] ?? "";
    const asText = author.replace(/&lt;|&gt;|&quot;|&amp;/g, (entity) => unescaped[entity]!);
    expect(asText).toBe('<script>alert(1)</script>, "><img src=x onerror=alert(2)>');
    expect(shown).not.toMatch(/<script>alert|<img src=x/);
    expect(shown).not.toContain("Smith");
  });
});
