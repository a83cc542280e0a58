/**
 * The explicit, ordered list of migrations. Each entry is frozen once it lands on main.
 * The engine is passed in so that a migration can pick a dialect-specific column type.
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator } from "kysely";
import type { DatabaseEngine } from "../../config.ts";
import type { Db } from "../database.ts";
import * as initial from "./001-initial.ts";
import * as organizers from "./002-organizers.ts";
import * as signatureExportIndex from "./003-signature-export-index.ts";
import * as organizationLogos from "./004-organization-logos.ts";
import * as outboxClaimOrder from "./005-outbox-claim-order.ts";
import * as devMailOwnFile from "./006-dev-mail-own-file.ts";
import * as boundInvitations from "./007-bound-invitations.ts";
import * as signatureDetails from "./008-signature-details.ts";
import * as actionTargets from "./009-action-targets.ts";
import * as taskLeases from "./010-task-leases.ts";
import * as organizationTimeZone from "./011-organization-time-zone.ts";
import * as shortlinks from "./012-shortlinks.ts";
import * as cosponsors from "./013-cosponsors.ts";
import * as partnerAttribution from "./014-partner-attribution.ts";
import * as cosponsorInvitations from "./015-cosponsor-invitations.ts";
import * as comments from "./016-comments.ts";
import * as commentFingerprints from "./017-comment-fingerprints.ts";
import * as commentNotifications from "./018-comment-notifications.ts";
import * as commentModeration from "./019-comment-moderation.ts";
import * as commentReading from "./020-comment-reading.ts";
import * as commentSignInProvider from "./021-comment-sign-in-provider.ts";
import * as apiKeys from "./022-api-keys.ts";
import * as webhooks from "./023-webhooks.ts";
import * as contacts from "./024-contacts.ts";
import * as apiKeySignatureConfirmation from "./025-api-key-signature-confirmation.ts";
import * as signatureStatusIndex from "./026-signature-status-index.ts";
import * as cosponsorshipChanges from "./027-cosponsorship-changes.ts";
import * as actionGeography from "./028-action-geography.ts";
import * as deliveries from "./029-deliveries.ts";
import * as actionUpdates from "./030-action-updates.ts";
import * as actionGoalsEndDates from "./031-action-goals-end-dates.ts";
import * as retention from "./032-retention.ts";
import * as signatureCountDeltas from "./033-signature-count-deltas.ts";
import * as signatureDays from "./034-signature-days.ts";

type PortableMigration = { up(db: Kysely<any>, engine: DatabaseEngine): Promise<void> };

const migrations: Record<string, PortableMigration> = {
  "001-initial": initial,
  "002-organizers": organizers,
  "003-signature-export-index": signatureExportIndex,
  "004-organization-logos": organizationLogos,
  "005-outbox-claim-order": outboxClaimOrder,
  "006-dev-mail-own-file": devMailOwnFile,
  "007-bound-invitations": boundInvitations,
  "008-signature-details": signatureDetails,
  "009-action-targets": actionTargets,
  "010-task-leases": taskLeases,
  "011-organization-time-zone": organizationTimeZone,
  "012-shortlinks": shortlinks,
  "013-cosponsors": cosponsors,
  "014-partner-attribution": partnerAttribution,
  "015-cosponsor-invitations": cosponsorInvitations,
  "016-comments": comments,
  "017-comment-fingerprints": commentFingerprints,
  "018-comment-notifications": commentNotifications,
  "019-comment-moderation": commentModeration,
  "020-comment-reading": commentReading,
  "021-comment-sign-in-provider": commentSignInProvider,
  "022-api-keys": apiKeys,
  "023-webhooks": webhooks,
  "024-contacts": contacts,
  "025-api-key-signature-confirmation": apiKeySignatureConfirmation,
  "026-signature-status-index": signatureStatusIndex,
  "027-cosponsorship-changes": cosponsorshipChanges,
  "028-action-geography": actionGeography,
  "029-deliveries": deliveries,
  "030-action-updates": actionUpdates,
  "031-action-goals-end-dates": actionGoalsEndDates,
  "032-retention": retention,
  "033-signature-count-deltas": signatureCountDeltas,
  "034-signature-days": signatureDays,
};

class ListedMigrations implements MigrationProvider {
  constructor(private readonly engine: DatabaseEngine) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(
      Object.entries(migrations).map(([name, m]) => [
        name,
        { up: (db: Kysely<any>) => m.up(db, this.engine) },
      ]),
    );
  }
}

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Db, engine: DatabaseEngine): Promise<void> {
  const migrator = new Migrator({ db, provider: new ListedMigrations(engine) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`Migration ${failed} failed: ${(error as Error).message ?? String(error)}`);
  }
}
