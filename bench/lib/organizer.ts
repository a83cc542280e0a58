/** An organizer in a bench: an account made through the test fixtures, signed in through the real form. */
import { loadConfig } from "../../src/config.ts";
import { createContext } from "../../src/context.ts";
import { setMembership } from "../../src/modules/organizations/organizations.repository.ts";
import { createAccount } from "../../test/support/fixtures.ts";

/** Signs in through the real form: the CSRF token from the page, then the session cookie. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const page = await fetch(`${base}/en/account/login`);
  const csrfCookies = page.headers.getSetCookie().map((c) => c.split(";")[0]);
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!token) throw new Error("no CSRF token on the sign-in page");
  const response = await fetch(`${base}/en/account/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookies.join("; ") },
    body: new URLSearchParams({ email, password, _csrf: token }).toString(),
  });
  const session = response.headers.getSetCookie().find((c) => c.startsWith("juntos_session="));
  if (response.status !== 303 || !session) throw new Error(`sign-in failed with ${response.status}`);
  return session.split(";")[0]!;
}

export interface BenchOrganizer {
  email: string;
  password: string;
  organizationSlug: string;
  actionId: number;
}

/**
 * Makes an organizer of the organization that sponsors the demo action `slug`, in a database no
 * server is using (`databaseUrl` for PostgreSQL, else the data directory's SQLite file, as the
 * server finds it); migrates it and seeds the demo first if that is not done yet, in this process,
 * so no server start waits on it.
 */
export async function addOrganizer(dataDir: string, databaseUrl: string | undefined, slug: string) {
  const ctx = await createContext(
    loadConfig({
      DATA_DIR: dataDir,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      SEED_DEMO: "true",
      LOG_LEVEL: "silent",
      BASE_URL: "http://127.0.0.1",
    }),
  );
  try {
    const action = await ctx.database.db
      .selectFrom("actions")
      .innerJoin("organizations", "organizations.id", "actions.sponsor_organization_id")
      .select(["actions.id", "organizations.id as organizationId", "organizations.slug"])
      .where("actions.slug", "=", slug)
      .executeTakeFirstOrThrow();
    const account = await createAccount(ctx, { name: "Bench Organizer" });
    await setMembership(
      ctx.database.db,
      action.organizationId,
      account.id,
      "organizer",
      new Date().toISOString(),
    );
    return {
      email: account.email,
      password: account.password,
      organizationSlug: action.slug,
      actionId: action.id,
    } satisfies BenchOrganizer;
  } finally {
    await ctx.close();
  }
}
