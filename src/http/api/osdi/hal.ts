/** Our records as HAL+JSON in OSDI's shape (Action Network's field names where it has its own). */
import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import {
  maxPageSize,
  type OsdiPage,
  type OsdiPetition,
  type OsdiSignature,
  osdiIdentifier,
  osdiNamespace,
  signatureFields,
} from "../../../modules/osdi/osdi.ts";
import { Markdown } from "../../../views/markdown.tsx";
import { paths } from "../../../views/paths.ts";

export const halType = "application/hal+json; charset=utf-8";
const osdiDocs = "https://opensupporter.github.io/osdi-docs/";

export interface ApiUrls {
  /** The site, for browser_url. */
  site: string;
  /** The entry point without its trailing slash: `https://host/api/v1`. */
  api: string;
}

export function entryPoint(urls: ApiUrls) {
  return {
    motd: "Juntos speaks OSDI: petitions and letters of the key's organization.",
    vendor_name: "Juntos",
    product_name: "Juntos",
    osdi_version: "1.2.0",
    namespace: osdiNamespace,
    max_pagesize: maxPageSize,
    max_page_size: maxPageSize,
    _links: {
      curies: [{ name: "osdi", href: `${osdiDocs}{rel}`, templated: true }],
      self: { href: `${urls.api}/` },
      "osdi:petitions": { href: `${urls.api}/petitions`, title: "The collection of petitions" },
      docs: { href: osdiDocs, title: "OSDI documentation" },
    },
  };
}

export function petitionResource(urls: ApiUrls, petition: OsdiPetition) {
  const self = `${urls.api}/petitions/${petition.id}`;
  return {
    identifiers: [osdiIdentifier(petition.id)],
    origin_system: "Juntos",
    created_date: petition.createdAt,
    modified_date: petition.modifiedAt,
    name: petition.title,
    title: petition.title,
    description: renderToString(h(Markdown, { source: petition.description })),
    summary: petition.summary,
    petition_text: petition.petitionText,
    browser_url: urls.site + paths.action("en", petition.slug),
    target: petition.targets.map((name) => ({ name })),
    total_signatures: petition.totalSignatures,
    // Action Network's own way of naming an action's group, which its clients read.
    "action_network:sponsor": { title: petition.sponsor.name },
    // OSDI has one sponsor; the coalition behind an action is ours to name.
    [`${osdiNamespace}:cosponsors`]: petition.cosponsors.map((name) => ({ name })),
    _links: { self: { href: self }, "osdi:signatures": { href: `${self}/signatures` } },
    _embedded: { "osdi:creator": { name: petition.sponsor.name } },
  };
}

/**
 * A signature of a petition: Action Network's fields (the person only when the signer consented
 * to the key's organization), the spec's `referrer_data` beside Action Network's, the consent given.
 */
export function signatureResource(urls: ApiUrls, petitionId: number, signature: OsdiSignature) {
  const petition = `${urls.api}/petitions/${petitionId}`;
  return {
    ...signatureFields(signature),
    origin_system: "Juntos",
    referrer_data: signature.referrerData,
    [`${osdiNamespace}:consent`]: signature.consent,
    _links: {
      self: { href: `${petition}/signatures/${signature.id}` },
      "osdi:petition": { href: petition },
    },
  };
}

/** A page of a collection: totals, the page's links (`next` carries the seek cursor) and the records. */
export function collectionPage<T>(
  urls: ApiUrls,
  rel: "osdi:petitions" | "osdi:signatures",
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
      ...(page.page > 1 && page.page <= page.totalPages + 1 ? { previous: href(page.page - 1) } : {}),
      [rel]: items.map((item) => item._links.self),
      curies: [{ name: "osdi", href: `${osdiDocs}{rel}`, templated: true }],
    },
    _embedded: { [rel]: items },
  };
}
