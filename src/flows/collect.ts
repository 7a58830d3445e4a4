// A collector as one library call: batches from the sensor stream into a store, with
// the analytics an ingest runs (a watched name's new address as rows go in, lookalikes
// of watched brands), until the signal. Several collectors on one durable consumer
// share the work; each batch is stored once (src/fleet/collector.ts).
import type { NatsConnection } from "@nats-io/transport-node";
import { Collector, type CollectorCounters } from "../fleet/collector.js";
import type { StreamOptions } from "../fleet/stream.js";
import type { Alert } from "../model/alert.js";
import type { Store } from "../store/types.js";
import { ingestDetection, type IngestDetection } from "./ingest-detect.js";

export interface CollectRequest extends StreamOptions {
  nc: NatsConnection;
  store: Store;
  durable?: string;
  /** Seconds before an unacknowledged batch is delivered again (when the consumer is made). */
  ackWaitSeconds?: number;
  /** How long a stored batch's id is kept to recognise it again (default 7 days). */
  rememberSeconds?: number;
  /** Run the analytics on each batch (default true); `dataDir` holds the IP tables. */
  detect?: boolean;
  dataDir?: string;
  signal: AbortSignal;
  /** Alerts a batch raised (new or re-opened). */
  onAlerts?: (alerts: Alert[]) => void;
  onProblem?: (line: string) => void;
  /** The collector, once made: its counters and lag, for /metrics. */
  onStart?: (c: Collector) => void;
}

export async function runCollect(r: CollectRequest): Promise<CollectorCounters> {
  // One batch's analytics at a time: the collector handles one batch at a time.
  let detection: IngestDetection | undefined;
  const collector = new Collector(r.nc, r.store, {
    ...(r.stream !== undefined ? { stream: r.stream } : {}),
    ...(r.maxBytes !== undefined ? { maxBytes: r.maxBytes } : {}),
    ...(r.durable !== undefined ? { durable: r.durable } : {}),
    ...(r.ackWaitSeconds !== undefined ? { ackWaitSeconds: r.ackWaitSeconds } : {}),
    ...(r.rememberSeconds !== undefined ? { rememberSeconds: r.rememberSeconds } : {}),
    signal: r.signal,
    ...(r.onProblem ? { onProblem: r.onProblem } : {}),
    ...(r.detect === false
      ? {}
      : {
          beforeWrite: async (batch) => {
            detection = await ingestDetection(r.store, `sensor ${batch.sensor}`, r.dataDir);
            await detection.onRows?.(batch.rows);
          },
          onBatch: async () => {
            const alerts = (await detection?.raise()) ?? [];
            detection = undefined;
            if (alerts.length > 0) r.onAlerts?.(alerts);
          },
        }),
  });
  r.onStart?.(collector);
  await collector.run();
  return collector.counters;
}
