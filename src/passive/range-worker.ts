import { parentPort } from "node:worker_threads";
import { parseRange, type RangeTask } from "./range-parse.js";

// The thread side of a parallel ingest: parse the ranges it is sent, one at a time
// and in the order sent (the pool hands over the next range before this one ends).

const queue: RangeTask[] = [];
let busy = false;

async function drain(): Promise<void> {
  busy = true;
  for (let task = queue.shift(); task !== undefined; task = queue.shift()) {
    try {
      const result = await parseRange(task);
      // The numbers move to the main thread rather than being copied.
      parentPort!.postMessage({ ok: true, result }, [result.rows.numbers.buffer as ArrayBuffer]);
    } catch (e) {
      parentPort!.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  }
  busy = false;
}

parentPort!.on("message", (task: RangeTask) => {
  queue.push(task);
  if (!busy) void drain();
});
