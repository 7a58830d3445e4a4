import { Worker } from "node:worker_threads";
import { DnsightError } from "../errors.js";
import { startWorker } from "../threads/start-worker.js";
import type { PipelineBatch, PipelineOptions, PipelineStats } from "./pipeline.js";
import type { FromWorker, ToWorker } from "./bulk-worker.js";

// The main thread's end of a worker pipeline: names go out in batches, with at
// most `maxOutstanding` results not yet consumed, so memory stays flat however
// large the input; batches come back and are consumed strictly one at a time.

const NAMES_PER_MESSAGE = 256;

export class WorkerPipeline {
  private readonly worker: Worker;
  private outgoing: string[] = [];
  private outstanding = 0;
  private types = 1;
  private readonly queue: PipelineBatch[] = [];
  private consuming = false;
  private roomWaiters: (() => void)[] = [];
  private doneWaiters:
    { resolve: (s: PipelineStats) => void; reject: (e: Error) => void } | undefined;
  private stats: PipelineStats | undefined;
  private failure: Error | undefined;
  private readyWaiter: { resolve: () => void; reject: (e: Error) => void } | undefined;

  private maxOutstanding = 1;
  private consume: (b: PipelineBatch) => void | Promise<void> = () => undefined;

  /** Starts the thread at once; `open` gives it its work later. */
  constructor() {
    this.worker = startWorker(import.meta.url, "bulk-worker");
    this.worker.on("message", (m: FromWorker) => {
      if (m.kind === "ready") this.readyWaiter?.resolve();
      else if (m.kind === "batch") {
        this.queue.push(m.batch);
        void this.pump();
      } else if (m.kind === "done") {
        this.stats = m.stats;
        void this.pump();
      } else this.fail(new DnsightError("INTERNAL", `resolver thread: ${m.message}`));
    });
    this.worker.on("error", (e) =>
      this.fail(new DnsightError("INTERNAL", `resolver thread failed: ${e.message}`, { cause: e })),
    );
    this.worker.on("exit", (code) => {
      if (!this.stats)
        this.fail(
          new DnsightError("INTERNAL", `resolver thread exited with code ${code} before finishing`),
        );
    });
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.readyWaiter?.reject(e);
    this.doneWaiters?.reject(e);
    for (const w of this.roomWaiters.splice(0)) w();
  }

  /**
   * Hands the thread its options and waits until its sockets are open. At most
   * `maxOutstanding` results are let out before `consume` has taken them.
   */
  async open(
    o: PipelineOptions,
    maxOutstanding: number,
    consume: (b: PipelineBatch) => void | Promise<void>,
  ): Promise<void> {
    this.types = o.types.length;
    this.maxOutstanding = maxOutstanding;
    this.consume = consume;
    await new Promise<void>((resolve, reject) => {
      this.readyWaiter = { resolve, reject };
      if (this.failure) reject(this.failure);
      else this.worker.postMessage({ kind: "start", options: o } satisfies ToWorker);
    });
  }

  submit(qname: string): void {
    if (this.failure) throw this.failure;
    this.outgoing.push(qname);
    this.outstanding += this.types;
    if (this.outgoing.length >= NAMES_PER_MESSAGE) this.send();
  }

  private send(): void {
    if (this.outgoing.length === 0) return;
    this.worker.postMessage({ kind: "names", names: this.outgoing } satisfies ToWorker);
    this.outgoing = [];
  }

  hasRoom(): boolean {
    return this.outstanding < this.maxOutstanding;
  }

  /** Resolves once fewer than `maxOutstanding` results are pending. */
  async waitForRoom(): Promise<void> {
    while (this.outstanding >= this.maxOutstanding && !this.failure) {
      this.send();
      await new Promise<void>((r) => this.roomWaiters.push(r));
    }
    if (this.failure) throw this.failure;
  }

  private async pump(): Promise<void> {
    if (this.consuming) return;
    this.consuming = true;
    try {
      for (let b = this.queue.shift(); b !== undefined; b = this.queue.shift()) {
        await this.consume(b);
        this.outstanding -= b.completed;
        for (const w of this.roomWaiters.splice(0)) w();
      }
    } catch (e) {
      this.fail(e as Error);
    } finally {
      this.consuming = false;
    }
    if (this.stats && this.queue.length === 0) this.doneWaiters?.resolve(this.stats);
  }

  /** Sends what is left, waits for every result to be consumed, returns the thread's stats. */
  async finish(): Promise<PipelineStats> {
    this.send();
    this.worker.postMessage({ kind: "end" } satisfies ToWorker);
    const stats = await new Promise<PipelineStats>((resolve, reject) => {
      this.doneWaiters = { resolve, reject };
      if (this.failure) reject(this.failure);
      else void this.pump();
    });
    await this.worker.terminate();
    return stats;
  }

  async abort(): Promise<void> {
    await this.worker.terminate();
  }
}
