import type { DnsState } from "../model/dns-state.js";
import { analytic } from "./analytic.js";
import { DATA_COMPONENTS } from "./attack.js";
import { fingerprintFor, type TakeoverFingerprint } from "./takeover-fingerprints.js";

// The HTTP side of subdomain takeover (T1584.001): a service whose unclaimed resources
// still resolve shows its own page ("There isn't a GitHub Pages site here."). That
// page, asked for by the watched name, is the sign that anyone could claim it. The
// pages are fetched by a collector (monitor/takeover-pages.ts, only with --http);
// this analytic reads what it brought back.

export interface PageProbe {
  /** The watched name, sent as Host. */
  host: string;
  /** The address its alias leads to. */
  address: string;
}

export interface TakeoverPages {
  state: DnsState;
  fingerprints: readonly TakeoverFingerprint[];
  /** The body of `GET /` for each host asked (pagesToFetch); a host missing got no page. */
  pages: ReadonlyMap<string, string>;
  at: string;
}

/** The aliased hosts whose service shows an "unclaimed" page, and the address to ask each at. */
export function pagesToFetch(
  state: DnsState,
  fingerprints: readonly TakeoverFingerprint[],
): PageProbe[] {
  return state.hosts.flatMap((h) => {
    if (!h.cname || h.cnameStatus !== "NOERROR" || h.a.length === 0) return [];
    const fp = fingerprintFor(h.cname, fingerprints);
    return fp && !fp.nxdomain && fp.fingerprint ? [{ host: h.name, address: h.a[0]! }] : [];
  });
}

export const takeoverFingerprint = analytic<TakeoverPages>(
  "dns.takeover-fingerprint",
  ({ state, fingerprints, pages, at }, found) =>
    pagesToFetch(state, fingerprints).flatMap(({ host, address }) => {
      const h = state.hosts.find((x) => x.name === host)!;
      const fp = fingerprintFor(h.cname!, fingerprints)!;
      const body = pages.get(host);
      if (body === undefined || !body.includes(fp.fingerprint)) return [];
      return [
        found({
          dataComponents: [DATA_COMPONENTS.active],
          entity: host,
          key: h.cname!,
          severity: fp.vulnerable ? "critical" : "high",
          confidence: fp.vulnerable ? 90 : 70,
          summary: `${host} points at an unclaimed ${fp.service} resource (${h.cname}): its page says "${fp.fingerprint}"`,
          evidence: [
            { source: "active", what: `CNAME of ${host}`, after: h.cname, at },
            {
              source: "active",
              what: `GET http://${host}/ at ${address}`,
              after: fp.fingerprint,
              at,
              ref: fp.service,
            },
          ],
        }),
      ];
    }),
);
