import type { Hit as MatchHit } from "../lookalike/match.js";
import type { Finding } from "../model/finding.js";
import { analytic } from "./analytic.js";
import { DATA_COMPONENTS } from "./attack.js";

// T1583.001 (acquire domains): a name imitating a watched brand turns up in passive or
// active DNS, or in a feed, or on the name servers of lookalikes already alerted on.
// Its registration is judged in lookalike-registration.ts.

/** A matcher hit; the token and reason may be missing from a hit made elsewhere. */
export type SeenHit = Pick<MatchHit, "name" | "brand" | "score"> &
  Partial<Pick<MatchHit, "token" | "reason" | "via">> & {
    /** The matcher's method, or the generator's fuzzer for a candidate the matcher did not read. */
    method: string;
  };
type Hit = SeenHit;

export interface SeenFacts {
  /** What the matcher made of a name: nothing, or the brands it imitates. */
  hits: readonly Hit[];
  where: "passive" | "active" | "feed";
  /** Where it was seen: the record and its times, the feed. */
  detail: string;
}

export const lookalikeSeen = analytic<SeenFacts>(
  "lookalike.seen",
  ({ hits, where, detail }, found) =>
    hits.map((hit) =>
      found({
        dataComponents: [where === "active" ? DATA_COMPONENTS.active : DATA_COMPONENTS.passive],
        entity: hit.name,
        key: hit.brand,
        severity: hit.score >= 0.9 ? "high" : "medium",
        confidence: Math.round(hit.score * 100),
        // A feed lists names; only DNS shows one in use.
        summary:
          where === "feed"
            ? `${hit.name} imitates ${hit.brand} (${hit.method}) and is listed in ${detail}`
            : `${hit.name} imitates ${hit.brand} (${hit.method}) and is in use: ${detail}`,
        evidence: [
          {
            source: where,
            what: `${hit.method} of ${hit.via ?? hit.brand}, score ${hit.score}${hit.reason ? `: ${hit.reason}` : ""}`,
            after: detail,
          },
        ],
      }),
    ),
);

/** The lookalike.seen finding of one hit. */
export function lookalikeSeenFinding(
  hit: Hit,
  where: "passive" | "active" | "feed",
  detail: string,
): Finding {
  return lookalikeSeen.run({ hits: [hit], where, detail })[0]!;
}

/** T1583.001: a lookalike served by the same name servers as domains already alerted on. */
export interface SharedNameserverFacts {
  hit: Hit;
  /** The lookalike's name servers, from its registration. */
  nameservers: readonly string[];
  /** Name servers of the domains already alerted on as lookalikes. */
  alerted: ReadonlyMap<string, readonly string[]>;
}

export const sharedNameservers = analytic<SharedNameserverFacts>(
  "lookalike.shared-nameservers",
  ({ hit, nameservers, alerted }, found) => {
    const mine = new Set(nameservers.map((n) => n.toLowerCase()));
    const shared = [...alerted]
      .filter(([domain]) => domain !== hit.name)
      .map(([domain, ns]) => ({
        domain,
        ns: ns.map((n) => n.toLowerCase()).filter((n) => mine.has(n)),
      }))
      .filter((x) => x.ns.length > 0);
    if (shared.length === 0) return [];
    const servers = [...new Set(shared.flatMap((x) => x.ns))].sort();
    return [
      found({
        dataComponents: [DATA_COMPONENTS.registration],
        entity: hit.name,
        key: servers.join(","),
        severity: "high",
        confidence: 75,
        summary: `${hit.name} imitates ${hit.brand} on the same name servers (${servers.join(", ")}) as ${shared.map((x) => x.domain).join(", ")}, already alerted on`,
        evidence: shared.map((x) => ({
          source: "registration" as const,
          what: `name servers of ${x.domain}`,
          after: x.ns,
        })),
      }),
    ];
  },
);

export function sharedNameserverFinding(
  hit: Hit,
  nameservers: readonly string[],
  alerted: ReadonlyMap<string, readonly string[]>,
): Finding | undefined {
  return sharedNameservers.run({ hit, nameservers, alerted })[0];
}
