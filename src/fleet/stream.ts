// The JetStream stream sensors publish to and collectors read from, made by whichever
// side comes first with the same settings. Work-queue retention: a batch leaves the
// stream when a collector acknowledges it (after its write is durable). Limits hold
// data rather than drop it: when the stream is full it refuses new batches (discard
// "new"), and the sensor, whose publish then fails, slows down and tries again.
import { connect, type NatsConnection } from "@nats-io/transport-node";
import {
  DiscardPolicy,
  RetentionPolicy,
  StorageType,
  jetstreamManager,
  type JetStreamManager,
} from "@nats-io/jetstream";
import { DnsightError } from "../errors.js";

export const DEFAULT_STREAM = "DNSIGHT_OBS";
/** Subjects are `dnsight.obs.<sensor>`: one per sensor, so a stream view per sensor is cheap. */
export const SUBJECT_PREFIX = "dnsight.obs";
export const DEFAULT_DURABLE = "dnsight-collect";

export interface StreamOptions {
  stream?: string;
  /** Bytes the stream may hold before it refuses batches (default 1 GiB). */
  maxBytes?: number;
}

const NS = 1_000_000_000;

/** A subject token of a sensor id: NATS forbids `.`, `*`, `>` and white space in one. */
export function sensorSubject(sensor: string): string {
  return `${SUBJECT_PREFIX}.${sensor.replace(/[^A-Za-z0-9_-]/g, (c) => `~${c.charCodeAt(0).toString(16)}`)}`;
}

/** A connection that reconnects for as long as it is open: a server not up yet, or restarting, is waited for. */
export async function connectNats(
  url: string,
  name: string,
  /** Told, every 10 s, that the server has not answered yet. */
  onWait?: (seconds: number) => void,
): Promise<NatsConnection> {
  const t0 = Date.now();
  const timer = onWait
    ? setInterval(() => onWait(Math.round((Date.now() - t0) / 1000)), 10_000)
    : undefined;
  try {
    return await connect({
      servers: url,
      name,
      reconnect: true,
      maxReconnectAttempts: -1,
      // A sensor or collector started before its server (or while it restarts) waits for it.
      waitOnFirstConnect: true,
      reconnectTimeWait: 250,
    });
  } catch (e) {
    throw new DnsightError("NETWORK", `nats ${url}: ${(e as Error).message}`, { cause: e });
  } finally {
    if (timer) clearInterval(timer);
  }
}

/** Makes the stream if it is missing; an existing one is used as it is. */
export async function ensureStream(
  nc: NatsConnection,
  o: StreamOptions = {},
): Promise<JetStreamManager> {
  const jsm = await jetstreamManager(nc);
  const name = o.stream ?? DEFAULT_STREAM;
  try {
    await jsm.streams.info(name);
  } catch (e) {
    if ((e as { code?: number }).code !== 10059 && !/stream not found/i.test(String(e))) throw e;
    try {
      await jsm.streams.add({
        name,
        subjects: [`${SUBJECT_PREFIX}.>`],
        storage: StorageType.File,
        retention: RetentionPolicy.Workqueue,
        discard: DiscardPolicy.New,
        max_bytes: o.maxBytes ?? 2 ** 30,
        // Publishes of one batch id within this window are stored once (a sensor that
        // sent again because an acknowledgement was lost).
        duplicate_window: 120 * NS,
      });
    } catch (e2) {
      // Another process may have made it first (the server then says "already in use",
      // or, when the two reservations together pass its limit, "insufficient storage").
      await jsm.streams.info(name).catch(() => {
        throw e2;
      });
    }
  }
  return jsm;
}
