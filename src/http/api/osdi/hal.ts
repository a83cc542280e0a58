/** Our records as HAL+JSON in OSDI's shape (Action Network's field names where it has its own). */

import { maxPageSize, type OsdiPage, osdiNamespace } from "../../../modules/osdi/osdi.ts";
import { paths } from "../../../views/paths.ts";

export const halType = "application/hal+json; charset=utf-8";
export const osdiDocs = "https://opensupporter.github.io/osdi-docs/";

export interface ApiUrls {
  /** The site, for browser_url. */
  site: string;
  /** The entry point without its trailing slash: `https://host/api/v1`. */
  api: string;
}

/** OSDI's documentation for `osdi:` names, our reference for ours. */
function curies(urls: ApiUrls) {
  return [
    { name: "osdi", href: `${osdiDocs}{rel}`, templated: true },
    { name: osdiNamespace, href: `${urls.site}${paths.apiReference("en")}#{rel}`, templated: true },
  ];
}

export function entryPoint(urls: ApiUrls) {
  return {
    motd: "Juntos speaks OSDI: petitions and letters of the key's organization, and its people.",
    vendor_name: "Juntos",
    product_name: "Juntos",
    osdi_version: "1.2.0",
    namespace: osdiNamespace,
    max_pagesize: maxPageSize,
    max_page_size: maxPageSize,
    _links: {
      curies: curies(urls),
      self: { href: `${urls.api}/` },
      "osdi:petitions": { href: `${urls.api}/petitions`, title: "The collection of petitions" },
      "osdi:tags": { href: `${urls.api}/tags`, title: "The collection of tags" },
      "osdi:people": { href: `${urls.api}/people`, title: "The collection of people" },
      "osdi:person_signup_helper": { href: `${urls.api}/people`, title: "The person signup helper" },
      // Ours, not `osdi:`: OSDI's entry point has no organizations collection, and osdi-client
      // (a real client) throws on an `osdi:` collection it has no resource type for.
      [`${osdiNamespace}:organizations`]: {
        href: `${urls.api}/organizations`,
        title: "The key's organization and its co-sponsors",
      },
      docs: { href: osdiDocs, title: "OSDI documentation" },
    },
  };
}

/** A page of a collection: totals, the page's links (`next` carries the seek cursor) and the records. */
export function collectionPage<T>(
  urls: ApiUrls,
  rel: `osdi:${string}`,
  collection: string,
  page: OsdiPage<T>,
  filter: string | undefined,
  resource: (item: T) => { _links: { self: { href: string } } },
) {
  const href = (pageNumber: number, after?: number) => {
    const query = new URLSearchParams({ page: String(pageNumber), per_page: String(page.perPage) });
    if (filter) query.set("filter", filter);
    if (after !== undefined) query.set("after", String(after));
    return { href: `${urls.api}/${collection}?${query}` };
  };
  const items = page.items.map(resource);
  return {
    total_pages: page.totalPages,
    per_page: page.perPage,
    page: page.page,
    total_records: page.totalRecords,
    _links: {
      self: href(page.page),
      ...(page.nextAfter !== null ? { next: href(page.page + 1, page.nextAfter) } : {}),
      // `previous` as OSDI and Action Network name it; `prev` (its IANA twin) is what osdi-client follows.
      ...(page.page > 1 && page.page <= page.totalPages + 1
        ? { previous: href(page.page - 1), prev: href(page.page - 1) }
        : {}),
      [rel]: items.map((item) => item._links.self),
      curies: curies(urls),
    },
    _embedded: { [rel]: items },
  };
}
