import type { Hit as MatchHit } from "../lookalike/match.js";
import type { Evidence, Finding } from "../model/finding.js";
import type { RegistrationRecord } from "../model/registration.js";
import { analytic } from "./analytic.js";
import { DATA_COMPONENTS } from "./attack.js";

// T1583.001 (acquire domains): a name imitating a watched brand turns up in passive or
// active DNS, or in a feed; worse when it was registered days ago, or behind a privacy
// service from the start.

export const NEW_DOMAIN_DAYS = 30;

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

export interface LookalikeRegistration {
  hit: Hit;
  record: RegistrationRecord;
  /** When the record is judged; "recently" counts back from it. */
  now: Date;
  /** Days a registration counts as new (default NEW_DOMAIN_DAYS). */
  days?: number;
}

/** The record's age in days at `now` (NaN without a creation date), and its evidence. */
function registrationFacts(x: LookalikeRegistration): { ageDays: number; ev: Evidence } {
  const r = x.record;
  const created = r.created ? Date.parse(r.created) : NaN;
  return {
    ageDays: (x.now.getTime() - created) / 86_400_000,
    ev: {
      source: "registration",
      what: `registration of ${x.hit.name}`,
      after: {
        created: r.created,
        registrar: r.registrar.name,
        privacy: r.privacy.service ?? r.privacy.protected,
      },
      at: r.source.fetchedAt,
      ref: `${r.source.protocol} ${r.source.server}`,
    },
  };
}

export const newlyRegistered = analytic<LookalikeRegistration>(
  "lookalike.newly-registered",
  (x, found) => {
    const { ageDays, ev } = registrationFacts(x);
    if (
      x.record.status !== "registered" ||
      !(ageDays >= 0 && ageDays < (x.days ?? NEW_DOMAIN_DAYS))
    )
      return [];
    const { hit, record: r } = x;
    return [
      found({
        dataComponents: [DATA_COMPONENTS.registration],
        entity: hit.name,
        key: hit.brand,
        severity: "high",
        confidence: Math.round(hit.score * 100),
        summary: `${hit.name} imitates ${hit.brand} (${hit.method}) and was registered ${Math.floor(ageDays)} days ago${r.registrar.name ? ` through ${r.registrar.name}` : ""}`,
        evidence: [ev],
      }),
    ];
  },
);

export const privacyAtCreation = analytic<LookalikeRegistration>(
  "lookalike.privacy-at-creation",
  (x, found) => {
    const { ageDays, ev } = registrationFacts(x);
    const r = x.record;
    // A creation date in the future counts too: the registry's clock, not ours.
    if (
      r.status !== "registered" ||
      !r.privacy.protected ||
      !(ageDays < (x.days ?? NEW_DOMAIN_DAYS))
    )
      return [];
    return [
      found({
        dataComponents: [DATA_COMPONENTS.registration],
        entity: x.hit.name,
        key: x.hit.brand,
        severity: "medium",
        confidence: 60,
        summary: `${x.hit.name} imitates ${x.hit.brand} and hides its registrant${r.privacy.service ? ` behind ${r.privacy.service}` : ""} from the start`,
        evidence: [ev],
      }),
    ];
  },
);

/** Findings from the registration of a lookalike: registered recently, privacy from the start. */
export function lookalikeRegistrationFindings(
  hit: Hit,
  r: RegistrationRecord,
  now: Date,
  days = NEW_DOMAIN_DAYS,
): Finding[] {
  const x = { hit, record: r, now, days };
  return [...newlyRegistered.run(x), ...privacyAtCreation.run(x)];
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
