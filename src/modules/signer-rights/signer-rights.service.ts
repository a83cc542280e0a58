/**
 * Signers' rights and retention: a signer asks by address (answered by mail whatever the address),
 * gets one-time links (download, remove one signature, remove everything), and the links act on a
 * POST only; a periodic task anonymizes the signers of actions closed longer than their
 * organization keeps them. Every erasure is one transaction per signer (or per batch of an
 * action's signers) with its counts, outbox clean-up and audit entry.
 */
import { type Db, nowIso, type Trx } from "../../db/database.ts";
import type { Locale } from "../../db/schema.ts";
import { KeyedRateLimit, type RateLimitStore } from "../abuse/rate-limits.ts";
import { completeChange, forgetSignersInChanges, recordChange } from "../audit/audit.service.ts";
import { type Clock, systemClock } from "../clock.ts";
import { ZipCounties } from "../geography/geography.ts";
import type { SignerLinksMailFacts } from "../mail/mail.ts";
import type { OrganizationAccess } from "../organizations/organizations.service.ts";
import { enqueue } from "../outbox/outbox.repository.ts";
import type { OutboxJobs } from "../outbox/outbox.ts";
import { applyCountChanges } from "../signatures/signature-counts.ts";
import { readSignedId, signId } from "../signed-id.ts";
import * as repo from "./signer-rights.repository.ts";
import {
  addMonths,
  type SignerData,
  type SignerLinkOutcome,
  type SignerLinkPurpose,
  type SignerLinkView,
  signerLinkLifetimeMs,
  signerLinkPurpose,
} from "./signer-rights.ts";

export interface SignerRightsDeps {
  db: Db;
  secret: string;
  clock?: Clock;
  outboxWritten: () => void;
  /** Told after a commit which actions' counts or discussions changed (their cached rows go). */
  actionsChanged: (actionIds: readonly number[]) => void;
  table?: ZipCounties;
  /** Signatures anonymized per transaction. */
  batchSize?: number;
  /** Where the per-address limit counts (Redis when nodes share one), in memory by default. */
  rateLimits?: RateLimitStore;
}

/** Who changed it when a signer or the retention task did: nobody signed in. */
const nobody = (organizationId: number) => ({
  actor: { accountId: null },
  organization: { id: organizationId },
});

export class SignerRightsService {
  private readonly clock: Clock;
  /** Three requests an hour per address, on every node together: nobody can flood someone's mailbox through us. */
  private readonly perAddress: KeyedRateLimit;

  constructor(private readonly deps: SignerRightsDeps) {
    this.clock = deps.clock ?? systemClock;
    this.perAddress = new KeyedRateLimit(
      { points: 3, durationSeconds: 3600 },
      deps.rateLimits,
      "signer-rights:address",
    );
  }

  /**
   * Sends the address its links, or (when nobody signed with it) a mail saying nothing is held.
   * The caller answers the same either way; past the per-address limit nothing is sent.
   */
  async request(email: string, emailCanonical: string, locale: Locale): Promise<void> {
    if (!(await this.perAddress.consume(emailCanonical)).allowed) return;
    const now = this.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const person = await repo.findPersonByCanonical(trx, emailCanonical);
      if (!person) {
        await enqueue(
          trx,
          "signer_rights.email",
          { personId: null, email, linkIds: [], locale },
          nowIso(now),
        );
        return;
      }
      const signatures = await repo.signaturesOf(trx, person.id);
      const links: { personId: number; purpose: SignerLinkPurpose; signatureId: number | null }[] = [
        ...signatures.map((s) => ({
          personId: person.id,
          purpose: "remove_signature" as const,
          signatureId: s.id,
        })),
        { personId: person.id, purpose: "remove_all", signatureId: null },
        { personId: person.id, purpose: "download", signatureId: null },
      ];
      const expires = nowIso(new Date(now.getTime() + signerLinkLifetimeMs));
      const linkIds = await repo.insertLinks(trx, links, locale, nowIso(now), expires);
      await enqueue(
        trx,
        "signer_rights.email",
        { personId: person.id, email: null, linkIds, locale },
        nowIso(now),
      );
    });
    this.deps.outboxWritten();
  }

  /** The mail of a request, at send time; null when its person is gone meanwhile. */
  async linksMail(
    job: OutboxJobs["signer_rights.email"],
  ): Promise<Omit<SignerLinksMailFacts, "baseUrl"> | null> {
    const validDays = Math.round(signerLinkLifetimeMs / 86_400_000);
    if (job.personId === null)
      return job.email
        ? { to: job.email, signatures: [], removeAllToken: null, downloadToken: null, validDays }
        : null;
    const db = this.deps.db;
    const person = await repo.findPerson(db, job.personId);
    if (!person) return null;
    const signatures = new Map((await repo.signaturesOf(db, person.id)).map((s) => [s.id, s]));
    const facts: Omit<SignerLinksMailFacts, "baseUrl"> = {
      to: person.email,
      signatures: [],
      removeAllToken: null,
      downloadToken: null,
      validDays,
    };
    for (const link of await repo.findLinks(db, job.linkIds)) {
      const token = signId(this.deps.secret, signerLinkPurpose, link.id);
      if (link.purpose === "download") facts.downloadToken = token;
      else if (link.purpose === "remove_all") facts.removeAllToken = token;
      else {
        const signature = link.signatureId === null ? undefined : signatures.get(link.signatureId);
        if (signature)
          facts.signatures.push({ title: await repo.actionTitle(db, signature.actionId, job.locale), token });
      }
    }
    return facts;
  }

  /** What a link would do, for its page (the GET changes nothing). */
  async link(token: string): Promise<SignerLinkView> {
    const found = await this.usableLink(this.deps.db, token);
    if ("state" in found) return found;
    const { link, locale } = found;
    if (link.purpose !== "remove_signature") return { state: "ready", purpose: link.purpose, locale };
    const [signature] = await repo.signaturesById(this.deps.db, [link.signatureId ?? 0]);
    if (!signature) return { state: "spent" };
    return {
      state: "ready",
      purpose: "remove_signature",
      locale,
      actionTitle: await repo.actionTitle(this.deps.db, signature.actionId, locale),
    };
  }

  /** Does what a link says, once (its POST). */
  async use(token: string): Promise<SignerLinkOutcome> {
    const now = this.clock.now();
    const changed: number[] = [];
    const outcome = await this.deps.db.transaction().execute(async (trx): Promise<SignerLinkOutcome> => {
      const found = await this.usableLink(trx, token);
      if ("state" in found) return found;
      const { link, locale } = found;
      // Two of one person's links pressed at once: without this lock, each transaction spends its
      // own link, then the first one's removal (cascading to the links of the signature it
      // deletes) waits on the second's link while the second waits on the first: a deadlock.
      const person = await repo.lockPerson(trx, link.personId);
      if (!person || !(await repo.spendLink(trx, link.id, nowIso(now)))) return { state: "spent" };
      if (link.purpose === "download")
        return { state: "download", data: await this.data(trx, person, locale, now) };
      if (link.purpose === "remove_all") {
        const all = await repo.signaturesById(
          trx,
          (await repo.signaturesOf(trx, person.id)).map((s) => s.id),
        );
        changed.push(...(await this.remove(trx, person, all, true, now)));
        return { state: "removed_all" };
      }
      const signatures = await repo.signaturesById(trx, [link.signatureId ?? 0]);
      const [signature] = signatures;
      if (!signature || signature.personId !== person.id) return { state: "spent" };
      const actionTitle = await repo.actionTitle(trx, signature.actionId, locale);
      changed.push(...(await this.remove(trx, person, signatures, false, now)));
      return { state: "removed_signature", actionTitle };
    });
    if (changed.length > 0) this.deps.actionsChanged(changed);
    return outcome;
  }

  private async usableLink(
    db: Db | Trx,
    token: string,
  ): Promise<{ state: "invalid" | "spent" } | { link: repo.LinkRow; locale: Locale }> {
    const id = readSignedId(this.deps.secret, signerLinkPurpose, token);
    if (id === null) return { state: "invalid" };
    const [link] = await repo.findLinks(db, [id]);
    // Signed by us but gone (its person removed, or purged), used, or expired.
    if (!link || link.usedAt !== null || link.expiresAt <= nowIso(this.clock.now()))
      return { state: "spent" };
    return { link, locale: link.locale };
  }

  /** Everything held about a person, for the download. */
  private async data(trx: Trx, person: repo.PersonRow, locale: Locale, now: Date): Promise<SignerData> {
    const titles = new Map<number, string>();
    const title = async (actionId: number) => {
      if (!titles.has(actionId)) titles.set(actionId, await repo.actionTitle(trx, actionId, locale));
      return titles.get(actionId)!;
    };
    const signatures = await repo.exportSignatures(trx, person.id);
    const comments = await repo.exportComments(trx, person.emailCanonical, person.id);
    const subscriptions = await repo.exportSubscriptions(trx, person.emailCanonical);
    const contacts = await repo.exportContacts(trx, person.emailCanonical, person.id);
    return {
      generatedAt: nowIso(now),
      person: {
        email: person.email,
        name: person.name,
        postalCode: person.postalCode,
        locale: person.locale,
        createdAt: person.createdAt,
      },
      signatures: await Promise.all(
        signatures.map(async (s) => ({
          action: { slug: s.slug, title: await title(s.actionId), sponsor: s.sponsor },
          status: s.status,
          name: s.name,
          postalCode: s.postalCode,
          city: s.city,
          comment: s.comment,
          consentToSponsor: s.consentSponsor === 1,
          referrer: s.referrer,
          consentToReferrer: s.consentReferrer === 1,
          signedAt: s.createdAt,
          confirmedAt: s.confirmedAt,
        })),
      ),
      comments: await Promise.all(
        comments.map(async (c) => ({
          action: { slug: c.slug, title: await title(c.actionId) },
          name: c.name,
          body: c.body,
          status: c.status,
          postedAt: c.createdAt,
        })),
      ),
      subscriptions: await Promise.all(
        subscriptions.map(async (s) => ({
          action: { slug: s.slug, title: await title(s.actionId) },
          scope: s.scope,
          status: s.status,
        })),
      ),
      contacts: contacts.map((c) => ({
        organization: c.organization,
        givenName: c.givenName,
        familyName: c.familyName,
        email: c.email,
        phone: c.phone,
        postalCode: c.postalCode,
        locality: c.locality,
        region: c.region,
        country: c.country,
        addressLines: JSON.parse(c.addressLines) as string[],
        customFields: JSON.parse(c.customFields) as Record<string, string>,
        tags: c.tags,
        since: c.since,
      })),
    };
  }

  /**
   * Removes a person's signatures (all of them, or some); once none is left, or when `whole`,
   * everything else held about them too. Returns the actions whose rows changed.
   */
  private async remove(
    trx: Trx,
    person: repo.PersonRow,
    signatures: repo.SignatureToErase[],
    whole: boolean,
    now: Date,
  ): Promise<number[]> {
    const at = nowIso(now);
    const ids = signatures.map((s) => s.id);
    const left = (await repo.signaturesOf(trx, person.id)).filter((s) => !ids.includes(s.id));
    const everything = whole || left.length === 0;
    const canonical = [person.emailCanonical];
    const comments = await repo.scrubSigningComments(trx, ids);
    const subscriptionIds: number[] = [];
    if (everything) {
      comments.push(...(await repo.scrubCommentsByAddress(trx, canonical, null)));
      subscriptionIds.push(...(await repo.deleteSubscriptions(trx, canonical, null)));
      await repo.deleteContacts(trx, person.id, person.emailCanonical, "all");
    } else {
      for (const actionId of new Set(signatures.map((s) => s.actionId)))
        subscriptionIds.push(...(await repo.deleteSubscriptions(trx, canonical, actionId)));
      await this.deleteDerivedContacts(trx, person.id, person.emailCanonical, signatures);
    }
    const organizations = new Set(signatures.map((s) => s.sponsorOrganizationId));
    for (const id of await repo.organizationsOfComments(
      trx,
      comments.map((c) => c.id),
    ))
      organizations.add(id);
    await forgetSignersInChanges(trx, [...organizations], {
      signatureIds: ids,
      commentIds: comments.map((c) => c.id),
    });
    await repo.deleteJobs(trx, {
      signatureIds: ids,
      subscriptionIds,
      personIds: everything ? [person.id] : [],
      emails: everything ? [person.email] : [],
    });
    const deleted = await repo.deleteSignatures(trx, ids);
    if (everything) await repo.deletePeople(trx, [person.id]);
    const uncounted = deleted.flatMap(({ actionId, status, confirmedAt }) =>
      status === "confirmed" && confirmedAt !== null ? [{ actionId, confirmedAt, delta: -1 }] : [],
    );
    await applyCountChanges(trx, uncounted);
    const discussions = new Set(comments.map((c) => c.actionId));
    await repo.adjustActions(trx, new Set(uncounted.map((c) => c.actionId)), discussions, at);
    const facts = new Map(signatures.map((s) => [s.actionId, s]));
    const byAction = new Map<number, { sponsor: number; slug: string; removed: number; confirmed: number }>();
    for (const s of deleted) {
      const action = facts.get(s.actionId)!;
      const entry = byAction.get(s.actionId) ?? {
        sponsor: action.sponsorOrganizationId,
        slug: action.actionSlug,
        removed: 0,
        confirmed: 0,
      };
      entry.removed += 1;
      if (s.status === "confirmed") entry.confirmed += 1;
      byAction.set(s.actionId, entry);
    }
    for (const [actionId, entry] of byAction)
      await recordChange(
        trx,
        nobody(entry.sponsor),
        {
          event: everything && whole ? "signature.signer_removed" : "signature.removed_by_signer",
          subject: `action:${actionId}:${entry.slug}`,
          detail: { signatures: entry.removed, confirmed: entry.confirmed },
        },
        at,
      );
    return [...new Set([...byAction.keys(), ...discussions])];
  }

  /**
   * The contacts that only these signatures' consent gave: an organization the person consented to
   * through none of their other kept signatures loses its contact of them.
   */
  private async deleteDerivedContacts(
    trx: Trx,
    personId: number,
    emailCanonical: string,
    signatures: readonly repo.SignatureToErase[],
  ): Promise<void> {
    const given = new Set<number>();
    for (const s of signatures) {
      if (s.consentSponsor === 1) given.add(s.sponsorOrganizationId);
      if (s.consentReferrer === 1 && s.referrerOrganizationId !== null) given.add(s.referrerOrganizationId);
    }
    if (given.size === 0) return;
    const still = await repo.consentedOrganizations(
      trx,
      personId,
      signatures.map((s) => s.id),
    );
    await repo.deleteContacts(
      trx,
      personId,
      emailCanonical,
      [...given].filter((id) => !still.has(id)),
    );
  }

  /** Forgets links that expired (a used one stays until then, to say it was used). */
  async purgeLinks(now: Date): Promise<void> {
    await repo.purgeLinks(this.deps.db, nowIso(now));
  }

  // ---- retention ----

  /** The organization's retention setting, in months. */
  async retention(access: OrganizationAccess): Promise<number> {
    access.require("organization.manage");
    return repo.retentionMonths(this.deps.db, access.organization.id);
  }

  /** Sets how many months after an action closes its signers are kept, with an audit entry. */
  async setRetention(access: OrganizationAccess, months: number): Promise<void> {
    access.require("organization.manage");
    await this.deps.db.transaction().execute(async (trx) => {
      const from = await repo.retentionMonths(trx, access.organization.id);
      if (from === months) return;
      await repo.setRetentionMonths(trx, access.organization.id, months);
      await recordChange(trx, access, {
        event: "organization.retention_changed",
        subject: `organization:${access.organization.id}`,
        detail: { from, to: months },
      });
    });
  }

  /**
   * Anonymizes the signers of every action closed longer ago than its organization keeps them,
   * in batches; each action's run is one audit entry. Safe to run again.
   */
  async anonymizeDue(now: Date): Promise<{ actions: number; signatures: number }> {
    const due = (await repo.closedActionsWithSigners(this.deps.db)).filter(
      (a) => a.closedAt !== null && addMonths(new Date(a.closedAt), a.retentionMonths) <= now,
    );
    let total = 0;
    for (const action of due) {
      let entryId: number | null = null;
      let count = 0;
      for (;;) {
        const batch = await this.deps.db.transaction().execute(async (trx) => {
          const signatures = await repo.keptSignaturesOfAction(trx, action.id, this.deps.batchSize ?? 500);
          if (signatures.length === 0) return 0;
          await this.anonymize(trx, action.id, action.organizationId, signatures, now);
          entryId ??= await recordChange(
            trx,
            nobody(action.organizationId),
            {
              event: "signature.anonymized",
              subject: `action:${action.id}:${action.slug}`,
              detail: {
                signatures: signatures.length,
                closedAt: action.closedAt,
                retentionMonths: action.retentionMonths,
              },
            },
            nowIso(now),
          );
          return signatures.length;
        });
        if (batch === 0) break;
        count += batch;
        this.deps.actionsChanged([action.id]);
      }
      if (entryId !== null)
        await completeChange(this.deps.db, entryId, {
          signatures: count,
          closedAt: action.closedAt,
          retentionMonths: action.retentionMonths,
        });
      total += count;
    }
    return { actions: due.length, signatures: total };
  }

  private async anonymize(
    trx: Trx,
    actionId: number,
    organizationId: number,
    signatures: repo.SignatureToErase[],
    now: Date,
  ): Promise<void> {
    const at = nowIso(now);
    const table = this.deps.table ?? ZipCounties.shippedTable();
    const ids = signatures.map((s) => s.id);
    const personIds = [...new Set(signatures.map((s) => s.personId))];
    const addresses = await repo.addressesOf(trx, personIds);
    const canonicals = [...addresses.values()].map((a) => a.canonical);
    const comments = await repo.scrubSigningComments(trx, ids);
    comments.push(...(await repo.scrubCommentsByAddress(trx, canonicals, actionId)));
    const subscriptionIds = await repo.deleteSubscriptions(trx, canonicals, actionId);
    const kept = await repo.remainingSignatureCounts(trx, personIds);
    const inBatch = new Map<number, repo.SignatureToErase[]>();
    for (const s of signatures) inBatch.set(s.personId, [...(inBatch.get(s.personId) ?? []), s]);
    const blank: number[] = [];
    const detached: repo.SignatureToErase[] = [];
    for (const [personId, own] of inBatch) {
      const address = addresses.get(personId);
      if (address) await this.deleteDerivedContacts(trx, personId, address.canonical, own);
      const elsewhere = (kept.get(personId)?.kept ?? 0) - own.length;
      if (elsewhere > 0) detached.push(...own);
      else blank.push(personId);
    }
    const byCounty = new Map<string | null, number[]>();
    for (const s of signatures) {
      const county = table.place(s.postalCode)?.countyFips ?? null;
      byCounty.set(county, [...(byCounty.get(county) ?? []), s.id]);
    }
    for (const [county, group] of byCounty) await repo.anonymizeSignatures(trx, group, county, at);
    for (const s of detached)
      await repo.detachFromPerson(trx, s.id, addresses.get(s.personId)?.locale ?? "en", at);
    await repo.deleteJobs(trx, {
      signatureIds: ids,
      subscriptionIds,
      personIds: blank,
      emails: blank.map((id) => addresses.get(id)?.email ?? "").filter(Boolean),
    });
    await repo.blankPeople(trx, blank, at);
    await forgetSignersInChanges(trx, [organizationId], {
      signatureIds: ids,
      commentIds: comments.map((c) => c.id),
    });
    await repo.adjustActions(trx, new Set(), new Set(comments.map((c) => c.actionId)), at);
  }
}
