import type { Observation } from "../model/observation.js";
import type { GLOBAL_OPTIONS, OptionValues } from "./command.js";
import type { DnsResult } from "../dns/result.js";
import { activeObservations } from "../bulk/observations.js";
import { createObservationBatcher, type ObservationBatcher } from "../store/batcher.js";
import { openStore, resolveStoreUrl } from "../store/open.js";
import type { Store } from "../store/types.js";

// Recording active DNS answers (see bulk/observations.ts) in the store.

export function storeOption(
  values: OptionValues<typeof GLOBAL_OPTIONS>,
  env: NodeJS.ProcessEnv,
): string {
  return resolveStoreUrl(values.db, env, values.state);
}

/** Writes the answers of a few results (lookup). */
export async function recordResults(
  url: string,
  results: readonly DnsResult[],
  bailiwick?: string,
): Promise<void> {
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
    return new ResultRecorder(
      store,
      createObservationBatcher(store, { maxItems: 2000, maxDelayMs: 500 }),
    );
  }

  add(r: DnsResult, bailiwick?: string): void {
    this.addObservations(activeObservations(r, bailiwick));
  }

  addObservations(rows: readonly Observation[]): void {
    for (const o of rows) this.batcher.add(o);
  }

  async close(): Promise<void> {
    try {
      await this.batcher.close();
    } finally {
      await this.store.close();
    }
  }
}
