import type { Finding } from "../model/finding.js";
import { analytic } from "./analytic.js";
import { DATA_COMPONENTS } from "./attack.js";

// T1665: a zone whose delegation keeps moving (three or more NS changes in 30 days) is
// the mark of infrastructure kept on the run.

export const CHURN_CHANGES = 3;

export interface ChurnFacts {
  name: string;
  /** When the NS set changed in the last 30 days (ISO times). */
  changes: readonly string[];
  at: string;
}

export const nsChurn = analytic<ChurnFacts>("dns.ns-churn", ({ name, changes, at }, found) => {
  if (changes.length < CHURN_CHANGES) return [];
  return [
    found({
      dataComponents: [DATA_COMPONENTS.active],
      entity: name,
      key: "30d",
      severity: "medium",
      confidence: 60,
      summary: `${name}: name servers changed ${changes.length} times in 30 days`,
      evidence: [
        {
          source: "active",
          what: "NS set changes in the last 30 days",
          after: [...changes],
          at,
        },
      ],
    }),
  ];
});

export function nsChurnFindings(
  name: string,
  changesIn30Days: readonly string[],
  at: string,
): Finding[] {
  return nsChurn.run({ name, changes: changesIn30Days, at });
}
