import type { Hit as MatchHit } from "../lookalike/match.js";
import type { Evidence, Finding } from "../model/finding.js";
import type { RegistrationRecord } from "../model/registration.js";
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

export function lookalikeSeenFinding(
  hit: Hit,
  where: "passive" | "active" | "feed",
  detail: string,
): Finding {
  return {
    rule: "lookalike.seen",
    technique: "T1583.001",
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
  };
}

/** Findings from the registration of a lookalike: registered recently, privacy from the start. */
export function lookalikeRegistrationFindings(
  hit: Hit,
  r: RegistrationRecord,
  now: Date,
  days = NEW_DOMAIN_DAYS,
): Finding[] {
  if (r.status !== "registered") return [];
  const out: Finding[] = [];
  const created = r.created ? Date.parse(r.created) : NaN;
  const ageDays = (now.getTime() - created) / 86_400_000;
  const ev: Evidence = {
    source: "registration",
    what: `registration of ${hit.name}`,
    after: {
      created: r.created,
      registrar: r.registrar.name,
      privacy: r.privacy.service ?? r.privacy.protected,
    },
    at: r.source.fetchedAt,
    ref: `${r.source.protocol} ${r.source.server}`,
  };
  const base = {
    technique: "T1583.001" as const,
    dataComponents: [DATA_COMPONENTS.registration],
    entity: hit.name,
    key: hit.brand,
  };
  if (Number.isFinite(created) && ageDays >= 0 && ageDays < days)
    out.push({
      ...base,
      rule: "lookalike.newly-registered",
      severity: "high",
      confidence: Math.round(hit.score * 100),
      summary: `${hit.name} imitates ${hit.brand} (${hit.method}) and was registered ${Math.floor(ageDays)} days ago${r.registrar.name ? ` through ${r.registrar.name}` : ""}`,
      evidence: [ev],
    });
  if (r.privacy.protected && Number.isFinite(created) && ageDays < days)
    out.push({
      ...base,
      rule: "lookalike.privacy-at-creation",
      severity: "medium",
      confidence: 60,
      summary: `${hit.name} imitates ${hit.brand} and hides its registrant${r.privacy.service ? ` behind ${r.privacy.service}` : ""} from the start`,
      evidence: [ev],
    });
  return out;
}

/** T1583.001: a lookalike served by the same name servers as domains already alerted on. */
export function sharedNameserverFinding(
  hit: Hit,
  nameservers: readonly string[],
  alerted: ReadonlyMap<string, readonly string[]>,
): Finding | undefined {
  const mine = new Set(nameservers.map((n) => n.toLowerCase()));
  const shared = [...alerted]
    .filter(([domain]) => domain !== hit.name)
    .map(([domain, ns]) => ({
      domain,
      ns: ns.map((n) => n.toLowerCase()).filter((n) => mine.has(n)),
    }))
    .filter((x) => x.ns.length > 0);
  if (shared.length === 0) return undefined;
  const servers = [...new Set(shared.flatMap((x) => x.ns))].sort();
  return {
    rule: "lookalike.shared-nameservers",
    technique: "T1583.001",
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
  };
}
