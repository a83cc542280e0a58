/** Juntos itself as a server under test, and what its signing form takes. */
import { type ServerProcess, startServer } from "./children.ts";
import { rawRequest } from "./http.ts";

export const actionPath = "/en/a/optoutnow";
export const formHeaders = { "content-type": "application/x-www-form-urlencoded" };

/** Juntos on the demo data, with loopback exempt from the per-address limits; `env` over all that. */
export function startJuntosServer(
  name: string,
  dataDir: string,
  databaseUrl?: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  return startServer({
    name,
    entry: "src/main.ts",
    env: {
      DATA_DIR: dataDir,
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      SEED_DEMO: "true",
      JUNTOS_BENCH_LOOPBACK_EXEMPT: "true",
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...env,
    },
  });
}

/** The signing form's token from the action page, which every form POST carries. */
export async function formToken(server: ServerProcess): Promise<string> {
  const page = await rawRequest(server.origin + actionPath);
  const token = /name="ts" value="([^"]+)"/.exec(page.body.toString())?.[1];
  if (page.status !== 200 || !token)
    throw new Error(`${actionPath} answered ${page.status} without a form token`);
  return token;
}

let emailSequence = 0;
/** A never-used email address: one more person signing. */
export function newEmail(tag: string): string {
  return `bench-${tag}-${++emailSequence}@example.org`;
}

/** A form body with a never-used email, as one more person signing. */
export function signingBody(tag: string, token: string, extra: Record<string, string> = {}): () => string {
  return () =>
    new URLSearchParams({
      name: "Bench Signer",
      email: newEmail(tag),
      postal_code: "12345",
      ts: token,
      ...extra,
    }).toString();
}
