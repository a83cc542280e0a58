/**
 * An organization's contacts (the API's people): the signup helper's upsert with Action
 * Network's matching and merge rules, one contact by id, keyset windows of the list, and the
 * consenting signers a confirmation adds. Every upsert runs in one transaction; two concurrent
 * upserts of the same key never make two contacts (the unique indexes refuse the second insert,
 * which then matches again and updates).
 */

import type { Db, Executor } from "../../db/database.ts";
import { type KeysetWindow, readWindow } from "../../db/keyset.ts";
import { OsdiNotFoundError } from "../osdi/osdi.errors.ts";
import { splitName } from "../osdi/osdi.ts";
import type { TagsService } from "../tags/tags.service.ts";
import { ContactConflictError } from "./contacts.errors.ts";
import * as repo from "./contacts.repository.ts";
import {
  absorbContact,
  type Contact,
  type ContactFields,
  mergeContact,
  type PersonInput,
  type PersonSignup,
  planUpsert,
} from "./contacts.ts";

/**
 * Applies a signup's add_tags and remove_tags to a contact inside its transaction: the seam for
 * the tags module (`TagsService.apply`), wired in src/context.ts.
 */
export interface ContactsDeps {
  db: Db;
  /** The signup helper's add_tags and remove_tags, in the upsert's transaction. */
  tags: Pick<TagsService, "apply" | "moveTaggings">;
}

/** What a confirmation tells the contact lists: who confirmed, and to whom they consented. */
export interface ConfirmedSigner {
  actionId: number;
  personId: number;
  name: string;
  postalCode: string;
  source: string | null;
  consentSponsor: boolean;
  /** The co-sponsor whose code brought the signer, when the signer consented to it. */
  consentedReferrerId: number | null;
}

/** Tries of an upsert whose insert met a concurrent one: the second try finds that contact. */
const upsertTries = 3;

export class ContactsService {
  constructor(private readonly deps: ContactsDeps) {}

  /**
   * Creates or updates the contact the person's keys find (guide §3): the email's contact, else
   * the mobile number's; a number held by another email's contact moves here, a phone-only
   * contact merges in. Inside `executor` when given (a caller's transaction), else in its own.
   */
  async upsert(
    executor: Executor | undefined,
    organizationId: number,
    person: PersonInput,
    now: string,
  ): Promise<{ contactId: number; created: boolean }> {
    if (executor) return this.upsertIn(executor, organizationId, person, now);
    return this.deps.db.transaction().execute((trx) => this.upsertIn(trx, organizationId, person, now));
  }

  /** person_signup_helper: the upsert and the signup's tags in one transaction; the contact as stored. */
  async signUp(
    organizationId: number,
    signup: PersonSignup,
    now: string,
  ): Promise<{ contact: Contact; created: boolean }> {
    return this.deps.db.transaction().execute(async (trx) => {
      const { contactId, created } = await this.applySignup(trx, organizationId, signup, now);
      const contact = await repo.findById(trx, organizationId, contactId);
      if (!contact) throw new Error(`contact ${contactId} vanished inside its transaction`);
      return { contact, created };
    });
  }

  /**
   * A helper's person and its add_tags/remove_tags, inside the caller's transaction: the signup
   * helper's, and the record_signature_helper's for the sponsor a keyed signer consented to.
   */
  async applySignup(
    trx: Executor,
    organizationId: number,
    signup: PersonSignup,
    now: string,
  ): Promise<{ contactId: number; created: boolean }> {
    const upserted = await this.upsertIn(trx, organizationId, signup.person, now);
    if (signup.addTags.length > 0 || signup.removeTags.length > 0)
      await this.deps.tags.apply(
        trx,
        organizationId,
        upserted.contactId,
        signup.addTags,
        signup.removeTags,
        now,
      );
    return upserted;
  }

  private async upsertIn(
    trx: Executor,
    organizationId: number,
    person: PersonInput,
    now: string,
  ): Promise<{ contactId: number; created: boolean }> {
    const keys = { emailCanonical: person.email?.canonical ?? null, phone: person.phone };
    for (let tries = 1; tries <= upsertTries; tries++) {
      const found = await repo.findByKeys(trx, organizationId, keys);
      const byEmail = found.find(
        (c) => keys.emailCanonical !== null && c.emailCanonical === keys.emailCanonical,
      );
      const byPhone = found.find((c) => keys.phone !== null && c.phone === keys.phone);
      const plan = planUpsert(person, byEmail, byPhone);
      if (plan.takePhoneFrom !== undefined) await repo.releasePhone(trx, plan.takePhoneFrom, now);
      if (plan.kind === "create") {
        const contactId = await repo.insertContact(trx, organizationId, mergeContact(undefined, person), now);
        if (contactId !== undefined) return { contactId, created: true };
        continue;
      }
      const current = found.find((c) => c.id === plan.id)!;
      let held: ContactFields = current;
      const absorbed = found.find((c) => c.id === plan.absorb);
      if (absorbed) {
        held = absorbContact(current, absorbed);
        await this.deps.tags.moveTaggings(trx, absorbed.id, current.id);
        await repo.deleteContact(trx, absorbed.id);
      }
      await repo.updateContact(trx, current.id, mergeContact(held, person), now);
      return { contactId: current.id, created: false };
    }
    throw new ContactConflictError(`contact upsert conflicted ${upsertTries} times`);
  }

  /** One of the organization's contacts; another organization's (or none) is not found. */
  async contactById(organizationId: number, id: number): Promise<Contact> {
    const contact = await repo.findById(this.deps.db, organizationId, id);
    if (!contact) throw new OsdiNotFoundError(String(id));
    return contact;
  }

  /** True when `id` is one of the organization's contacts. */
  async isContactOf(organizationId: number, id: number): Promise<boolean> {
    return (await repo.findById(this.deps.db, organizationId, id)) !== undefined;
  }

  /** The organization's contact with this canonical email, if any. */
  async contactIdFor(organizationId: number, emailCanonical: string): Promise<number | undefined> {
    return repo.findIdByEmail(this.deps.db, organizationId, emailCanonical);
  }

  /**
   * The organization's contacts with these canonical emails, by email: one read (the unique
   * (organization_id, email_canonical) index), for a page of signatures' person links.
   */
  async contactIdsFor(
    organizationId: number,
    emailCanonicals: readonly string[],
  ): Promise<Map<string, number>> {
    if (emailCanonicals.length === 0) return new Map();
    return repo.findIdsByEmails(this.deps.db, organizationId, emailCanonicals);
  }

  /** A keyset window of the organization's contacts, in id order, with the total of matches. */
  async contacts(
    organizationId: number,
    conditions: repo.ContactRowCondition[],
    window: KeysetWindow,
  ): Promise<{ total: number; rows: Contact[] }> {
    const { db } = this.deps;
    return readWindow(window, {
      count: () => repo.countContacts(db, organizationId, conditions),
      boundary: (skip) => repo.contactBoundary(db, organizationId, conditions, skip),
      seek: (afterId, limit) => repo.seekContacts(db, organizationId, conditions, afterId, limit),
    });
  }

  /**
   * Adds a confirmed signer to the contacts of the sponsor (consent_sponsor) and of the referring
   * co-sponsor (consent_referrer), inside the confirming transaction: one statement, none
   * without consent. The signing's name and postal code refresh an existing contact.
   */
  async addConsentingSigner(trx: Executor, signer: ConfirmedSigner, now: string): Promise<void> {
    if (!signer.consentSponsor && signer.consentedReferrerId === null) return;
    const { given_name: givenName, family_name: familyName } = splitName(signer.name);
    await repo.upsertConsentingSigner(trx, {
      personId: signer.personId,
      sponsorOfActionId: signer.consentSponsor ? signer.actionId : null,
      referrerOrganizationId: signer.consentedReferrerId,
      givenName,
      ...(familyName === undefined ? {} : { familyName }),
      postalCode: signer.postalCode,
      source: signer.source,
      now,
    });
  }
}
