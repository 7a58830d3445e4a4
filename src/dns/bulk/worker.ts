import { parentPort, workerData } from "node:worker_threads";
import { ResolvePipeline, type PipelineOptions } from "./pipeline.js";

// A worker thread running one ResolvePipeline: the network, decoding and
// formatting of a `resolve` run leave the main thread, which keeps reading
// input, writing output and feeding the store.

export type ToWorker = { kind: "names"; names: string[] } | { kind: "end" };
export type FromWorker =
  | { kind: "ready" }
  | { kind: "batch"; batch: import("./pipeline.js").PipelineBatch }
  | { kind: "done"; stats: import("./pipeline.js").PipelineStats }
  | { kind: "error"; message: string };

const port = parentPort!;
const post = (m: FromWorker): void => {
  port.postMessage(m);
};

async function main(): Promise<void> {
  const pipeline = await ResolvePipeline.open(workerData as PipelineOptions, (batch) => {
    post({ kind: "batch", batch });
  });
  port.on("message", (m: ToWorker) => {
    if (m.kind === "names") {
      for (const n of m.names) pipeline.submit(n);
      return;
    }
    pipeline
      .drain()
      .then(() => {
        post({ kind: "done", stats: pipeline.stats() });
        pipeline.close();
        port.close();
      })
      .catch((e: unknown) => post({ kind: "error", message: (e as Error).message }));
  });
  post({ kind: "ready" });
}

main().catch((e: unknown) => post({ kind: "error", message: (e as Error).message }));
