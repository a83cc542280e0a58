/** People who sign. Pure rules for recognizing the same person twice. */

/** Providers known to ignore dots in the local part. */
const dotInsensitive = new Set(["gmail.com"]);
/** Providers known to deliver `name+tag@` to `name@`. */
const plusTagged = new Set([
  "gmail.com",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "msn.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "protonmail.com",
  "proton.me",
  "pm.me",
  "fastmail.com",
  "yahoo.com",
]);
const domainAliases: Record<string, string> = { "googlemail.com": "gmail.com" };

/**
 * The key that makes one person sign once: lower case, trimmed, with the dots and +tags that
 * big providers ignore removed. The address as typed is still the one we write to.
 */
export function canonicalEmail(email: string): string {
  const trimmed = email.trim().toLowerCase();
  const at = trimmed.lastIndexOf("@");
  if (at < 1) return trimmed;
  let local = trimmed.slice(0, at);
  let domain = trimmed.slice(at + 1);
  domain = domainAliases[domain] ?? domain;
  if (plusTagged.has(domain)) local = local.split("+")[0] ?? local;
  if (dotInsensitive.has(domain)) local = local.replaceAll(".", "");
  return `${local}@${domain}`;
}

/**
 * A practical address check (not RFC 5322): one @, a dotted domain of letters, digits and
 * hyphens, no spaces or angle brackets. The confirmation email is the real check.
 */
export function isPlausibleEmail(email: string): boolean {
  if (email.length > 254) return false;
  return /^[^\s@<>()[\]\\,;:"]{1,64}@(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(
    email,
  );
}
