// Thin registries (.com, .net) answer with the registry's data only and point at
// the registrar's RDAP server with a `rel: "related"` link (ICANN gTLD RDAP
// profile, RFC 8288 relation types). The fetcher follows it.

import { LIMITS } from "../limits.js";

const RDAP_TYPE = /^application\/(?:rdap\+)?json$/i;

/** The registrar's RDAP URL from a response's `related` link, or undefined. */
export function relatedRdapUrl(json: unknown): string | undefined {
  if (typeof json !== "object" || json === null) return undefined;
  const links = (json as Record<string, unknown>).links;
  if (!Array.isArray(links)) return undefined;
  let self: string | undefined;
  const related: string[] = [];
  // A related link comes first or among the first few; a list of thousands is not read.
  for (const l of links.slice(0, LIMITS.links)) {
    if (typeof l !== "object" || l === null) continue;
    const { rel, href, type } = l as Record<string, unknown>;
    if (typeof href !== "string" || !/^https?:\/\//i.test(href)) continue;
    if (rel === "self") self = href;
    // A related link without a type is taken only if it looks like an RDAP query path.
    const isRdap = typeof type === "string" ? RDAP_TYPE.test(type) : /\/domain\/[^/]+$/i.test(href);
    if (rel === "related" && isRdap) related.push(href);
  }
  return related.find((h) => h !== self);
}
