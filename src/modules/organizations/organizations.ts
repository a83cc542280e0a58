/** Organizations: sponsors and co-sponsors of actions. Pure rules. */
import type { Role } from "../../db/schema.ts";
import { slugProblem } from "../actions/action-form.ts";

/** A URL-safe slug from an organization's name ("SF Day Labor Program" → "sf-day-labor-program"). */
export function slugify(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
}

/**
 * The link names to try, in order, for something named by its name alone (an organization of an
 * invitee accepting to co-sponsor, an action made over the API): its slug, then numbered ones,
 * then a random one. A name that makes no acceptable slug (too short, reserved, offensive, not in
 * Latin letters) gives `fallback`.
 */
export function slugCandidates(name: string, random: () => string, fallback = "organization"): string[] {
  const derived = slugify(name).slice(0, 52).replace(/-+$/, "");
  const base = slugProblem(derived) ? fallback : derived;
  return [base, ...Array.from({ length: 19 }, (_, i) => `${base}-${i + 2}`), `${base}-${random()}`];
}

/** Largest logo we keep: plenty for a sharp 400 px mark, small enough for slow phones. */
export const maxLogoBytes = 200 * 1024;

/**
 * The image type of an upload, from its first bytes (never from its name or declared type):
 * PNG, JPEG or WebP only. SVG is refused because it can carry script.
 */
export function logoType(bytes: Buffer): "image/png" | "image/jpeg" | "image/webp" | null {
  if (
    bytes.length >= 8 &&
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  ) {
    return "image/png";
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (
    bytes.length >= 12 &&
    bytes.toString("latin1", 0, 4) === "RIFF" &&
    bytes.toString("latin1", 8, 12) === "WEBP"
  ) {
    return "image/webp";
  }
  return null;
}

/** A member of an organization as the members page lists them. */
export interface Member {
  accountId: number;
  name: string;
  email: string;
  role: Role;
}
