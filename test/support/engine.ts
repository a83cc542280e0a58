/** The one switch for the test database: TEST_DB=sqlite (default) or TEST_DB=postgres. */
import pg from "pg";
export type TestEngine = "sqlite" | "postgres";

export function testEngine(): TestEngine {
  const value = process.env.TEST_DB ?? "sqlite";
  if (value !== "sqlite" && value !== "postgres")
    throw new Error(`TEST_DB must be sqlite or postgres, got ${value}`);
  return value;
}

/** Server-level URL used to create per-test databases from the migrated template. */
export const postgresAdminUrl =
  process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
/** Every run names its databases juntos_test_<pid>_…, so concurrent runs never touch each other's. */
export const postgresRunPrefix = "juntos_test_";

export function postgresUrlFor(database: string): string {
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Drops databases over a few connections at once, so their checkpoints coincide. */
export async function dropAllSideBySide(names: string[], connections = 5): Promise<void> {
  const queue = [...names];
  const drain = async () => {
    const client = new pg.Client({ connectionString: postgresAdminUrl });
    await client.connect();
    try {
      for (let name = queue.shift(); name !== undefined; name = queue.shift())
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
  await Promise.all(Array.from({ length: Math.min(connections, queue.length) }, drain));
}
