/** Approved comments written straight into a stopped server's SQLite file, for the discussion scenario. */
import SQLite from "better-sqlite3";

const sentences = [
  "Our county sheriff told the board he cannot opt out, and families stopped calling the police.",
  "Nuestro condado firmó el acuerdo sin una sola audiencia pública; queremos que se escuche a la gente.",
  "The program was sold as targeting serious offenders, but most people deported had no conviction.",
  "Firmé y compartí el enlace con mi iglesia. Más información: https://example.org/secure-communities",
  "Local trust is public safety: victims and witnesses must be able to come forward without fear.",
];

/**
 * Writes `threads` top-level comments on the action, each with `repliesPerThread` replies nested as
 * deep as the discussion goes, all approved, alternating English and Spanish, and moves the action's
 * discussion version as an approval would. Returns how many comments it wrote.
 */
export function seedApprovedComments(
  file: string,
  slug: string,
  threads: number,
  repliesPerThread: number,
): number {
  const db = new SQLite(file, { fileMustExist: true });
  try {
    const action = db
      .prepare("select id, sponsor_organization_id as org from actions where slug = ?")
      .get(slug) as { id: number; org: number } | undefined;
    if (!action) throw new Error(`no action ${slug} in ${file}`);
    const insert = db.prepare(
      `insert into comments (action_id, organization_id, parent_id, root_id, depth, name, email,
         email_canonical, website, body, locale, stance, status, created_at, approved_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'approved', ?, ?)`,
    );
    const stances = ["supports", "doubts", "opposes", null];
    let written = 0;
    const start = Date.parse("2010-09-01T12:00:00Z");
    const write = (parentId: number | null, rootId: number | null, depth: number): number => {
      const n = written++;
      const at = new Date(start + n * 60_000).toISOString();
      const body = `${sentences[n % sentences.length]}\n\n${sentences[(n + 2) % sentences.length]}`;
      const email = `commenter${n}@bench.example`;
      const result = insert.run(
        action.id,
        action.org,
        parentId,
        rootId,
        depth,
        `Commenter ${n}`,
        email,
        email,
        n % 3 === 0 ? `https://site${n}.example.org` : null,
        body,
        n % 2 === 0 ? "en" : "es",
        stances[n % stances.length],
        at,
        at,
      );
      return Number(result.lastInsertRowid);
    };
    db.transaction(() => {
      for (let thread = 0; thread < threads; thread++) {
        const root = write(null, null, 0);
        // As replyPlacement nests them: the first reply under the comment, the next ones under it,
        // and an answer to the deepest level joins that level.
        const first = repliesPerThread > 0 ? write(root, root, 1) : root;
        for (let reply = 1; reply < repliesPerThread; reply++) write(first, root, 2);
      }
      db.prepare("update actions set comments_version = comments_version + 1 where id = ?").run(action.id);
    })();
    return written;
  } finally {
    db.close();
  }
}
