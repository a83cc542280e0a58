/**
 * Confirmed signatures and API keys written straight into a stopped server's database (a SQLite
 * file or a PostgreSQL URL), for the API scenarios: a 100,000-signature action takes seconds with
 * multi-row inserts, where signing them through the form would take minutes.
 */
import SQLite from "better-sqlite3";
import pg from "pg";
import { newApiKeySecret } from "../../src/modules/api-keys/api-keys.ts";
import { signatureSearchText } from "../../src/modules/signatures/signatures.ts";

/** Rows per statement: 12 signature columns × 1,000 stays far below either engine's parameter limit. */
const rowsPerInsert = 1_000;

/** The few statements the seeding needs, on either engine; `?` placeholders, rows as arrays. */
interface Store {
  all(sql: string, values: unknown[]): Promise<Record<string, unknown>[]>;
  transaction(work: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

async function openStore(database: string): Promise<Store> {
  if (database.startsWith("postgres://")) {
    const client = new pg.Client({ connectionString: database });
    await client.connect();
    const numbered = (sql: string) => {
      let n = 0;
      return sql.replace(/\?/g, () => `$${++n}`);
    };
    return {
      all: async (sql, values) => (await client.query(numbered(sql), values)).rows,
      async transaction(work) {
        await client.query("begin");
        try {
          await work();
          await client.query("commit");
        } catch (error) {
          await client.query("rollback");
          throw error;
        }
      },
      close: () => client.end(),
    };
  }
  const db = new SQLite(database, { fileMustExist: true });
  return {
    all: async (sql, values) => {
      const statement = db.prepare(sql);
      if (statement.reader) return statement.all(values) as Record<string, unknown>[];
      statement.run(values);
      return [];
    },
    async transaction(work) {
      db.exec("begin");
      try {
        await work();
        db.exec("commit");
      } catch (error) {
        db.exec("rollback");
        throw error;
      }
    },
    close: async () => {
      db.close();
    },
  };
}

/** `insert into <table> (<columns>) values (?, …), (?, …)…` for `rows` rows. */
function multiRowInsert(table: string, columns: string[], rows: number, returning = ""): string {
  const row = `(${columns.map(() => "?").join(", ")})`;
  return `insert into ${table} (${columns.join(", ")}) values ${Array(rows).fill(row).join(", ")}${returning}`;
}

export interface SeededAction {
  actionId: number;
  organizationId: number;
  /** Confirmed signatures on the action after seeding (the demo's own included). */
  confirmed: number;
}

/**
 * Adds `count` confirmed signatures of new people to the action `slug`, in id order, and counts
 * them on the action and its days (signature_days, migration 034) as confirmations would. Half consented to the sponsor (the API then shows
 * their details), a tenth left a comment, as the test fixtures' bulk signatures do.
 */
export async function seedConfirmedSignatures(
  database: string,
  slug: string,
  count: number,
): Promise<SeededAction> {
  const store = await openStore(database);
  try {
    const [action] = await store.all(
      "select id, sponsor_organization_id as org from actions where slug = ?",
      [slug],
    );
    if (!action) throw new Error(`no action ${slug} in ${database}`);
    const actionId = Number(action.id);
    const start = Date.parse("2011-03-01T12:00:00Z");
    const perDay = new Map<string, number>();
    const peopleColumns = [
      "email",
      "email_canonical",
      "name",
      "postal_code",
      "locale",
      "created_at",
      "updated_at",
    ];
    const signatureColumns = [
      "action_id",
      "person_id",
      "name",
      "postal_code",
      "search",
      "status",
      "comment",
      "consent_sponsor",
      "source",
      "locale",
      "created_at",
      "confirmed_at",
    ];
    for (let first = 0; first < count; first += rowsPerInsert) {
      const size = Math.min(rowsPerInsert, count - first);
      const signers = Array.from({ length: size }, (_, i) => {
        const n = first + i;
        const email = `api-signer-${n}@bench.example`;
        return {
          n,
          email,
          name: `API Signer ${n}`,
          postalCode: String(10000 + (n % 90000)),
          at: new Date(start + n * 1000).toISOString(),
        };
      });
      for (const { at } of signers) perDay.set(at.slice(0, 10), (perDay.get(at.slice(0, 10)) ?? 0) + 1);
      await store.transaction(async () => {
        const people = await store.all(
          multiRowInsert("people", peopleColumns, size, " returning id, email_canonical"),
          signers.flatMap((s) => [s.email, s.email, s.name, s.postalCode, "en", s.at, s.at]),
        );
        const personIds = new Map(people.map((p) => [String(p.email_canonical), Number(p.id)]));
        await store.all(
          multiRowInsert("signatures", signatureColumns, size),
          signers.flatMap((s) => [
            actionId,
            personIds.get(s.email),
            s.name,
            s.postalCode,
            signatureSearchText({ name: s.name, email: s.email, postalCode: s.postalCode }),
            "confirmed",
            s.n % 10 === 0 ? "Count me in" : null,
            s.n % 2,
            null,
            "en",
            s.at,
            s.at,
          ]),
        );
      });
    }
    await store.all("update actions set signature_count = signature_count + ? where id = ?", [
      count,
      actionId,
    ]);
    for (const [day, confirmed] of perDay)
      await store.all(
        "insert into signature_days (action_id, day, confirmed) values (?, ?, ?) on conflict (action_id, day) " +
          "do update set confirmed = signature_days.confirmed + excluded.confirmed",
        [actionId, day, confirmed],
      );
    const [confirmed] = await store.all(
      "select count(*) as n from signatures where action_id = ? and status = 'confirmed'",
      [actionId],
    );
    return { actionId, organizationId: Number(action.org), confirmed: Number(confirmed?.n) };
  } finally {
    await store.close();
  }
}

/**
 * Makes `count` live API keys for the organization and returns their secrets. The API allows 4
 * requests a second per key; the bench spreads its load over many keys in turn, so it measures
 * the server rather than the limit.
 */
export async function seedApiKeys(
  database: string,
  organizationId: number,
  count: number,
  options: { trusted: boolean },
): Promise<string[]> {
  const store = await openStore(database);
  const secrets: string[] = [];
  try {
    const columns = [
      "organization_id",
      "name",
      "secret_hash",
      "prefix",
      "trusted",
      "created_by",
      "created_at",
    ];
    const now = new Date().toISOString();
    await store.transaction(async () => {
      for (let first = 0; first < count; first += rowsPerInsert) {
        const size = Math.min(rowsPerInsert, count - first);
        const values: unknown[] = [];
        for (let i = 0; i < size; i++) {
          const { secret, hash, prefix } = newApiKeySecret();
          secrets.push(secret);
          values.push(organizationId, `bench ${first + i}`, hash, prefix, options.trusted ? 1 : 0, null, now);
        }
        await store.all(multiRowInsert("api_keys", columns, size), values);
      }
    });
    return secrets;
  } finally {
    await store.close();
  }
}

/**
 * PostgreSQL: VACUUM the signatures after the load, as autovacuum does after many inserts (it may
 * be off on a bench machine). It sets the visibility map, without which an index-only scan still
 * reads the table to check each row; it gathers no statistics (no ANALYZE), so the plans shown are
 * the ones a fresh database gets. SQLite needs neither.
 */
export async function vacuumSignatures(database: string): Promise<void> {
  if (!database.startsWith("postgres://")) return;
  const store = await openStore(database);
  try {
    await store.all("vacuum signatures", []);
  } finally {
    await store.close();
  }
}

/**
 * PostgreSQL: ANALYZE after the load, as autovacuum would (it may be off on a bench machine), so
 * the planner knows the table's size; no VACUUM, so the visibility map stays empty and an
 * index-only scan still visits the table: the plans must be good without it. SQLite needs neither.
 */
export async function analyzeDatabase(database: string): Promise<void> {
  if (!database.startsWith("postgres://")) return;
  const store = await openStore(database);
  try {
    await store.all("analyze", []);
  } finally {
    await store.close();
  }
}

/** The id of the action's signature `offset` places from its newest: a cursor deep in the list. */
export async function signatureIdFromNewest(
  database: string,
  actionId: number,
  offset: number,
): Promise<number> {
  const store = await openStore(database);
  try {
    const [row] = await store.all(
      "select id from signatures where action_id = ? order by id desc limit 1 offset ?",
      [actionId, offset],
    );
    if (!row) throw new Error(`action ${actionId} has no signature ${offset} places from its newest`);
    return Number(row.id);
  } finally {
    await store.close();
  }
}
