import type { Alert } from "../detect/alert.js";

// Where new alerts go besides the store: a webhook, syslog. Delivery never blocks
// detection: a sink that fails is reported, and the alert stays stored either way.

export interface AlertSink {
  /** "webhook https://soc.example/hook", for messages. */
  readonly name: string;
  send(alert: Alert): Promise<void>;
  close?(): Promise<void>;
}

/** Sends each alert to every sink; returns one line per failure, "sink: alert: why". */
export async function deliverAlerts(
  alerts: readonly Alert[],
  sinks: readonly AlertSink[],
): Promise<string[]> {
  const failures: string[] = [];
  for (const sink of sinks)
    for (const a of alerts) {
      try {
        await sink.send(a);
      } catch (e) {
        failures.push(`${sink.name}: ${a.id}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  return failures;
}
