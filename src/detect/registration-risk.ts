import type { Finding } from "../model/finding.js";
import type { RegistrationRecord } from "../model/registration.js";
import { DATA_COMPONENTS } from "./attack.js";

// T1665 (hide infrastructure) from a registration: the owner hidden behind a privacy
// or proxy service where it was visible before.

export function registrationRiskFindings(
  before: RegistrationRecord | undefined,
  now: RegistrationRecord,
  _at: Date,
): Finding[] {
  const out: Finding[] = [];
  if (before && !before.privacy.protected && now.privacy.protected)
    out.push({
      rule: "registration.privacy-enabled",
      technique: "T1665",
      dataComponents: [DATA_COMPONENTS.registration],
      entity: now.domain,
      key: now.privacy.service ?? "privacy",
      severity: "medium",
      confidence: 60,
      summary: `${now.domain}: registrant now hidden${now.privacy.service ? ` behind ${now.privacy.service}` : " by a privacy service"}`,
      evidence: [
        {
          source: "registration",
          what: "privacy",
          before: false,
          after: now.privacy.service ?? true,
          at: now.source.fetchedAt,
          ref: `${now.source.protocol} ${now.source.server}`,
        },
      ],
    });
  return out;
}
