import type { RegistrationSnapshot, Store } from "../store/types.js";
import { requirePart } from "../store/require-part.js";
import { DnsightError } from "../errors.js";
import type { CensusTaker } from "./store-census.js";

// Registration snapshots across, for `dnsight migrate`. Snapshots are append-only and
// carry no insert token, so progress is kept as an ingest checkpoint of its own in the
// target (its offset: snapshots of the source scan passed), written after each batch.
// A run killed between a batch and its checkpoint left that batch in or not (a batch
// is one transaction on SQLite, one Native block on ClickHouse), so the first batch
// after a checkpoint is checked against the target key by key: the target holds the
// first t snapshots of a key's history, in order, and only those after go in again.

export interface SnapshotCopy {
  copied: number;
  /** Passed over as already in the target (an earlier, interrupted run). */
  skipped: number;
}

export interface SnapshotCopyOptions {
  input: string;
  batch: number;
  /** An earlier run may have left snapshots without a checkpoint. */
  resuming: boolean;
  census: CensusTaker;
  onProgress?: (done: number) => void;
}

interface Item {
  s: RegistrationSnapshot;
  /** Its place in its key's history. */
  nth: number;
}

export async function copySnapshots(
  from: Store,
  to: Store,
  o: SnapshotCopyOptions,
): Promise<SnapshotCopy> {
  const out: SnapshotCopy = { copied: 0, skipped: 0 };
  const source = from.registrations;
  if (source === undefined) return out;
  if (source.scanSnapshots === undefined)
    throw new DnsightError(
      "UNSUPPORTED",
      `the ${from.backend} store cannot list its registration snapshots`,
    );
  const cp = await to.readCheckpoint(o.input);
  let start = cp?.offset ?? 0;
  let uncertain = o.resuming || cp !== undefined;
  let pos = 0;
  let batch: Item[] = [];

  const flush = async (): Promise<void> => {
    const target = requirePart(to, "registrations");
    let items = batch;
    if (uncertain) {
      const held = new Map<string, number>();
      for (const { s } of batch)
        if (!held.has(s.key)) held.set(s.key, (await target.listSnapshots(s.key)).length);
      items = batch.filter(({ s, nth }) => nth >= held.get(s.key)!);
      out.skipped += batch.length - items.length;
      uncertain = false;
    }
    if (items.length > 0) await target.writeSnapshots(items.map((i) => i.s));
    out.copied += items.length;
    start += batch.length;
    await to.writeObservations([], { input: o.input, offset: start });
    batch = [];
  };

  for await (const page of source.scanSnapshots(Math.min(o.batch, 500))) {
    for (const s of page) {
      const nth = o.census.addSnapshot(s);
      if (pos++ < start) {
        out.skipped++;
        continue;
      }
      batch.push({ s, nth });
      if (batch.length === o.batch) await flush();
    }
    o.onProgress?.(pos);
  }
  if (batch.length > 0) await flush();
  if (pos < start) throw sourceShrank("registration snapshots", start, pos);
  return out;
}

/** The target's checkpoint is past the source's end: the source is not what was copied. */
export function sourceShrank(what: string, at: number, has: number): DnsightError {
  return new DnsightError(
    "INPUT",
    `the target says ${at} ${what} of this source were copied, but the source now has ${has}: ` +
      "it changed since the first run; migrate into an empty store",
  );
}
