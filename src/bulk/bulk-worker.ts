import { parentPort } from "node:worker_threads";
import {
  ResolvePipeline,
  type PipelineBatch,
  type PipelineOptions,
  type PipelineStats,
} from "./pipeline.js";

// A worker thread running one ResolvePipeline: the network, decoding and
// formatting of a `resolve` run leave the main thread, which keeps reading
// input, writing output and feeding the store. The thread is started before
// the upstreams are vetted and told its options afterwards, so loading it
// overlaps the vetting.

export type ToWorker =
  | { kind: "start"; options: PipelineOptions }
  | { kind: "names"; names: string[] }
  | { kind: "end" };
export type FromWorker =
  | { kind: "ready" }
  | { kind: "batch"; batch: PipelineBatch }
  | { kind: "done"; stats: PipelineStats }
  | { kind: "error"; message: string };

const port = parentPort!;
const post = (m: FromWorker): void => {
  port.postMessage(m);
};
const fail = (e: unknown): void => post({ kind: "error", message: (e as Error).message });

let pipeline: ResolvePipeline | undefined;

port.on("message", (m: ToWorker) => {
  if (m.kind === "start") {
    ResolvePipeline.open(m.options, (batch) => {
      post({ kind: "batch", batch });
    }).then((p) => {
      pipeline = p;
      post({ kind: "ready" });
    }, fail);
    return;
  }
  // The main thread sends names only after "ready".
  const p = pipeline!;
  if (m.kind === "names") {
    for (const n of m.names) p.submit(n);
    return;
  }
  p.drain().then(() => {
    post({ kind: "done", stats: p.stats() });
    p.close();
    port.close();
  }, fail);
});
