import { isDnsightError } from "../../errors.js";
import { parsePdnsQuery } from "../../passive/query.js";
import type { PdnsRequest } from "../../passive/search.js";
import { HttpError } from "../http.js";
import type { LookupKind } from "./records.js";

// The paths of DNSDB API v2 below /dnsdb/v2/ (each query under lookup/ or summarize/):
//   rrset/name/{owner}[/{type}[/{bailiwick}]]   owner may be *.example.com or www.example.*
//   rdata/name/{name}[/{type}]
//   rdata/ip/{addr} | {addr},{pfxlen} | {a}-{b}
// Components are URL-encoded (dnsdbq sends "*" as %2A, and a "/" inside a name as
// %2F), so the raw path is split first and each part decoded after. The raw-hex
// forms (rrset/raw, rdata/raw) are answered 501: the store keeps presentation form.

export type DnsdbRoute =
  | { kind: "ping" }
  | { kind: "rate_limit" }
  | { kind: "query"; verb: "lookup" | "summarize"; on: LookupKind; request: PdnsRequest };

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new HttpError(400, `bad URL encoding in "${part}"`);
  }
}

function queryKind(text: string): string {
  try {
    return parsePdnsQuery(text).kind;
  } catch (e) {
    if (isDnsightError(e)) throw new HttpError(400, e.message);
    throw e;
  }
}

function oneType(t: string | undefined): string | undefined {
  if (t === undefined || t === "") return undefined;
  if (t.includes(",")) throw new HttpError(400, `one record type per query, got "${t}"`);
  return t;
}

/** `rawPath`: the URL path after /dnsdb/v2/, still encoded. */
export function parseDnsdbPath(rawPath: string): DnsdbRoute {
  const parts = rawPath.split("/");
  if (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  const [verb, on, form, ...rest] = parts.map(decode);
  const notFound = (): never => {
    throw new HttpError(404, `no such endpoint: /dnsdb/v2/${rawPath}`);
  };
  if (parts.length === 1 && verb === "ping") return { kind: "ping" };
  if (parts.length === 1 && verb === "rate_limit") return { kind: "rate_limit" };
  if ((verb !== "lookup" && verb !== "summarize") || (on !== "rrset" && on !== "rdata"))
    return notFound();
  if (form === "raw") throw new HttpError(501, `${on}/raw lookups are not supported`);
  const [query, type, bailiwick] = rest;
  if (query === undefined || query === "") return notFound();
  const request: PdnsRequest = { query };
  const rrtype = oneType(type);
  if (rrtype !== undefined) request.rrtype = rrtype;
  const kind = queryKind(query);
  if (on === "rrset" && form === "name" && rest.length <= 3) {
    if (kind === "ip") throw new HttpError(400, `rrset/name wants a name, not "${query}"`);
    if (bailiwick !== undefined && bailiwick !== "") request.bailiwick = bailiwick;
  } else if (on === "rdata" && form === "name" && rest.length <= 2) {
    if (kind === "ip") throw new HttpError(400, `"${query}" is an address: use rdata/ip`);
    request.rdata = true;
  } else if (on === "rdata" && form === "ip" && rest.length === 1) {
    if (kind !== "ip")
      throw new HttpError(400, `rdata/ip wants an address, addr,pfxlen or a-b, not "${query}"`);
  } else return notFound();
  return { kind: "query", verb, on, request };
}
