// A sensor's side of the stream: batches of observation deltas, split to fit a
// message, each with a fleet-unique id (sensor, run, sequence) that JetStream uses to
// store a re-sent message once. A publish counts when the server has acknowledged it
// (the batch is in the stream's file store). A few publishes are in flight at once;
// past that, publish() waits: that wait is the sensor's backpressure. A publish the
// server refuses (the stream is full, the server is away) is sent again after a pause
// that grows to 2 s, for as long as it takes: nothing is dropped here.
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { NatsConnection } from "@nats-io/transport-node";
import { jetstream, type JetStreamClient } from "@nats-io/jetstream";
import { DnsightError } from "../errors.js";
import type { Observation } from "../model/observation.js";
import { encodeBatch, MAX_BATCH_ROWS, rowJson } from "./batch-codec.js";
import { sensorSubject } from "./stream.js";

export interface PublisherCounters {
  /** Messages the server acknowledged. */
  published: number;
  rows: number;
  /** Compressed bytes acknowledged. */
  bytes: number;
  /** Publishes sent again after a refusal or a lost acknowledgement. */
  retries: number;
  /** Milliseconds publish() spent waiting for room (the stream or the window). */
  waitedMs: number;
}

export interface PublisherOptions {
  sensor: string;
  /** Unacknowledged messages at once (default 4). */
  maxInflight?: number;
  /** Told each time a publish is refused, with why; it is tried again. */
  onRetry?: (why: string) => void;
}

const MAX_PAUSE_MS = 2000;

export class BatchPublisher {
  readonly counters: PublisherCounters = {
    published: 0,
    rows: 0,
    bytes: 0,
    retries: 0,
    waitedMs: 0,
  };
  private readonly js: JetStreamClient;
  private readonly subject: string;
  /** This run's part of the batch ids it makes (`sensor.run.sequence`). */
  readonly run = randomBytes(4).toString("hex");
  private seq = 0;
  private readonly inflight = new Set<Promise<void>>();
  private failure: Error | undefined;
  private closed = false;

  constructor(
    private readonly nc: NatsConnection,
    private readonly o: PublisherOptions,
  ) {
    this.js = jetstream(nc);
    this.subject = sensorSubject(o.sensor);
  }

  /**
   * Sends `rows` as one or more messages; resolves once they are sent and the window
   * has room. `idBase` names the batch when the same rows may be sent again by a later
   * run (a sensor resuming a file from its checkpoint): its messages are then
   * `<idBase>.<part>`, and a collector finds them stored.
   */
  async publish(rows: readonly Observation[], idBase?: string): Promise<void> {
    let part = 0;
    for (const rowsOfPart of this.split(rows)) {
      const id =
        idBase !== undefined ? `${idBase}.${++part}` : `${this.o.sensor}.${this.run}.${++this.seq}`;
      if (this.failure) throw this.failure;
      const t0 = performance.now();
      while (this.inflight.size >= (this.o.maxInflight ?? 4)) await Promise.race(this.inflight);
      this.counters.waitedMs += performance.now() - t0;
      const body = encodeBatch({ sensor: this.o.sensor, id, rows: rowsOfPart });
      const p: Promise<void> = this.send(body, id, rowsOfPart.length)
        .catch((e: Error) => void (this.failure ??= e))
        .finally(() => this.inflight.delete(p));
      this.inflight.add(p);
    }
  }

  /** Waits until every message sent so far is acknowledged. */
  async flush(): Promise<void> {
    while (this.inflight.size > 0) await Promise.race(this.inflight);
    if (this.failure) throw this.failure;
  }

  /** Stops retrying: messages not yet acknowledged make flush() fail. */
  close(): void {
    this.closed = true;
  }

  /** Messages under the server's max_payload: JSON rows never grow when deflated. */
  private *split(rows: readonly Observation[]): Generator<Observation[]> {
    const budget = Math.max(4096, (this.nc.info?.max_payload ?? 1 << 20) - 1024);
    let part: Observation[] = [];
    let size = 64;
    for (const o of rows) {
      const n = Buffer.byteLength(rowJson(o)) + 1;
      if (part.length > 0 && (size + n > budget || part.length === MAX_BATCH_ROWS)) {
        yield part;
        part = [];
        size = 64;
      }
      part.push(o);
      size += n;
    }
    if (part.length > 0) yield part;
  }

  private async send(body: Uint8Array, id: string, rows: number): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.js.publish(this.subject, body, { msgID: id, timeout: 10_000 });
        this.counters.published++;
        this.counters.rows += rows;
        this.counters.bytes += body.byteLength;
        return;
      } catch (e) {
        if (this.closed)
          throw new DnsightError(
            "NETWORK",
            `nats: batch ${id} not acknowledged before close: ${(e as Error).message}`,
          );
        this.counters.retries++;
        this.o.onRetry?.((e as Error).message);
        const t0 = performance.now();
        await sleep(Math.min(MAX_PAUSE_MS, 50 * 2 ** Math.min(attempt, 6)));
        this.counters.waitedMs += performance.now() - t0;
      }
    }
  }
}
