/** Organizations: sponsors and co-sponsors of actions. Pure rules. */

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
