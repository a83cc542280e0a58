/**
 * Partners: the approved co-sponsors of an action, each bringing people through its own referral
 * code (its organization's slug) and short links. Pure rules for what the sponsor and a partner
 * see of that; no I/O.
 */
import type { Locale } from "../../i18n/locale.ts";
import { locales } from "../../i18n/locale.ts";

/** A signer a partner sees: one who came through its code and chose to share with it. */
export interface PartnerSigner {
  id: number;
  name: string;
  email: string;
  postalCode: string;
  status: "pending" | "confirmed" | "invalidated";
  createdAt: string;
  confirmedAt: string | null;
}

/** What came through one partner's code and links (or through none: the sponsor's own reach). */
export interface PartnerNumbers {
  clicks: number;
  signatures: number;
  confirmed: number;
  /** Confirmed signatures per click, 0 to 1 or more; null without clicks (nothing to divide by). */
  conversion: number | null;
}

/** One row of the sponsor's leaderboard: a partner by name, or `null` for the signatures no partner brought. */
export interface LeaderboardRow extends PartnerNumbers {
  partner: { organizationId: number; name: string } | null;
}

export function partnerNumbers(
  clicks: number,
  counts: { signatures: number; confirmed: number },
): PartnerNumbers {
  return { clicks, ...counts, conversion: clicks > 0 ? counts.confirmed / clicks : null };
}

/**
 * The leaderboard: every partner, most confirmed signatures first (then by name), then the row of
 * signatures that came without a partner. Signatures a former partner's code brought before it
 * left count in that last row (with its links' clicks), so the rows always add up to the
 * action's totals.
 */
export function leaderboard(
  partners: readonly { organizationId: number; name: string }[],
  clicksByOwner: ReadonlyMap<number | null, number>,
  countsByReferrer: readonly { organizationId: number | null; signatures: number; confirmed: number }[],
  locale: Locale,
): LeaderboardRow[] {
  const counts = new Map(countsByReferrer.map((row) => [row.organizationId, row]));
  const partnerIds = new Set(partners.map((p) => p.organizationId));
  const rows = partners.map((partner) => ({
    partner,
    ...partnerNumbers(clicksByOwner.get(partner.organizationId) ?? 0, {
      signatures: counts.get(partner.organizationId)?.signatures ?? 0,
      confirmed: counts.get(partner.organizationId)?.confirmed ?? 0,
    }),
  }));
  const collator = new Intl.Collator(locale, { sensitivity: "base" });
  rows.sort((a, b) => b.confirmed - a.confirmed || collator.compare(a.partner.name, b.partner.name));
  const unattributed = countsByReferrer.filter(
    (row) => row.organizationId === null || !partnerIds.has(row.organizationId),
  );
  let unattributedClicks = 0;
  for (const [owner, clicks] of clicksByOwner)
    if (owner === null || !partnerIds.has(owner)) unattributedClicks += clicks;
  const none = partnerNumbers(unattributedClicks, {
    signatures: unattributed.reduce((sum, row) => sum + row.signatures, 0),
    confirmed: unattributed.reduce((sum, row) => sum + row.confirmed, 0),
  });
  return [...rows, { partner: null, ...none }];
}

/** A partner's referral link to the action page in each language. */
export function referralLinks(
  baseUrl: string,
  actionSlug: string,
  partnerSlug: string,
): { locale: Locale; href: string }[] {
  return locales.map((locale) => ({
    locale,
    href: `${baseUrl}/${locale}/a/${actionSlug}?ref=${encodeURIComponent(partnerSlug)}`,
  }));
}
