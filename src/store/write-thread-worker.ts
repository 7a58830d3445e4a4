import { parentPort } from "node:worker_threads";
import { DnsightError } from "../errors.js";
import { openStore, type StoreOpenOptions } from "./open.js";
import type { Store } from "./types.js";

// The thread side of write-thread.ts: one store, its calls run one at a time, in order.

let store: Store | undefined;
let queue: Promise<void> = Promise.resolve();

const ops: Record<string, (...args: never[]) => Promise<unknown>> = {
  open: async (url: string, o: StoreOpenOptions & { reportLockWait: boolean }) => {
    const { reportLockWait, ...rest } = o;
    store = await openStore(url, {
      ...rest,
      ...(reportLockWait
        ? { onLockWait: (ms: number) => parentPort!.postMessage({ lockWaitMs: ms }) }
        : {}),
    });
  },
  write: (rows: never, cp: never) => store!.writeObservations(rows, cp),
  readCheckpoint: (input: string) => store!.readCheckpoint(input),
  close: async () => {
    await store?.close();
    store = undefined;
  },
};

parentPort!.on("message", (m: { id: number; op: string; args: never[] }) => {
  queue = queue.then(async () => {
    try {
      const value = await ops[m.op]!(...m.args);
      parentPort!.postMessage({ id: m.id, ok: true, value });
    } catch (e) {
      const code = e instanceof DnsightError ? e.code : undefined;
      parentPort!.postMessage({
        id: m.id,
        ok: false,
        error: e instanceof Error ? e.message : String(e),
        code,
      });
    }
  });
});
