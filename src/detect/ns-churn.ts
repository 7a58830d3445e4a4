import type { Finding } from "../model/finding.js";
import { DATA_COMPONENTS } from "./attack.js";

// T1665: a zone whose delegation keeps moving (three or more NS changes in 30 days) is
// the mark of infrastructure kept on the run.

export const CHURN_CHANGES = 3;

export function nsChurnFindings(
  name: string,
  changesIn30Days: readonly string[],
  at: string,
): Finding[] {
  if (changesIn30Days.length < CHURN_CHANGES) return [];
  return [
    {
      rule: "dns.ns-churn",
      technique: "T1665",
      dataComponents: [DATA_COMPONENTS.active],
      entity: name,
      key: "30d",
      severity: "medium",
      confidence: 60,
      summary: `${name}: name servers changed ${changesIn30Days.length} times in 30 days`,
      evidence: [
        {
          source: "active",
          what: "NS set changes in the last 30 days",
          after: [...changesIn30Days],
          at,
        },
      ],
    },
  ];
}
