import type { Finding } from "../model/finding.js";
import type { RegistrationRecord } from "../model/registration.js";
import { analytic } from "./analytic.js";
import { DATA_COMPONENTS } from "./attack.js";

// T1665 (hide infrastructure) from a registration: the owner hidden behind a privacy
// or proxy service where it was visible before.

export interface RegistrationLooks {
  before?: RegistrationRecord | undefined;
  now: RegistrationRecord;
}

export const privacyEnabled = analytic<RegistrationLooks>(
  "registration.privacy-enabled",
  ({ before, now }, found) =>
    before && !before.privacy.protected && now.privacy.protected
      ? [
          found({
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
          }),
        ]
      : [],
);

export function registrationRiskFindings(
  before: RegistrationRecord | undefined,
  now: RegistrationRecord,
  _at: Date,
): Finding[] {
  return privacyEnabled.run({ before, now });
}
