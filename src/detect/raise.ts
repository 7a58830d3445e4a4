import type { Alert } from "../model/alert.js";
import type { Finding } from "../model/finding.js";
import type { Store } from "../store/types.js";
import { alertFromFinding } from "./alert.js";

// Findings become alerts in one place, for the monitor, an ingest and a feed alike:
// each is upserted (the same rule, entity and key is the same alert, its lastSeen
// moved), and the alerts that are new, or closed ones found again, are what gets
// printed and delivered. Every other finding was seen again.

/** The alerts raised (new or re-opened), in the order of the findings; none without an alert store. */
export async function raiseFindings(
  store: Pick<Store, "alerts">,
  findings: readonly Finding[],
  now = new Date(),
): Promise<Alert[]> {
  const raised: Alert[] = [];
  if (!store.alerts) return raised;
  for (const f of findings) {
    const r = await store.alerts.upsertAlert(alertFromFinding(f, now));
    if (r.created || r.reopened) raised.push(r.alert);
  }
  return raised;
}
