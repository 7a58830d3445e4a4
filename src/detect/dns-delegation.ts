import type { DnsState } from "../model/dns-state.js";
import type { Evidence } from "../model/finding.js";
import { analytic } from "./analytic.js";
import { DATA_COMPONENTS } from "./attack.js";

// T1584.002 (DNS server) from two looks at a watched zone: the delegation moved to
// other name servers, a new SOA primary, DNSSEC taken away. A first look is no change.

export interface ZoneLooks {
  before?: DnsState | undefined;
  now: DnsState;
  /** When `now` was taken (ISO 8601 UTC). */
  at: string;
}

const active = [DATA_COMPONENTS.active];
/** Evidence of the active look at `at` (its fields in the order alerts always had them). */
export const looked = (at: string, e: Omit<Evidence, "source" | "at">): Evidence => ({
  source: "active",
  at,
  ...e,
});

export const nsChanged = analytic<ZoneLooks>("dns.ns-changed", ({ before, now, at }, found) =>
  before && before.ns.length > 0 && now.ns.length > 0 && before.ns.join() !== now.ns.join()
    ? [
        found({
          dataComponents: active,
          entity: now.name,
          key: now.ns.join(","),
          severity: "high",
          confidence: 80,
          summary: `${now.name}: delegated to other name servers: ${now.ns.join(", ")} (was ${before.ns.join(", ")})`,
          evidence: [
            looked(at, { what: `NS set of ${now.zone}`, before: before.ns, after: now.ns }),
          ],
        }),
      ]
    : [],
);

export const soaPrimaryChanged = analytic<ZoneLooks>(
  "dns.soa-primary-changed",
  ({ before, now, at }, found) =>
    before?.soaPrimary && now.soaPrimary && before.soaPrimary !== now.soaPrimary
      ? [
          found({
            dataComponents: active,
            entity: now.name,
            key: now.soaPrimary,
            severity: "high",
            confidence: 75,
            summary: `${now.name}: SOA primary is now ${now.soaPrimary} (was ${before.soaPrimary})`,
            evidence: [
              looked(at, {
                what: `SOA MNAME of ${now.zone}`,
                before: before.soaPrimary,
                after: now.soaPrimary,
              }),
            ],
          }),
        ]
      : [],
);

export const dnssecRemoved = analytic<ZoneLooks>(
  "dns.dnssec-removed",
  ({ before, now, at }, found) => {
    if (!before) return [];
    const ds = before.ds.length > 0 && now.ds.length === 0;
    const dnskey = before.dnskey.length > 0 && now.dnskey.length === 0;
    if (!ds && !dnskey) return [];
    const gone = [...(ds ? ["DS"] : []), ...(dnskey ? ["DNSKEY"] : [])];
    return [
      found({
        dataComponents: active,
        entity: now.name,
        key: gone.join(","),
        severity: "high",
        confidence: 80,
        summary: `${now.name}: DNSSEC removed (${gone.join(" and ")} gone)`,
        evidence: [
          ...(ds
            ? [
                looked(at, {
                  what: `DS of ${now.name} at the parent`,
                  before: before.ds,
                  after: [],
                }),
              ]
            : []),
          ...(dnskey
            ? [looked(at, { what: `DNSKEY of ${now.zone}`, before: before.dnskey, after: [] })]
            : []),
        ],
      }),
    ];
  },
);
