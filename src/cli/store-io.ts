import type { DnsResult } from "../dns/result.js";
import { META_TYPES } from "../dns/wire/types.js";
import { createObservationBatcher, type ObservationBatcher } from "../store/batcher.js";
import { normaliseObservation } from "../store/observation.js";
import { openStore, resolveStoreUrl } from "../store/open.js";
import type { Observation, Store } from "../store/types.js";

// Active DNS answers become observations (source "active"): each answer record
// is one sighting, first/last seen at the time of the answer.

export function storeOption(values: Record<string, unknown>, env: NodeJS.ProcessEnv): string {
  return resolveStoreUrl(typeof values.db === "string" ? values.db : undefined, env);
}

/** `bailiwick` is the zone when the answers came from its authoritative servers. */
export function activeObservations(r: DnsResult, bailiwick?: string): Observation[] {
  const at = Math.floor(Date.parse(r.timestamp) / 1000);
  const out: Observation[] = [];
  for (const a of r.answers) {
    if (META_TYPES.has(a.type)) continue;
    out.push(normaliseObservation({ rrname: a.name, rrtype: a.type, rdata: a.data, timeFirst: at, source: "active", bailiwick: bailiwick ?? null }));
  }
  return out;
}

/** Writes the answers of a few results (lookup). */
export async function recordResults(url: string, results: readonly DnsResult[], bailiwick?: string): Promise<void> {
  const rows = results.flatMap((r) => activeObservations(r, bailiwick));
  if (rows.length === 0) return;
  const store = await openStore(url);
  try {
    await store.writeObservations(rows);
  } finally {
    await store.close();
  }
}

/** Streams the answers of a bulk run into the store in batches. */
export class ResultRecorder {
  private constructor(
    private readonly store: Store,
    private readonly batcher: ObservationBatcher,
  ) {}

  static async open(url: string): Promise<ResultRecorder> {
    const store = await openStore(url);
    return new ResultRecorder(store, createObservationBatcher(store, { maxItems: 2000, maxDelayMs: 500 }));
  }

  add(r: DnsResult, bailiwick?: string): void {
    for (const o of activeObservations(r, bailiwick)) this.batcher.add(o);
  }

  async close(): Promise<void> {
    try {
      await this.batcher.close();
    } finally {
      await this.store.close();
    }
  }
}
