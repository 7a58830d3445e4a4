import { parentPort } from "node:worker_threads";
import { parseRange, type RangeTask } from "./range-parse.js";

// The thread side of a parallel ingest: parse the ranges it is sent, one at a time.

parentPort!.on("message", (task: RangeTask) => {
  parseRange(task).then(
    (result) => parentPort!.postMessage({ ok: true, result }),
    (e: unknown) =>
      parentPort!.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) }),
  );
});
