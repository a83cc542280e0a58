/** The organizer's action pages through the real routes: lifecycle, editor, dashboard. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestApp, type TestApp } from "../support/app.ts";
import { type Browser, signIn } from "../support/browser-session.ts";
import {
  actionForm,
  createAccount,
  createAction,
  createOrganization,
  sign,
  type TestAccount,
  type TestOrganization,
} from "../support/fixtures.ts";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

async function ownerAndOrg(): Promise<{ owner: TestAccount; org: TestOrganization; browser: Browser }> {
  const owner = await createAccount(t.ctx, { name: "Owen Owner" });
  const org = await createOrganization(t.ctx, [{ account: owner, role: "owner" }]);
  return { owner, org, browser: await signIn(t.app, owner.email, owner.password) };
}

/** The owner's access as a service sees it, for reading what the routes stored. */
async function access(org: TestOrganization) {
  return t.ctx.organizations.access({ accountId: 0, isPlatformAdmin: true }, org.slug);
}

async function stored(id: number) {
  return t.ctx.database.db
    .selectFrom("actions")
    .innerJoin("action_texts", "action_texts.action_id", "actions.id")
    .select(["actions.status", "actions.archived_at", "action_texts.title"])
    .where("actions.id", "=", id)
    .where("action_texts.locale", "=", "en")
    .executeTakeFirstOrThrow();
}

describe("an archived action", () => {
  it("is neither reopened nor edited by a hand-made POST: 409 with a clear page, nothing changed", async () => {
    const { org, browser } = await ownerAndOrg();
    const action = await createAction(t.ctx, org);
    const base = `/en/admin/o/${org.slug}/actions/${action.id}`;
    expect((await browser.post(`${base}/archive`, { confirm: "yes" })).statusCode).toBe(303);
    const before = await stored(action.id);

    for (const step of ["publish", "reopen", "close", "archive", "delete"]) {
      const refused = await browser.post(`${base}/${step}`, { confirm: "yes" });
      expect(refused.statusCode, step).toBe(409);
      expect(refused.body).toContain("That change is not possible now");
    }
    expect((await browser.get(`${base}/edit`)).statusCode).toBe(409);
    const edit = await browser.post(
      `${base}/edit`,
      actionForm({ slug: action.slug, title_en: "Sneaked in" }),
    );
    expect(edit.statusCode).toBe(409);
    expect(await stored(action.id)).toEqual(before);
    expect((await browser.get(`/en/a/${action.slug}`)).body).toContain("This action is closed");
  });
});

describe("a translation left empty", () => {
  it("stays empty in the editor and shows the English, as it is now, on the preview and the public page", async () => {
    const { org, browser } = await ownerAndOrg();
    const empty = {
      title_es: "",
      summary_es: "",
      description_es: "",
      letter_es: "",
      target_0_title_es: "",
      target_1_title_es: "",
    };
    const created = await browser.post(`/en/admin/o/${org.slug}/actions/new`, {
      ...actionForm({ title_en: "First English title", ...empty }),
    });
    expect(created.statusCode).toBe(303);
    const base = created.headers.location as string;
    const id = Number(base.split("/").pop());
    const { slug } = await t.ctx.editor.find(await access(org), id);

    const edit = await browser.get(`${base}/edit`);
    expect(edit.body).toMatch(/name="title_es" value(="")?\/>/);
    expect(edit.body).toMatch(/name="summary_es"[^>]*><\/textarea>/);
    const spanishRows = await t.ctx.database.db
      .selectFrom("action_texts")
      .select(["title", "summary", "description", "letter_text"])
      .where("action_id", "=", id)
      .where("locale", "=", "es")
      .executeTakeFirstOrThrow();
    expect(spanishRows).toEqual({ title: "", summary: "", description: "", letter_text: "" });
    expect((await browser.get(`/es/admin/o/${org.slug}/actions/${id}/preview`)).body).toContain(
      "<h1>First English title</h1>",
    );

    const saved = await browser.post(
      `${base}/edit`,
      actionForm({ slug, title_en: "Second English title", ...empty }),
    );
    expect(saved.statusCode).toBe(303);
    expect((await browser.get(`/es/admin/o/${org.slug}/actions/${id}/preview`)).body).toContain(
      "<h1>Second English title</h1>",
    );
    await browser.post(`${base}/publish`);
    const page = (await browser.get(`/es/a/${slug}`)).body;
    expect(page).toContain("<h1>Second English title</h1>");
    expect(page).toContain("Grace Hopper");
    expect((await browser.get("/es/")).body).toContain(">Second English title</a>");
  });
});

describe("targets", () => {
  it("are edited one fieldset each, with one empty spare and a button that adds another without saving", async () => {
    const { org, browser } = await ownerAndOrg();
    const action = await createAction(t.ctx, org);
    const editUrl = `/en/admin/o/${org.slug}/actions/${action.id}/edit`;
    const edit = (await browser.get(editUrl)).body;
    expect(edit.match(/<fieldset class="target">/g)).toHaveLength(3);
    expect(edit).toMatch(/name="target_1_title_es" value="Alcaldesa"/);
    expect(edit).toMatch(/name="target_2_name" value(="")?\/>/);
    expect(edit).toContain(">Add another target</button>");

    const form = actionForm({ slug: action.slug, title_en: "Not saved yet", target_2_name: "Frida Kahlo" });
    const added = await browser.post(editUrl, { ...form, add_target: "yes" });
    expect(added.statusCode).toBe(200);
    expect(added.body.match(/<fieldset class="target">/g)).toHaveLength(4);
    expect(added.body).toMatch(/name="target_2_name" value="Frida Kahlo"/);
    expect(added.body).toMatch(/name="target_3_name" value(="")?\/>/);
    expect(added.body).toContain('value="Not saved yet"');
    expect((await stored(action.id)).title).not.toBe("Not saved yet");
  });

  it("refuse a title without a name, linked from the error summary, and never show it publicly", async () => {
    const { org, browser } = await ownerAndOrg();
    const action = await createAction(t.ctx, org);
    const editUrl = `/en/admin/o/${org.slug}/actions/${action.id}/edit`;
    const junk = await browser.post(
      editUrl,
      actionForm({ slug: action.slug, target_2_name: "", target_2_title_en: "Mayor" }),
    );
    expect(junk.statusCode).toBe(422);
    expect(junk.body).toContain('<a href="#f-target_2_name">');
    expect(junk.body).toContain("Enter the name of this target, or clear its title.");
    expect(junk.body).toMatch(/name="target_2_title_en" value="Mayor"/);
    const page = (await browser.get(`/en/a/${action.slug}`)).body;
    expect(page).toContain("<strong>Grace Hopper</strong>, Mayor");
    expect(page).not.toContain("<strong></strong>");
  });
});

describe("renaming the sponsoring organization", () => {
  it("reaches its public action pages once the row has aged (≤ 1 s), without re-saving the action", async () => {
    const { org, browser } = await ownerAndOrg();
    const action = await createAction(t.ctx, org);
    expect((await browser.get(`/en/a/${action.slug}`)).body).toContain(org.name);
    const renamed = await browser.post(`/en/admin/o/${org.slug}/profile`, {
      name: "Renamed Coalition",
      website: "https://example.org",
    });
    expect(renamed.statusCode).toBe(303);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      // The row cache's lifetime passes without a sleep.
      vi.setSystemTime(Date.now() + 1_100);
      for (const locale of ["en", "es"]) {
        const page = (await browser.get(`/${locale}/a/${action.slug}`)).body;
        expect(page, locale).toContain("Renamed Coalition");
        expect(page, locale).not.toContain(org.name);
      }
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("an action on another site", () => {
  it("needs no goal and shows no signature counter", async () => {
    const { org, browser } = await ownerAndOrg();
    const form = actionForm({ type: "external", goal: "", external_url: "https://example.org/act" });
    const created = await browser.post(`/en/admin/o/${org.slug}/actions/new`, form);
    expect(created.statusCode, created.body.slice(0, 200)).toBe(303);
    const id = Number(String(created.headers.location).split("/").pop());
    const edit = await browser.get(`/en/admin/o/${org.slug}/actions/${id}/edit`);
    expect(edit.body).toMatch(/name="goal" value(="")?\s?(aria-describedby="[^"]*")?\/>/);
    const goal = await t.ctx.database.db
      .selectFrom("actions")
      .select("goal")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(goal.goal).toBe(0);
    await browser.post(`/en/admin/o/${org.slug}/actions/${id}/publish`);
    const page = (await browser.get(`/en/a/${form.slug}`)).body;
    expect(page).toContain("Take action on the organizer");
    expect(page).not.toContain("<progress");
    expect(page).not.toContain("people have signed");
    expect(page).not.toContain("Goal:");

    const petition = await browser.post(`/en/admin/o/${org.slug}/actions/new`, actionForm({ goal: "" }));
    expect(petition.statusCode).toBe(422);
  });
});

describe("the sponsor's logo", () => {
  it("appears on the action page from our own origin, sized to fit its box, with alt text", async () => {
    const { org, browser } = await ownerAndOrg();
    const action = await createAction(t.ctx, org);
    // A PNG header is all the upload checks and the page reads: 320 × 80 pixels.
    const header = Buffer.alloc(24);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).copy(header);
    header.write("IHDR", 12, "latin1");
    header.writeUInt32BE(320, 16);
    header.writeUInt32BE(80, 20);
    const png = Buffer.concat([header, Buffer.alloc(200)]);
    await browser.get(`/en/admin/o/${org.slug}/profile`);
    const uploaded = await browser.upload(`/en/admin/o/${org.slug}/logo`, {
      field: "logo",
      filename: "logo.png",
      type: "image/png",
      bytes: png,
    });
    expect(uploaded.statusCode).toBe(303);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 1_100);
      const page = (await t.app.inject(`/es/a/${action.slug}`)).body;
      const img = /<img [^>]*>/.exec(page)?.[0] ?? "";
      expect(img).toMatch(new RegExp(`src="/logos/${org.slug}\\?v=[^"]+"`));
      expect(img).toContain('width="160"');
      expect(img).toContain('height="40"');
      expect(img).toContain(`alt="Logotipo de ${org.name}"`);
      const logoUrl = (/src="([^"]+)"/.exec(img)?.[1] ?? "").replaceAll("&amp;", "&");
      expect((await t.app.inject(logoUrl)).rawPayload.equals(png)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("the organization's list of actions", () => {
  it("titles each action in the organizer's language, English where it has no translation", async () => {
    const { org, browser } = await ownerAndOrg();
    await createAction(t.ctx, org, { form: { title_en: "Translated", title_es: "Traducida" } });
    await createAction(t.ctx, org, { form: { title_en: "Only in English", title_es: "" } });
    const es = (await browser.get(`/es/admin/o/${org.slug}`)).body;
    expect(es).toContain("Traducida");
    expect(es).not.toContain(">Translated<");
    expect(es).toContain("Only in English");
    expect((await browser.get(`/en/admin/o/${org.slug}`)).body).toContain("Translated");
  });
});

describe("the action's admin pages", () => {
  /** The notice the page shows after a change (announced as a status). */
  const noticeOf = (html: string) => /<p class="notice" role="status">([^<]*)<\/p>/.exec(html)?.[1];

  it("walk the lifecycle with a notice after each change and a confirmation before the hard-to-undo ones", async () => {
    const { org, browser } = await ownerAndOrg();
    const created = await browser.post(`/en/admin/o/${org.slug}/actions/new`, actionForm());
    const base = String(created.headers.location);
    let page = await browser.get(base);
    expect(noticeOf(page.body)).toBe(
      "Action saved as a draft. Preview it, then publish it when it is ready.",
    );
    expect(page.body).toContain(">Publish</button>");
    expect(page.body).toContain(">Delete draft</button>");

    await browser.post(`${base}/publish`);
    page = await browser.get(base);
    expect(noticeOf(page.body)).toBe("Action published.");
    expect(page.body).not.toContain(">Delete draft</button>");

    const askClose = await browser.post(`${base}/close`);
    expect(askClose.statusCode).toBe(200);
    expect(askClose.body).toContain("Close signing on “Fund the day labor center”?");
    expect(askClose.body).toContain('<input type="hidden" name="confirm" value="yes"/>');
    expect((await stored(Number(base.split("/").pop()))).status).toBe("published");
    await browser.post(`${base}/close`, { confirm: "yes" });
    page = await browser.get(base);
    expect(noticeOf(page.body)).toBe("Signing closed.");
    expect(page.body).toContain(">Reopen</button>");

    await browser.post(`${base}/reopen`);
    expect(noticeOf((await browser.get(base)).body)).toBe("Action reopened: it takes signatures again.");

    const askArchive = await browser.post(`${base}/archive`);
    expect(askArchive.body).toContain("You can undo this later.");
    await browser.post(`${base}/archive`, { confirm: "yes" });
    page = await browser.get(base);
    expect(noticeOf(page.body)).toBe("Action archived. “Restore from archive” on this page undoes it.");
    expect(page.body).toContain(">Restore from archive</button>");
    expect(page.body).not.toContain(">Edit action</a>");
    await browser.post(`${base}/unarchive`);
    page = await browser.get(base);
    expect(noticeOf(page.body)).toBe("Action restored from the archive.");
    expect(page.body).toContain('<span class="badge">Published</span>');

    const edited = await browser.post(
      `${base}/edit`,
      actionForm({ slug: (await t.ctx.editor.find(await access(org), Number(base.split("/").pop()))).slug }),
    );
    expect(edited.statusCode).toBe(303);
    expect(noticeOf((await browser.get(base)).body)).toBe("Action saved.");
  });

  it("delete a draft only after confirming, and say so on the organization's page", async () => {
    const { org, browser } = await ownerAndOrg();
    const draft = await createAction(t.ctx, org, { status: "draft" });
    const base = `/en/admin/o/${org.slug}/actions/${draft.id}`;
    const ask = await browser.post(`${base}/delete`);
    expect(ask.body).toContain("Delete the draft “Fund the day labor center”?");
    expect(ask.body).toContain("This cannot be undone.");
    const deleted = await browser.post(`${base}/delete`, { confirm: "yes" });
    expect(deleted.headers.location).toBe(`/en/admin/o/${org.slug}`);
    expect(noticeOf((await browser.get(`/en/admin/o/${org.slug}`)).body)).toBe("Draft deleted.");
    expect((await browser.get(base)).statusCode).toBe(404);
  });

  it("explain the action date and the link name, and make the link from the English title when left empty", async () => {
    const { org, browser } = await ownerAndOrg();
    const form = (await browser.get(`/en/admin/o/${org.slug}/actions/new`)).body;
    expect(form).toContain("The date printed on the alert");
    expect(form).toContain("The action's address: http://juntos.test/a/…");
    const invalid = await browser.post(
      `/en/admin/o/${org.slug}/actions/new`,
      actionForm({ slug: "", title_en: "¡Fondos para el Centro!", goal: "" }),
    );
    expect(invalid.statusCode).toBe(422);
    expect(invalid.body).toContain('name="slug" value="fondos-para-el-centro"');
    expect(invalid.body).toContain("http://juntos.test/a/fondos-para-el-centro");
    expect(invalid.body).toContain(
      '<a href="#f-goal">Signature goal: Enter a whole number of signatures, at least 1.</a>',
    );
    const created = await browser.post(
      `/en/admin/o/${org.slug}/actions/new`,
      actionForm({ slug: "", title_en: "¡Fondos para el Centro!" }),
    );
    expect(created.statusCode).toBe(303);
    const id = Number(String(created.headers.location).split("/").pop());
    expect((await t.ctx.editor.find(await access(org), id)).slug).toBe("fondos-para-el-centro");
  });

  it("link every problem from the error summary, naming the field and its language", async () => {
    const { org, browser } = await ownerAndOrg();
    const response = await browser.post(
      `/en/admin/o/${org.slug}/actions/new`,
      actionForm({ title_en: "", title_es: "x".repeat(161), target_1_name: "", target_1_title_en: "Mayor" }),
    );
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('<a href="#f-title_en">Title (English): Please fill in this field.</a>');
    expect(response.body).toContain(
      '<a href="#f-title_es">Title (Spanish): Please use at most 160 characters.</a>',
    );
    expect(response.body).toContain(
      '<a href="#f-target_1_name">Target 2: Name: Enter the name of this target, or clear its title.</a>',
    );
    expect(response.body).toMatch(/id="f-title_en"[^>]*aria-invalid="true"/);
  });

  it("preview a draft with a Not published banner and the way back; an empty dashboard says what to do next", async () => {
    const { org, browser } = await ownerAndOrg();
    const draft = await createAction(t.ctx, org, { status: "draft" });
    const base = `/en/admin/o/${org.slug}/actions/${draft.id}`;
    const preview = (await browser.get(`${base}/preview`)).body;
    expect(preview).toContain("Not published: this is a preview.");
    expect(preview).toContain(`<a href="${base}">Back to the action's dashboard</a>`);
    let dashboard = (await browser.get(base)).body;
    expect(dashboard).toContain("No signatures yet: this action is a draft.");
    expect(dashboard).not.toContain("Confirmed signatures per day");
    expect(dashboard).toMatch(/Last saved: <time datetime="[^"]+">[^<]+UTC<\/time>/);

    await browser.post(`${base}/publish`);
    expect((await browser.get(`${base}/preview`)).body).not.toContain("Not published");
    dashboard = (await browser.get(base)).body;
    expect(dashboard).toContain(`Share the link http://juntos.test/a/${draft.slug}`);
    await sign(t.ctx, draft.slug, [{ name: "Rosa Parks", email: "rosa@example.org" }], true);
    dashboard = (await browser.get(base)).body;
    expect(dashboard).toContain("Confirmed signatures per day");
    expect(dashboard).toContain("1 person has signed");
  });

  it("save a 15,000-character bilingual action (a body of about 60 KB)", async () => {
    const { org, browser } = await ownerAndOrg();
    const long = (word: string) => `${word} `.repeat(Math.ceil(15_000 / (word.length + 1))).slice(0, 15_000);
    const fields = actionForm({
      description_en: long("organizing"),
      description_es: long("acción según también"),
      letter_en: long("neighbors").slice(0, 9_000),
      letter_es: long("vecinos y vecinas en acción").slice(0, 9_000),
    });
    const size = new URLSearchParams(fields).toString().length;
    expect(size).toBeGreaterThan(60_000);
    const created = await browser.post(`/en/admin/o/${org.slug}/actions/new`, fields);
    expect(created.statusCode).toBe(303);
    const id = Number(String(created.headers.location).split("/").pop());
    const draft = await t.ctx.editor.draft(await access(org), id);
    expect(draft.texts.es.description).toBe(fields.description_es!.trim());
  });
});
