import { z } from "@hono/zod-openapi";
import { ipFamily, ipv6ToBytes, ipv6ToRfc5952Text } from "../../net/ip.js";
import type { PageReader } from "../../passive/read-pages.js";
import { parseTarget } from "../../registration/target.js";
import { HttpError, type RequestContext } from "../http.js";
import { pacedSearch } from "../slices.js";

// What the intel routes (IP, domain, registration, lookup, lookalike pages) share:
// their path parameters, checked in the handler so that a value naming nothing is a
// 404 (the page of "no-such-ip" does not exist), and the store reader they pass
// the library, which reads each page in the server's turns (src/api/pacer.ts).

/** An AS: what the IP page and the domain card say of an address (src/enrich/ip-info.ts). */
export const AsnSchema = z
  .object({
    number: z.number().int().openapi({ example: 64500 }),
    name: z.string().openapi({ example: "EXAMPLE-NET" }),
  })
  .openapi("Asn");

/** A path parameter documented with an example, read as text (checked by the handler). */
export const pathParam = (name: string, description: string, example: string) =>
  z.string().openapi({ param: { name, in: "path" }, description, example });

/** The IP address of the path, or 404 naming the parameter. */
export function ipParam(value: string, name = "ip"): string {
  // isIP takes a zone id (fe80::1%eth0): no page is about an address on one link.
  if (value.length > 64 || value.includes("%") || ipFamily(value) === 0)
    throw new HttpError(404, `path parameter "${name}": "${clip(value)}" is not an IP address`);
  // One spelling per address (RFC 5952 for IPv6), whatever the link said.
  return ipFamily(value) === 6 ? ipv6ToRfc5952Text(ipv6ToBytes(value)!) : value;
}

/** A domain name as the store keeps it (lowercase A-label, no trailing dot), or 404 naming the parameter. */
export function nameParam(value: string, name = "name"): string {
  let t;
  try {
    t = parseTarget(value);
  } catch {
    t = undefined;
  }
  if (t?.kind !== "domain")
    throw new HttpError(404, `path parameter "${name}": "${clip(value)}" is not a domain name`);
  return t.name;
}

export const clip = (s: string): string => (s.length > 80 ? `${s.slice(0, 80)}…` : s);

/** How far the library reads for this request: pages of the server's size, `maxRows` rows at most. */
export const readLimits = (ctx: RequestContext, maxRows: number) => ({
  pageSize: ctx.limits.pageSize,
  maxRows,
});

/** The library's page reader for this request: one store call per pacer turn. */
export const pacedReader =
  (ctx: RequestContext): PageReader =>
  (search, first) =>
    pacedSearch(ctx, search, first);
