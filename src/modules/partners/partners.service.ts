/**
 * Partners' numbers and people. A co-sponsor's members see, for an action their organization
 * co-sponsors (approved), their referral links, their own short links, what came through them,
 * and the signers who came through them and agreed to share with them; the sponsor sees the
 * leaderboard of all its partners. Built on the co-sponsors, short links and signatures services.
 */
import type { Locale } from "../../i18n/locale.ts";
import type { ActionsService } from "../actions/actions.service.ts";
import { CosponsorNotFoundError } from "../cosponsors/cosponsors.errors.ts";
import type { CosponsorsService } from "../cosponsors/cosponsors.service.ts";
import type { OrganizationAccess } from "../organizations/organizations.service.ts";
import type { LinkScope, ShortLinksService } from "../shortlinks/shortlinks.service.ts";
import type { ShortLinkFormValues } from "../shortlinks/shortlinks.ts";
import type { SignatureAdminService } from "../signatures/signature-admin.service.ts";
import type { CsvLabels } from "../signatures/signature-csv.ts";
import { leaderboard, type PartnerSigner, partnerNumbers, referralLinks } from "./partners.ts";

export interface PartnersDeps {
  baseUrl: string;
  actions: Pick<ActionsService, "heading">;
  cosponsors: Pick<CosponsorsService, "findCosponsored" | "cosponsorsOf">;
  shortlinks: Pick<
    ShortLinksService,
    | "partnerLinks"
    | "createPartnerLink"
    | "findPartnerLink"
    | "removePartnerLink"
    | "partnerQrCode"
    | "clicksPerOwner"
  >;
  signatures: Pick<
    SignatureAdminService,
    "referrals" | "ownReferrals" | "consentingSigners" | "exportConsentingSigners"
  >;
}

/** The action a partner's page is about, titled in the reader's language. */
export interface PartneredAction {
  id: number;
  slug: string;
  title: string;
  sponsorName: string;
}

export class PartnersService {
  constructor(private readonly deps: PartnersDeps) {}

  /** The partner's page of an action it co-sponsors: referral links, its short links, its numbers. */
  async overview(access: OrganizationAccess, actionId: number, locale: Locale) {
    const { action, scope } = await this.partnership(access, actionId, locale);
    const [links, clicks, counts] = await Promise.all([
      this.deps.shortlinks.partnerLinks(scope),
      this.deps.shortlinks.clicksPerOwner(action.id),
      this.deps.signatures.ownReferrals(access, action.id),
    ]);
    return {
      action,
      referralLinks: referralLinks(this.deps.baseUrl, action.slug, access.organization.slug),
      links,
      numbers: partnerNumbers(clicks.get(access.organization.id) ?? 0, counts),
    };
  }

  /** The signers who came through the partner's code and agreed to share with it, a page at a time. */
  async signers(access: OrganizationAccess, actionId: number, page: number, locale: Locale) {
    access.require("signatures.view");
    const { action } = await this.partnership(access, actionId, locale);
    const { rows, ...paging } = await this.deps.signatures.consentingSigners(access, action.id, page);
    const signers: PartnerSigner[] = rows;
    return { action, rows: signers, ...paging };
  }

  /** Those signers as a streamed CSV, audited in the partner's log. */
  async exportSigners(
    access: OrganizationAccess,
    actionId: number,
    labels: Pick<CsvLabels, "header" | "status">,
  ) {
    access.require("signatures.export");
    const { action } = await this.partnership(access, actionId, "en");
    return this.deps.signatures.exportConsentingSigners(access, action, labels);
  }

  async createLink(access: OrganizationAccess, actionId: number, values: ShortLinkFormValues) {
    access.require("actions.edit");
    const { scope } = await this.partnership(access, actionId, "en");
    return this.deps.shortlinks.createPartnerLink(access, scope, values);
  }

  /** One of the partner's links (for the confirmation before deleting it). */
  async findLink(access: OrganizationAccess, actionId: number, linkId: number) {
    const { scope } = await this.partnership(access, actionId, "en");
    return this.deps.shortlinks.findPartnerLink(scope, linkId);
  }

  async removeLink(access: OrganizationAccess, actionId: number, linkId: number) {
    access.require("actions.edit");
    const { scope } = await this.partnership(access, actionId, "en");
    return this.deps.shortlinks.removePartnerLink(access, scope, linkId);
  }

  async qrCode(access: OrganizationAccess, actionId: number, linkId: number, format: "svg" | "png") {
    const { scope } = await this.partnership(access, actionId, "en");
    return this.deps.shortlinks.partnerQrCode(scope, linkId, format);
  }

  /** The sponsor's leaderboard of its action's partners: counts only, so viewers see it too. */
  async leaderboard(access: OrganizationAccess, actionId: number, locale: Locale) {
    const action = await this.deps.actions.heading(access, actionId, locale);
    const [partners, clicks, counts] = await Promise.all([
      this.deps.cosponsors.cosponsorsOf(action.id),
      this.deps.shortlinks.clicksPerOwner(action.id),
      this.deps.signatures.referrals(access, action.id),
    ]);
    return { action, rows: leaderboard(partners, clicks, counts, locale) };
  }

  /**
   * The action, if the accessing organization is its approved co-sponsor; otherwise it does not
   * exist for them (404), as the sponsor's actions never do for other organizations. A partner
   * that withdrew or was removed no longer sees its numbers or its signers.
   */
  private async partnership(
    access: OrganizationAccess,
    actionId: number,
    locale: Locale,
  ): Promise<{ action: PartneredAction; scope: LinkScope }> {
    const item = await this.deps.cosponsors.findCosponsored(access, actionId, locale);
    if (item.status !== "approved") throw new CosponsorNotFoundError(String(actionId));
    const action = { id: item.actionId, slug: item.slug, title: item.title, sponsorName: item.sponsorName };
    return {
      action,
      scope: { actionId: item.actionId, organizationId: access.organization.id, title: item.title },
    };
  }
}
