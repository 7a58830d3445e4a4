import type { Alert } from "../model/alert.js";
import { ingest, type IngestStats } from "../passive/ingest.js";
import { SkipCounter } from "../passive/source.js";
import { listenDnstap } from "../passive/sources/dnstap/listener.js";
import { listenerItems } from "../passive/sources/dnstap/source.js";
import type { Store } from "../store/types.js";
import { ingestDetection, NO_DETECTION } from "./ingest-detect.js";

// A dnstap collector as one library call: Frame Streams connections (Unbound, Knot,
// BIND) into the store until the signal, with the analytics an ingest runs.

export interface DnstapListenRequest {
  /** unix:PATH or tcp:HOST:PORT */
  listen: string;
  store: Store;
  sensor?: string;
  batchRows?: number;
  detect?: boolean;
  dataDir?: string;
  /** Closes the listener; what was received is written first. */
  signal: AbortSignal;
  /** Told the address once listening. */
  onListening?: (address: string) => void;
  /** A connection's error (the others go on). */
  onError?: (e: Error) => void;
}

export interface DnstapListenOutcome {
  stats: IngestStats;
  alerts: Alert[];
  /** Connections closed for a limit, by reason. */
  dropped: ReadonlyMap<string, number>;
}

export async function listenDnstapIngest(r: DnstapListenRequest): Promise<DnstapListenOutcome> {
  const skipped = new SkipCounter();
  const listener = await listenDnstap(r.listen, {
    skipped,
    ...(r.onError ? { onError: r.onError } : {}),
  });
  const detection =
    r.detect === false ? NO_DETECTION : await ingestDetection(r.store, listener.address, r.dataDir);
  r.onListening?.(listener.address);
  const stop = (): void => void listener.close();
  if (r.signal.aborted) stop();
  else r.signal.addEventListener("abort", stop, { once: true });
  try {
    const stats = await ingest({
      store: r.store,
      ...(detection.onRows ? { onRows: detection.onRows } : {}),
      skipped,
      ...(r.sensor !== undefined ? { sensorId: r.sensor } : {}),
      ...(r.batchRows !== undefined ? { batchRows: r.batchRows } : {}),
      name: listener.address,
      items: listenerItems(listener.records),
    });
    return { stats, alerts: await detection.raise(), dropped: listener.dropped };
  } finally {
    r.signal.removeEventListener("abort", stop);
    await listener.close();
  }
}
