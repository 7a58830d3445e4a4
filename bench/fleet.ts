// Bench (issue 16): sustained observations/s through the sensor stream, one publisher
// (a sensor's publish path: split, deflate, publish, wait for the server's
// acknowledgement) → Debian's nats-server with JetStream on loopback → one collector
// (decode, look the batch up, write, acknowledge) → a SQLite store, beside the same
// batches written straight into a SQLite store: the store alone is the ceiling, and the
// ratio says what the stream costs. Both run on the same two cores, so the pipeline's
// publisher, server and collector share them with the store's writes.
// The pdns-query bench's generator, BENCH_FLEET_ROWS rows (default 1M) in batches of
// 20,000 (a sensor's batch), three rounds. Then the whole sensor: `runSensor` following
// a Zeek log (BENCH_FLEET_LINES lines, default 300k, two observations each) → stream →
// collector → SQLite, beside `dnsight ingest zeek` of the same log into SQLite (one
// thread, as a sensor reads), three rounds.
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { writeFileSync } from "node:fs";
import { Collector } from "../src/fleet/collector.js";
import { ingestInput } from "../src/flows/ingest.js";
import { runSensor, type SensorStats } from "../src/flows/sensor.js";
import { BatchPublisher } from "../src/fleet/publisher.js";
import { connectNats, ensureStream } from "../src/fleet/stream.js";
import type { Observation } from "../src/model/observation.js";
import { openSqliteStore } from "../src/store/sqlite/sqlite-store.js";
import { startNats } from "../test/helpers/nats.js";
import { makeTmpDir } from "../test/helpers/tmp.js";
import { zeekLog } from "../test/helpers/zeek-log.js";
import { storeRows } from "./_pdns-gen.js";
import { fmt } from "./_util.js";

const ROWS = Number(process.env.BENCH_FLEET_ROWS ?? 1_000_000);
const BATCH = 20_000;
const ROUNDS = 3;
const LINES = Number(process.env.BENCH_FLEET_LINES ?? 300_000);

async function direct(path: string, batches: readonly Observation[][]): Promise<number> {
  const store = await openSqliteStore(path);
  try {
    const t0 = performance.now();
    for (const b of batches) await store.writeObservations(b);
    return (performance.now() - t0) / 1000;
  } finally {
    await store.close();
  }
}

async function pipeline(
  path: string,
  url: string,
  round: number,
  batches: readonly Observation[][],
): Promise<number> {
  const store = await openSqliteStore(path);
  const pnc = await connectNats(url, "bench sensor");
  const cnc = await connectNats(url, "bench collector");
  try {
    // A fresh stream each round (one at a time: streams may not share subjects).
    const stream = `BENCH_${round}`;
    const jsm = await ensureStream(pnc, { stream, maxBytes: 4 * 2 ** 30 });
    const pub = new BatchPublisher(pnc, { sensor: "bench" });
    const ac = new AbortController();
    const collector = new Collector(cnc, store, { stream, durable: "bench", signal: ac.signal });
    const t0 = performance.now();
    const running = collector.run();
    for (const b of batches) await pub.publish(b);
    await pub.flush();
    const messages = pub.counters.published;
    while (collector.counters.acknowledged < messages) await sleep(5);
    const secs = (performance.now() - t0) / 1000;
    ac.abort();
    await running;
    await jsm.streams.delete(stream);
    return secs;
  } finally {
    await pnc.close();
    await cnc.close();
    await store.close();
  }
}

/** A sensor following `log` → stream → collector → SQLite: seconds until all is stored. */
async function sensorPipeline(
  path: string,
  url: string,
  round: number,
  log: string,
  observations: number,
): Promise<number> {
  const store = await openSqliteStore(path);
  const snc = await connectNats(url, "bench sensor");
  const cnc = await connectNats(url, "bench collector");
  try {
    const stream = `BENCH_SENSOR_${round}`;
    const jsm = await ensureStream(snc, { stream, maxBytes: 4 * 2 ** 30 });
    const stopSensor = new AbortController();
    const stopCollector = new AbortController();
    const collector = new Collector(cnc, store, {
      stream,
      durable: "bench",
      signal: stopCollector.signal,
    });
    let stats: SensorStats | undefined;
    const t0 = performance.now();
    const collecting = collector.run();
    const sensing = runSensor({
      format: "zeek",
      source: log,
      nc: snc,
      sensor: "bench",
      stream,
      signal: stopSensor.signal,
      onStart: (s) => void (stats = s),
    });
    // The file is whole: the sensor is done when it has made every observation and
    // holds none, and the collector when it has acknowledged every message.
    while (!stats || stats.observations < observations || stats.lagSeconds() > 0) await sleep(5);
    while (collector.counters.acknowledged < stats.published.published) await sleep(5);
    const secs = (performance.now() - t0) / 1000;
    stopSensor.abort();
    await sensing;
    stopCollector.abort();
    await collecting;
    await jsm.streams.delete(stream);
    return secs;
  } finally {
    await snc.close();
    await cnc.close();
    await store.close();
  }
}

async function directIngest(path: string, log: string): Promise<number> {
  const store = await openSqliteStore(path);
  try {
    const t0 = performance.now();
    await ingestInput({
      format: "zeek",
      store,
      path: log,
      sensor: "bench",
      detect: false,
      threads: 1,
    });
    return (performance.now() - t0) / 1000;
  } finally {
    await store.close();
  }
}

export async function benchFleet(): Promise<boolean> {
  const tmp = makeTmpDir("bench-fleet");
  const nats = await startNats(undefined, { maxFileStore: 8 * 2 ** 30 });
  try {
    const batches = [...storeRows(ROWS, BATCH)];
    const rows = batches.reduce((n, b) => n + b.length, 0);
    console.log(
      `sensor stream: ${fmt(rows)} observations in batches of ${fmt(BATCH)}, publisher → nats-server (JetStream, file store) → collector → SQLite, beside SQLite alone; ${ROUNDS} rounds`,
    );
    for (let round = 1; round <= ROUNDS; round++) {
      const alone = await direct(join(tmp.path, `direct-${round}.db`), batches);
      const through = await pipeline(join(tmp.path, `fleet-${round}.db`), nats.url, round, batches);
      const ratio = alone / through;
      console.log(
        `  round ${round}: store alone ${fmt(rows / alone)} rows/s; through the stream ${fmt(rows / through)} rows/s; ratio ${ratio.toFixed(2)} of the store's own rate (the issue sets no target)`,
      );
    }
    const log = join(tmp.path, "dns.log");
    writeFileSync(log, zeekLog(LINES, Math.ceil(LINES / 3)));
    const observations = 2 * LINES;
    console.log(
      `the whole sensor: a Zeek log of ${fmt(LINES)} lines (${fmt(observations)} observations) followed by dnsight sensor → stream → collector → SQLite, beside dnsight ingest of it (one thread); ${ROUNDS} rounds`,
    );
    for (let round = 1; round <= ROUNDS; round++) {
      const alone = await directIngest(join(tmp.path, `ingest-${round}.db`), log);
      const through = await sensorPipeline(
        join(tmp.path, `sensor-${round}.db`),
        nats.url,
        round,
        log,
        observations,
      );
      console.log(
        `  round ${round}: ingest alone ${fmt(observations / alone)} observations/s; sensor → collector ${fmt(observations / through)} observations/s; ratio ${(alone / through).toFixed(2)} (no target)`,
      );
    }
    return true;
  } finally {
    await nats.stop();
    tmp.remove();
  }
}
