import type { DnsState } from "../model/dns-state.js";
import type { Finding } from "../model/finding.js";
import type { IpLookup } from "../model/ip-facts.js";
import { analytic } from "./analytic.js";
import { DATA_COMPONENTS } from "./attack.js";

// T1665 (hide infrastructure): fast flux, by the score of Holz et al. ("Measuring and
// Detecting Fast-Flux Service Networks", NDSS 2008): f = 1.32·nA + 18.54·nASN − 142.38,
// where nA is the number of distinct addresses and nASN of their networks; f > 0 is
// flux. A CDN spreads over few networks and keeps longer TTLs; the score counts the
// networks, and only low TTLs (≤ 300 s, as flux domains keep them) are considered.

export const FLUX_MAX_TTL = 300;

export function fluxScore(addresses: number, asns: number): number {
  return 1.32 * addresses + 18.54 * asns - 142.38;
}

export interface FluxFacts {
  now: DnsState;
  /** Every address each name has had: in passive DNS and in earlier passes. */
  seen: ReadonlyMap<string, ReadonlySet<string>>;
  /** Without the AS table there is no score. */
  ipLookup: IpLookup | undefined;
  at: string;
}

export const fastFlux = analytic<FluxFacts>(
  "dns.fast-flux",
  ({ now, seen, ipLookup: look, at }, found) => {
    if (!look) return [];
    const out: Finding[] = [];
    for (const h of now.hosts) {
      if (h.ttl === undefined || h.ttl > FLUX_MAX_TTL) continue;
      const addrs = new Set([...h.a, ...h.aaaa, ...(seen.get(h.name) ?? [])]);
      const asns = new Set([...addrs].map((a) => look(a)?.asn).filter((x) => x !== undefined));
      const f = fluxScore(addrs.size, asns.size);
      if (f <= 0) continue;
      out.push(
        found({
          dataComponents: [DATA_COMPONENTS.active, DATA_COMPONENTS.passive],
          entity: h.name,
          key: "flux",
          severity: "high",
          confidence: Math.min(95, 60 + Math.round(f / 5)),
          summary: `${h.name} looks fast-flux: ${addrs.size} addresses in ${asns.size} networks, TTL ${h.ttl} s (Holz score ${f.toFixed(1)} > 0)`,
          evidence: [
            {
              source: "active",
              what: `addresses of ${h.name} now, TTL ${h.ttl}`,
              after: [...h.a, ...h.aaaa],
              at,
            },
            {
              source: "passive",
              what: `addresses seen for ${h.name}`,
              after: [...(seen.get(h.name) ?? [])].sort(),
            },
          ],
        }),
      );
    }
    return out;
  },
);

export function fastFluxFindings(
  now: DnsState,
  seen: ReadonlyMap<string, ReadonlySet<string>>,
  look: IpLookup | undefined,
  at: string,
): Finding[] {
  return fastFlux.run({ now, seen, ipLookup: look, at });
}
