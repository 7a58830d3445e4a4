import type { DnsState, ServerView } from "../model/dns-state.js";
import { analytic } from "./analytic.js";
import { DATA_COMPONENTS } from "./attack.js";
import { looked } from "./dns-delegation.js";

// T1584.002 (DNS server) and T1584.001 from one look at a watched zone's servers: a
// name server whose own name is gone, one that gives no answer, lame servers, servers
// that disagree with each other, a resolver that disagrees with them all.

export interface ZoneLook {
  now: DnsState;
  /** When `now` was taken (ISO 8601 UTC). */
  at: string;
}

const active = [DATA_COMPONENTS.active];
const where = (s: ServerView): string => `${s.nameserver}${s.address ? ` (${s.address})` : ""}`;

// Not only lame: the name server's own name does not exist (T1584.001, as ATT&CK files
// hijacked delegations): whoever registers its domain answers for the zone.
export const danglingNs = analytic<ZoneLook>("dns.dangling-ns", ({ now, at }, found) =>
  now.servers
    .filter((s) => s.status === "NXDOMAIN")
    .map((s) =>
      found({
        dataComponents: active,
        entity: now.name,
        key: s.nameserver,
        severity: "critical",
        confidence: 85,
        summary: `${now.name}: delegated to ${s.nameserver}, a name that does not exist: whoever registers it takes the zone`,
        evidence: [
          { source: "active", what: `A of name server ${s.nameserver}`, after: "NXDOMAIN", at },
        ],
      }),
    ),
);

// Silence is not lameness: a firewall, a lab server on another port or a network
// fault look the same. Said as such, with low confidence.
export const nsNoAnswer = analytic<ZoneLook>("dns.ns-no-answer", ({ now, at }, found) =>
  now.servers
    .filter((s) => s.status === "TIMEOUT" || s.status === "ERROR")
    .map((s) =>
      found({
        dataComponents: active,
        entity: now.name,
        key: `${s.nameserver}@${s.address}`,
        severity: "low",
        confidence: 30,
        summary: `${now.name}: name server ${where(s)} gave no answer (${s.status}); not counted as lame`,
        evidence: [
          looked(at, {
            what: `SOA of ${now.zone} at ${s.nameserver}`,
            after: s.status,
            ref: s.address,
          }),
        ],
      }),
    ),
);

/** Why a server that answered (or has no address) is lame, if it is. */
function lameness(s: ServerView): string | undefined {
  if (s.status === "NXDOMAIN" || s.status === "TIMEOUT" || s.status === "ERROR") return undefined;
  if (s.status === "NOADDRESS") return "has no address";
  if (s.status === "REFUSED" || s.status === "SERVFAIL" || s.status === "NOTAUTH")
    return `answers ${s.status}`;
  return s.aa ? undefined : "answers without authority";
}

export const lameDelegation = analytic<ZoneLook>("dns.lame-delegation", ({ now, at }, found) =>
  now.servers.flatMap((s) => {
    const lame = lameness(s);
    if (!lame) return [];
    return [
      found({
        dataComponents: active,
        entity: now.name,
        key: `${s.nameserver}@${s.address}`,
        severity: "medium",
        confidence: 70,
        summary: `${now.name}: name server ${where(s)} ${lame}: lame delegation`,
        evidence: [
          looked(at, {
            what: `SOA of ${now.zone} at ${s.nameserver}`,
            after: s.status,
            ref: s.address,
          }),
        ],
      }),
    ];
  }),
);

const answering = (now: DnsState): ServerView[] =>
  now.servers.filter((s) => s.aa && s.status === "NOERROR");

/** The apex address sets the authoritative servers give, each with the servers giving it. */
function views(now: DnsState): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of answering(now))
    out.set(s.a.join(","), [...(out.get(s.a.join(",")) ?? []), s.nameserver]);
  return out;
}

export const serversDisagree = analytic<ZoneLook>("dns.servers-disagree", ({ now, at }, found) => {
  const v = views(now);
  if (v.size <= 1) return [];
  return [
    found({
      dataComponents: active,
      entity: now.name,
      key: [...v.keys()].sort().join("|"),
      severity: "high",
      confidence: 75,
      summary: `${now.name}: its authoritative servers give different addresses`,
      evidence: answering(now).map((s) =>
        looked(at, { what: `A of ${now.name} at ${s.nameserver}`, after: s.a, ref: s.address }),
      ),
    }),
  ];
});

// The resolver's answer against the zone's own (when its servers agree): a poisoned
// cache or an answer rewritten on the way looks like this.
export const resolverDisagrees = analytic<ZoneLook>(
  "dns.resolver-disagrees",
  ({ now, at }, found) => {
    const zoneView = answering(now)[0]?.a;
    if (
      !now.recursive ||
      !zoneView ||
      zoneView.length === 0 ||
      views(now).size !== 1 ||
      now.recursive.join() === zoneView.join()
    )
      return [];
    return [
      found({
        dataComponents: active,
        entity: now.name,
        key: now.recursive.join(","),
        severity: "high",
        confidence: 65,
        summary: `${now.name}: the resolver answers ${now.recursive.join(", ")}, its authoritative servers ${zoneView.join(", ")}`,
        evidence: [
          looked(at, { what: `A of ${now.name} through the resolver`, after: now.recursive }),
          looked(at, { what: `A of ${now.name} at its authoritative servers`, after: zoneView }),
        ],
      }),
    ];
  },
);
