import type { Evidence, Finding } from "../model/finding.js";
import type { RegistrationRecord } from "../model/registration.js";
import { analytic } from "./analytic.js";
import { DATA_COMPONENTS } from "./attack.js";
import type { SeenHit as Hit } from "./lookalike-seen.js";

// T1583.001 from the registration of a lookalike in use: registered days ago, or
// behind a privacy service from the start. The time it is judged at is a fact.

export const NEW_DOMAIN_DAYS = 30;

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
