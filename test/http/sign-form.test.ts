import type { InjectOptions } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { defaultFormTokenRules } from "../../src/modules/abuse/form-token.ts";
import { agedFormToken, createTestApp, formTokenIn, type TestApp } from "../support/app.ts";
import { createAction, createOrganization } from "../support/fixtures.ts";

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function start(env: Record<string, string> = {}) {
  t = await createTestApp(env);
  const action = await createAction(t.ctx, await createOrganization(t.ctx));
  return { app: t, slug: action.slug };
}

const person = { name: "Rosa Parks", email: "rosa@example.org", postal_code: "94110" };

function sign(
  app: TestApp,
  slug: string,
  fields: Record<string, string>,
  options: { locale?: string; remoteAddress?: string; token?: string | null } = {},
) {
  const token = options.token === undefined ? agedFormToken(app.ctx) : options.token;
  const body = new URLSearchParams({ ...person, ...(token === null ? {} : { ts: token }), ...fields });
  const request: InjectOptions = {
    method: "POST",
    url: `/${options.locale ?? "en"}/a/${slug}/sign`,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: body.toString(),
  };
  if (options.remoteAddress) request.remoteAddress = options.remoteAddress;
  return app.app.inject(request);
}

async function storedRows(app: TestApp) {
  const { db } = app.ctx.database;
  return {
    people: await db.selectFrom("people").selectAll().execute(),
    signatures: await db.selectFrom("signatures").selectAll().execute(),
    outbox: await db.selectFrom("outbox").selectAll().execute(),
  };
}

const nothingStored = { people: [], signatures: [], outbox: [] };

describe("a valid signature", () => {
  it("stores the tidied values, consent, referral and language, with one mail job", async () => {
    const { app, slug } = await start();
    const response = await sign(
      app,
      slug,
      {
        name: "  Jose\u0301   Martí ",
        email: "Jose.Marti+act@gmail.com",
        postal_code: "sw1a 1aa",
        comment: "  Por la comunidad  ",
        consent: "yes",
        source: "radio_ad",
      },
      { locale: "es" },
    );
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/es/a/${slug}/thanks#main`);
    const { people, signatures, outbox } = await storedRows(app);
    expect(people).toMatchObject([
      {
        name: "José Martí",
        email: "Jose.Marti+act@gmail.com",
        email_canonical: "josemarti@gmail.com",
        postal_code: "SW1A 1AA",
        locale: "es",
      },
    ]);
    expect(signatures).toMatchObject([
      {
        status: "pending",
        comment: "Por la comunidad",
        consent_sponsor: 1,
        source: "radio_ad",
        locale: "es",
      },
    ]);
    expect(outbox).toMatchObject([{ kind: "signature.email", status: "pending" }]);
    expect(JSON.parse(outbox[0]!.payload)).toEqual({ signatureId: signatures[0]!.id, reason: "confirm" });
  });
});

describe("validation errors", () => {
  it("re-render the page with 422, a summary, messages beside each field and the values kept", async () => {
    const { app, slug } = await start();
    const response = await sign(app, slug, {
      name: "   ",
      email: "not-an-email",
      postal_code: "!!",
      comment: "Kept comment <b>",
      consent: "yes",
    });
    expect(response.statusCode).toBe(422);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    const html = response.body;
    // The summary opens the form, and the form's action names it, so the browser shows it first.
    expect(html).toContain(
      `<form method="post" action="/en/a/${slug}/sign#form-errors"><div class="errors" role="alert" id="form-errors" tabindex="-1"><h2>There are 3 problems with the form</h2>`,
    );
    expect(html).toContain('<a href="#f-name">Full name: Please fill in this field.</a>');
    expect(html).toContain('<a href="#f-email">Email: Enter an email address like name@example.org.</a>');
    expect(html).toContain(
      '<a href="#f-postal_code">Postal code: Use only letters, numbers, spaces and hyphens (2 to 12 characters).</a>',
    );
    expect(html).toContain(
      '<p class="field-error" id="f-email-error">Enter an email address like name@example.org.</p>',
    );
    expect(html).toMatch(
      /<input id="f-email" name="email"[^>]*aria-invalid="true" aria-describedby="f-email-error"[^>]*value="not-an-email"/,
    );
    expect(html).toMatch(/<input id="f-postal_code"[^>]*value="!!"/);
    expect(html).toContain(">Kept comment &lt;b></textarea>");
    expect(html).toMatch(/name="consent" value="yes" checked/);
    expect(html).not.toMatch(/<input id="f-comment"[^>]*aria-invalid/);
    expect(await storedRows(app)).toEqual(nothingStored);
  });

  it("speak Spanish on the Spanish page", async () => {
    const { app, slug } = await start();
    const response = await sign(
      app,
      slug,
      { name: "", email: "rosa@", postal_code: "a".repeat(13) },
      { locale: "es" },
    );
    expect(response.statusCode).toBe(422);
    const html = response.body;
    expect(html).toContain("<h2>Hay 3 problemas en el formulario</h2>");
    expect(html).toContain("Nombre completo: Por favor, complete este campo.");
    expect(html).toContain("Correo electrónico: Escriba un correo como nombre@ejemplo.org.");
    expect(html).toContain("Código postal: Use como máximo 12 caracteres.");
    expect(html).toContain(`action="/es/a/${slug}/sign#form-errors"`);
    expect(html).not.toContain("Please fill in");
  });

  it("name the limit for a long field and use the singular for one problem", async () => {
    const { app, slug } = await start();
    const response = await sign(app, slug, { comment: "x".repeat(1001) });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain("<h2>There is 1 problem with the form</h2>");
    expect(response.body).toContain("Comment (optional): Please use at most 1,000 characters.");
  });

  it("refuse text that could not be decoded", async () => {
    const { app, slug } = await start();
    const payload = Buffer.concat([
      Buffer.from(`ts=${agedFormToken(app.ctx)}&email=rosa%40example.org&postal_code=94110&name=Ros`),
      Buffer.from([0xc3, 0x28]),
    ]);
    const response = await app.app.inject({
      method: "POST",
      url: `/en/a/${slug}/sign`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload,
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain(
      "Full name: This contains characters we cannot read. Please type it again.",
    );
    expect(await storedRows(app)).toEqual(nothingStored);
  });

  it("refuse percent-escapes that decode to no character", async () => {
    const { app, slug } = await start();
    for (const name of ["%FF%FE", "%ED%A0%80"]) {
      const response = await app.app.inject({
        method: "POST",
        url: `/en/a/${slug}/sign`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: `ts=${agedFormToken(app.ctx)}&email=rosa%40example.org&postal_code=94110&name=${name}`,
      });
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain(
        "Full name: This contains characters we cannot read. Please type it again.",
      );
    }
    expect(await storedRows(app)).toEqual(nothingStored);
  });
});

describe("the form token", () => {
  it.each([
    ["missing", null, "This form is too old"],
    ["forged", "lq2x9k.AAAAAAAAAAAAAAAAAAAAAA", "This form is too old"],
    ["expired", "expired", "This form is too old"],
  ])("turns back a %s token with 400 and the form filled in again", async (_why, kind, message) => {
    const { app, slug } = await start();
    const token = kind === "expired" ? app.ctx.formTokens.issue(Date.now() - 25 * 60 * 60 * 1000) : kind;
    const response = await sign(app, slug, { comment: "my comment" }, { token });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(message);
    expect(response.body).toContain("<h2>There is 1 problem with the form</h2>");
    expect(response.body).toMatch(/<input id="f-name"[^>]*value="Rosa Parks"/);
    expect(response.body).toContain(">my comment</textarea>");
    const newToken = formTokenIn(response.body);
    // The form comes back with a token of now, good once the person has had time to check it.
    expect(app.ctx.formTokens.check(newToken, defaultFormTokenRules, Date.now() + 3000)).toBe("ok");
    expect(await storedRows(app)).toEqual(nothingStored);
  });

  it("takes a form sent faster than the minimum fill time as pending, like any other (decision 008)", async () => {
    const { app, slug } = await start();
    const response = await sign(app, slug, { comment: "autofilled" }, { token: app.ctx.formTokens.issue() });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/en/a/${slug}/thanks#main`);
    const { signatures, outbox } = await storedRows(app);
    expect(signatures).toMatchObject([{ status: "pending", comment: "autofilled" }]);
    expect(outbox).toHaveLength(1);

    // Fast and invalid gets the field's message, not a word about speed.
    const invalid = await sign(app, slug, { email: "a@b" }, { token: app.ctx.formTokens.issue() });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.body).toContain("<h2>There is 1 problem with the form</h2>");
    expect(invalid.body).toContain('<a href="#f-email">');
  });

  it("is explained in Spanish on the Spanish page", async () => {
    const { app, slug } = await start();
    const response = await sign(app, slug, {}, { token: null, locale: "es" });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain("Este formulario es muy antiguo.");
  });
});

describe("the honeypot", () => {
  it("answers a filled honeypot like a person and stores nothing", async () => {
    const { app, slug } = await start();
    const response = await sign(app, slug, { website: "http://spam.example" });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/en/a/${slug}/thanks#main`);
    await app.ctx.worker.drain();
    expect(await storedRows(app)).toEqual(nothingStored);
    expect(await app.ctx.devMailbox!.list()).toEqual([]);
  });
});

describe("the signing rate limit", () => {
  it("turns a network away with a 429 page after 30 signings, while others go on", async () => {
    const { app, slug } = await start();
    for (let i = 0; i < 30; i++) {
      const response = await sign(app, slug, { email: `person${i}@example.org` });
      expect(response.statusCode, `signing ${i + 1}`).toBe(303);
    }
    const limited = await sign(app, slug, { email: "one.more@example.org" });
    expect(limited.statusCode).toBe(429);
    expect(limited.body).toContain("<h1>Please slow down</h1>");
    const spanish = await sign(app, slug, { email: "una.mas@example.org" }, { locale: "es" });
    expect(spanish.statusCode).toBe(429);
    expect(spanish.body).toContain("<h1>Por favor, espere un momento</h1>");
    expect((await storedRows(app)).signatures).toHaveLength(30);

    const elsewhere = await sign(
      app,
      slug,
      { email: "neighbor@example.org" },
      { remoteAddress: "203.0.113.9" },
    );
    expect(elsewhere.statusCode).toBe(303);
  });

  it("lets loopback through without limit only with the benchmark switch", async () => {
    const { app, slug } = await start({ JUNTOS_BENCH_LOOPBACK_EXEMPT: "true" });
    for (let i = 0; i < 35; i++) {
      const response = await sign(
        app,
        slug,
        { email: `bench${i}@example.org` },
        { token: app.ctx.formTokens.issue() },
      );
      expect(response.statusCode, `signing ${i + 1}`).toBe(303);
    }
    expect((await storedRows(app)).signatures).toHaveLength(35);

    const remote = "198.51.100.4";
    for (let i = 0; i < 30; i++)
      await sign(app, slug, { email: `remote${i}@example.org` }, { remoteAddress: remote });
    const limited = await sign(app, slug, { email: "remote.last@example.org" }, { remoteAddress: remote });
    expect(limited.statusCode).toBe(429);
  });
});

describe("what the form endpoint will not read", () => {
  it("refuses a body over 32 KB with a 413 page and stores nothing", async () => {
    const { app, slug } = await start();
    for (const locale of ["en", "es"]) {
      const response = await sign(app, slug, { comment: "x".repeat(33 * 1024) }, { locale });
      expect(response.statusCode).toBe(413);
      expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(response.body).toContain(locale === "en" ? "That was too much to send" : "Se envió demasiado");
    }
    expect(await storedRows(app)).toEqual(nothingStored);
  });

  it.each([
    [
      "multipart/form-data; boundary=x",
      '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nRosa\r\n--x--\r\n',
    ],
    ["text/plain", "name=Rosa&email=rosa@example.org"],
    ["application/xml", "<sign><name>Rosa</name></sign>"],
    ["application/json", "{not json"],
    ["application/json", '{"__proto__":{"polluted":true}}'],
    ["application/json", "[]"],
    ["application/x-www-form-urlencoded; charset=utf-16", "name=Rosa"],
    ["", "name=Rosa"],
  ])("answers %j with a 4xx page, not a 500", async (contentType, payload) => {
    const { app, slug } = await start();
    const response = await app.app.inject({
      method: "POST",
      url: `/en/a/${slug}/sign`,
      headers: contentType ? { "content-type": contentType } : {},
      payload,
    });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(await storedRows(app)).toEqual(nothingStored);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
