/**
 * Frozen: partners bring their own people. A signature records which co-sponsor's code brought
 * the signer (the code is the partner organization's slug, which never changes), the referring
 * host only (never the full address), and whether the signer agreed to share with that partner,
 * beside the existing consent to the sponsor. A short link may belong to a partner, so that its
 * clicks are the partner's. Each organization's widget for an action lists the origins that may
 * frame it.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("signatures")
    .addColumn("referrer_organization_id", "integer", (c) =>
      c.references("organizations.id").onDelete("set null"),
    )
    .execute();
  await db.schema.alterTable("signatures").addColumn("website", "text").execute();
  await db.schema
    .alterTable("signatures")
    .addColumn("consent_referrer", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  // A partner's numbers and its consenting signers are read per action and partner.
  await db.schema
    .createIndex("signatures_action_referrer")
    .on("signatures")
    .columns(["action_id", "referrer_organization_id", "status"])
    .execute();

  await db.schema
    .alterTable("shortlinks")
    .addColumn("organization_id", "integer", (c) => c.references("organizations.id").onDelete("cascade"))
    .execute();

  await db.schema
    .createTable("action_widgets")
    .addColumn("action_id", "integer", (c) => c.notNull().references("actions.id").onDelete("cascade"))
    .addColumn("organization_id", "integer", (c) =>
      c.notNull().references("organizations.id").onDelete("cascade"),
    )
    // Origins (`https://example.org`), one per line; none means no site may frame the widget.
    .addColumn("allowed_origins", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("action_widgets_key", ["action_id", "organization_id"])
    .execute();
}
