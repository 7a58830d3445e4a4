import type { Worker } from "node:worker_threads";
import { DnsightError } from "../errors.js";
import type { Observation } from "../model/observation.js";
import { startWorker } from "../threads/start-worker.js";
import type { StoreOpenOptions } from "./open.js";
import type { IngestCheckpoint, ObservationWriter } from "./types.js";

// Observation writes on a thread of their own: an ingest keeps parsing while the
// previous batch goes into the database. Writes run in the order given, each batch
// with its checkpoint, exactly as on the caller's thread. The SQLite store offers it
// as its `openWriter` (src/store/sqlite/sqlite-store.ts).

export type { ObservationWriter };

type Reply =
  | { id: number; ok: true; value?: unknown }
  | { id: number; ok: false; error: string; code?: string }
  | { lockWaitMs: number };

export async function openObservationWriter(
  url: string,
  options: StoreOpenOptions = {},
): Promise<ObservationWriter> {
  const worker: Worker = startWorker(import.meta.url, "write-thread-worker");
  const pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: unknown) => void }
  >();
  let nextId = 0;
  let failure: Error | undefined;
  const failAll = (e: Error): void => {
    failure ??= e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on("message", (r: Reply) => {
    // The thread's store waits for another writer's lock: said here, where the caller is.
    if ("lockWaitMs" in r) return options.onLockWait?.(r.lockWaitMs);
    const p = pending.get(r.id);
    if (!p) return;
    pending.delete(r.id);
    if (r.ok) p.resolve(r.value);
    else p.reject(new DnsightError((r.code as never) ?? "STORE", r.error));
  });
  worker.on("error", (e) => failAll(e));
  worker.on("exit", (code) =>
    failAll(new DnsightError("STORE", `store writer thread exited (${code})`)),
  );
  const call = (op: string, ...args: unknown[]): Promise<unknown> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, op, args });
    });
  };
  try {
    const { onLockWait, ...rest } = options;
    await call("open", url, { ...rest, reportLockWait: onLockWait !== undefined });
  } catch (e) {
    await worker.terminate();
    throw e;
  }
  return {
    async writeObservations(batch: readonly Observation[], checkpoint?: IngestCheckpoint) {
      await call("write", batch, checkpoint);
    },
    async readCheckpoint(input: string) {
      return (await call("readCheckpoint", input)) as IngestCheckpoint | undefined;
    },
    async close() {
      if (!failure) await call("close");
      await worker.terminate();
    },
  };
}
