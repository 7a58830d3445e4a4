// A collector's side of the stream: batches from a durable consumer that several
// collectors may share (each batch goes to one of them), written into a store and
// acknowledged only once the write is durable. Delivery is at least once, so a batch
// can come again (a collector killed after its write, an acknowledgement lost); the
// store's checkpoint for the batch id says whether it is already in. A batch that can
// never be written (it does not decode, or the store refuses a row) is terminated and
// counted as dropped, with one line naming it; a store that is away makes the
// collector pause and the batch come again, losing nothing.
import { setTimeout as sleep } from "node:timers/promises";
import type { NatsConnection } from "@nats-io/transport-node";
import { AckPolicy, jetstream, type JsMsg } from "@nats-io/jetstream";
import { DnsightError } from "../errors.js";
import type { Observation } from "../model/observation.js";
import type { ObservationStore } from "../store/types.js";
import { decodeBatch, type ObservationBatch } from "./batch-codec.js";
import { DEFAULT_DURABLE, DEFAULT_STREAM, ensureStream, type StreamOptions } from "./stream.js";

export interface CollectorCounters {
  /** Messages delivered to this collector (including redeliveries). */
  received: number;
  /** Messages acknowledged after their batch was stored (or found stored). */
  acknowledged: number;
  /** Deliveries the server marked as redelivered. */
  redelivered: number;
  /** Batches found already stored (by id), acknowledged without writing. */
  duplicates: number;
  /** Batches terminated because they can never be written. */
  dropped: number;
  rows: number;
  /** Stored batches whose ids were forgotten, being older than rememberSeconds. */
  forgotten: number;
}

export interface CollectorOptions extends StreamOptions {
  /** The durable consumer collectors share (default dnsight-collect). */
  durable?: string;
  /** Seconds a delivered batch may go unacknowledged before it is sent elsewhere (default 60). */
  ackWaitSeconds?: number;
  signal?: AbortSignal;
  /**
   * Runs before a batch not yet stored is written (an analytic that compares with the
   * store as it was), and `onBatch` after, before the acknowledgement: the ingest
   * analytics. A failure of either leaves the batch to come again.
   */
  beforeWrite?: (batch: ObservationBatch) => Promise<void> | void;
  onBatch?: (batch: ObservationBatch) => Promise<void> | void;
  /** One line per batch dropped or store failure retried. */
  onProblem?: (line: string) => void;
  /**
   * How long a stored batch's id (its checkpoint) is kept to recognise the batch if it
   * comes again (default 7 days); older ones are forgotten hourly, so the store does
   * not grow by a row per batch forever. A batch sent again later than this (a sensor
   * down for longer, resending the batch it was publishing) would count twice.
   */
  rememberSeconds?: number;
}

export const DEFAULT_REMEMBER_SECONDS = 7 * 86_400;
const FORGET_EVERY_MS = 3_600_000;

/** The checkpoint input naming one batch: a batch is "in" when its checkpoint is. */
const BATCH_PREFIX = "nats-batch:";
export const batchInput = (id: string): string => `${BATCH_PREFIX}${id}`;

export class Collector {
  readonly counters: CollectorCounters = {
    received: 0,
    acknowledged: 0,
    redelivered: 0,
    duplicates: 0,
    dropped: 0,
    rows: 0,
    forgotten: 0,
  };

  constructor(
    private readonly nc: NatsConnection,
    private readonly store: ObservationStore,
    private readonly o: CollectorOptions = {},
  ) {}

  private get stream(): string {
    return this.o.stream ?? DEFAULT_STREAM;
  }

  private get durable(): string {
    return this.o.durable ?? DEFAULT_DURABLE;
  }

  /** Batches waiting in the stream for this consumer, and delivered but not yet acknowledged. */
  async lag(): Promise<{ pending: number; unacknowledged: number }> {
    const jsm = await ensureStream(this.nc, this.o);
    const info = await jsm.consumers.info(this.stream, this.durable);
    return { pending: info.num_pending, unacknowledged: info.num_ack_pending };
  }

  /**
   * Consumes until the signal aborts. A server that goes away (or is not there yet) is
   * waited for: each failure is told to onProblem and tried again after a pause.
   */
  async run(): Promise<void> {
    void this.forgetOld();
    const forgetting = setInterval(() => void this.forgetOld(), FORGET_EVERY_MS);
    forgetting.unref();
    try {
      await this.consume();
    } finally {
      clearInterval(forgetting);
      await this.forgetting;
    }
  }

  private forgetting: Promise<void> = Promise.resolve();

  /** Forgets the ids of batches stored longer ago than rememberSeconds (one run at a time). */
  forgetOld(): Promise<void> {
    const forget = this.store.forgetCheckpoints?.bind(this.store);
    if (!forget) return this.forgetting;
    const keep = this.o.rememberSeconds ?? DEFAULT_REMEMBER_SECONDS;
    this.forgetting = this.forgetting.then(async () => {
      try {
        this.counters.forgotten += await forget(BATCH_PREFIX, Math.floor(Date.now() / 1000) - keep);
      } catch (e) {
        this.o.onProblem?.(`collect: forgetting old batch ids: ${(e as Error).message}`);
      }
    });
    return this.forgetting;
  }

  private async consume(): Promise<void> {
    for (let failures = 0; !this.o.signal?.aborted;) {
      try {
        await this.consumeOnce();
        failures = 0;
      } catch (e) {
        if (this.o.signal?.aborted || this.nc.isClosed()) break;
        this.o.onProblem?.(`collect: ${(e as Error).message}; trying again`);
        const pause = Math.min(2000, 100 * 2 ** Math.min(failures++, 5));
        await sleep(pause, undefined, { signal: this.o.signal }).catch(() => {});
      }
    }
  }

  private async consumeOnce(): Promise<void> {
    const jsm = await ensureStream(this.nc, this.o);
    const ackWait = (this.o.ackWaitSeconds ?? 60) * 1e9;
    try {
      await jsm.consumers.info(this.stream, this.durable);
    } catch (e) {
      if (!/consumer not found/i.test(String(e))) throw e;
      await jsm.consumers.add(this.stream, {
        durable_name: this.durable,
        ack_policy: AckPolicy.Explicit,
        ack_wait: ackWait,
        max_ack_pending: 64,
      });
    }
    const consumer = await jetstream(this.nc).consumers.get(this.stream, this.durable);
    const messages = await consumer.consume({ max_messages: 4 });
    const stop = (): void => void messages.stop();
    if (this.o.signal?.aborted) return void messages.stop();
    this.o.signal?.addEventListener("abort", stop, { once: true });
    try {
      for await (const m of messages) {
        await this.handle(m, ackWait / 1e6);
        if (this.o.signal?.aborted) break;
      }
    } finally {
      this.o.signal?.removeEventListener("abort", stop);
      messages.stop();
    }
  }

  private async handle(m: JsMsg, ackWaitMs: number): Promise<void> {
    this.counters.received++;
    if (m.redelivered) this.counters.redelivered++;
    const where = `${m.subject} #${m.seq}`;
    let batch: ObservationBatch;
    try {
      batch = decodeBatch(m.data, where);
    } catch (e) {
      return this.drop(m, (e as Error).message);
    }
    // Tell the server the batch is being worked on, so a long write is not handed to
    // another collector meanwhile (two writers of one batch could both miss its checkpoint).
    const keepAlive = setInterval(() => m.working(), Math.max(1000, ackWaitMs / 3));
    try {
      const stored = await this.write(batch);
      if (stored === "refused") return this.drop(m, this.lastRefusal);
      if (stored === "duplicate") this.counters.duplicates++;
      else {
        this.counters.rows += batch.rows.length;
        await this.o.onBatch?.(batch);
      }
    } catch (e) {
      // The store is away or failing: the batch comes again after a pause.
      this.o.onProblem?.(
        `collect: batch ${batch.id} (${where}) not stored, will come again: ${(e as Error).message}`,
      );
      m.nak(2000);
      return;
    } finally {
      clearInterval(keepAlive);
    }
    // A lost acknowledgement means the batch comes again and is found stored.
    if (await m.ackAck().catch(() => false)) this.counters.acknowledged++;
  }

  private lastRefusal = "";

  private async write(batch: ObservationBatch): Promise<"written" | "duplicate" | "refused"> {
    const input = batchInput(batch.id);
    const end = batch.rows.length;
    const cp = await this.store.readCheckpoint(input);
    if (cp && cp.offset === end && cp.pendingEnd === undefined) return "duplicate";
    await this.o.beforeWrite?.(batch);
    try {
      await this.store.writeObservations(batch.rows as Observation[], { input, offset: end });
    } catch (e) {
      if (e instanceof DnsightError && e.code === "INPUT") {
        this.lastRefusal = `batch ${batch.id}: ${e.message}`;
        return "refused";
      }
      throw e;
    }
    return "written";
  }

  private drop(m: JsMsg, why: string): void {
    this.counters.dropped++;
    this.o.onProblem?.(`collect: dropped ${m.subject} #${m.seq}: ${why}`);
    // No reason: nats-server 2.9 ignores a "+TERM reason" it does not parse.
    m.term();
  }
}
