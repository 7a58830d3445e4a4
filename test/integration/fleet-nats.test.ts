// The sensor stream against a real nats-server with JetStream (Debian's, on loopback):
// publishers → stream → collectors → a SQLite store, compared with the same rows
// written straight into another store. Provoked for real: a full stream (publishers
// wait, nothing is dropped), a batch delivered again after its write (counted once),
// a message that can never be written (terminated, counted), a server killed with
// SIGKILL and started again mid-stream, and two collectors sharing one consumer.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, it, type TestContext } from "node:test";
import { batchInput, Collector } from "../../src/fleet/collector.js";
import { ingestInput } from "../../src/flows/ingest.js";
import { runSensor, type SensorStats } from "../../src/flows/sensor.js";
import { BatchPublisher } from "../../src/fleet/publisher.js";
import {
  connectNats,
  ensureStream,
  sensorSubject,
  type StreamOptions,
} from "../../src/fleet/stream.js";
import type { Observation } from "../../src/model/observation.js";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import type { IngestCheckpoint, ObservationStore } from "../../src/store/types.js";
import { startNats } from "../helpers/nats.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { zeekLog } from "../helpers/zeek-log.js";

const T = 1_700_000_000;

/** `n` deltas over `n / 3` keys (so merging across batches matters), for sensor `s`. */
function rows(s: string, n: number, from = 0): Observation[] {
  return Array.from({ length: n }, (_, j) => {
    const i = from + j;
    return {
      rrname: `h${i % Math.ceil(n / 3)}.${s}.example.net`,
      rrtype: i % 5 === 0 ? "AAAA" : "A",
      rdata: i % 5 === 0 ? `2001:db8::${(i % 97).toString(16)}` : `198.51.100.${i % 97}`,
      sensorId: s,
      timeFirst: T + i,
      timeLast: T + i + 60,
      count: 1 + (i % 4),
      source: "passive",
    };
  });
}

async function dump(store: ObservationStore): Promise<string[]> {
  const out: string[] = [];
  for await (const b of store.scanObservations(5000))
    for (const o of b) out.push(JSON.stringify(o));
  return out.sort();
}

async function direct(dir: string, batches: Observation[][]): Promise<string[]> {
  const store = await openSqliteStore(join(dir, "direct.db"));
  try {
    for (const b of batches) await store.writeObservations(b);
    return await dump(store);
  } finally {
    await store.close();
  }
}

/** What most tests here start from: a server, a temp dir, an empty store, a connection with the stream made. */
async function lab(t: TestContext, stream: StreamOptions = {}) {
  const nats = await startNats(t);
  const tmp = makeTmpDir("fleet", t);
  const store = await openSqliteStore(join(tmp.path, "fleet.db"));
  t.after(() => store.close());
  const nc = await connectNats(nats.url, "t");
  t.after(() => nc.close());
  await ensureStream(nc, stream);
  return { nats, tmp, store, nc };
}

describe("sensor stream over NATS JetStream", () => {
  it("two publishers and two collectors store what a direct write stores, the work shared", async (t) => {
    const nats = await startNats(t);
    const tmp = makeTmpDir("fleet", t);
    const store = await openSqliteStore(join(tmp.path, "fleet.db"));
    t.after(() => store.close());
    const sent: Observation[][] = [];
    const pubs = await Promise.all(
      ["s1", "s2"].map(async (s) => {
        const nc = await connectNats(nats.url, `sensor ${s}`);
        t.after(() => nc.close());
        await ensureStream(nc);
        return new BatchPublisher(nc, { sensor: s });
      }),
    );
    for (let k = 0; k < 10; k++)
      for (const [i, p] of pubs.entries()) {
        const b = rows(`s${i + 1}`, 3000, k * 3000);
        sent.push(b);
        await p.publish(b);
      }
    for (const p of pubs) await p.flush();
    const ac = new AbortController();
    const collectors = await Promise.all(
      [1, 2].map(async (i) => {
        const nc = await connectNats(nats.url, `collector ${i}`);
        t.after(() => nc.close());
        return new Collector(nc, store, { signal: ac.signal });
      }),
    );
    const runs = collectors.map((c) => c.run());
    const total = pubs.reduce((n, p) => n + p.counters.published, 0);
    const t0 = Date.now();
    while (
      collectors.reduce((n, c) => n + c.counters.acknowledged, 0) < total &&
      Date.now() - t0 < 30_000
    )
      await sleep(50);
    ac.abort();
    await Promise.all(runs);
    assert.equal(
      collectors.reduce((n, c) => n + c.counters.acknowledged, 0),
      total,
    );
    assert.ok(
      collectors.every((c) => c.counters.acknowledged > 0),
      "both collectors took batches",
    );
    assert.deepEqual(await dump(store), await direct(tmp.path, sent));
    assert.deepEqual(await collectors[0]!.lag(), { pending: 0, unacknowledged: 0 });
  });

  it("a batch delivered again after its write is stored once", async (t) => {
    const { tmp, store, nc } = await lab(t);
    const pub = new BatchPublisher(nc, { sensor: "s1" });
    const sent = [rows("s1", 900), rows("s1", 900, 900)];
    for (const b of sent) await pub.publish(b);
    await pub.flush();
    // The analytics after the write fail once: the batch is not acknowledged, comes
    // again, and is found stored.
    let failures = 1;
    const ac = new AbortController();
    const problems: string[] = [];
    const c = new Collector(nc, store, {
      signal: ac.signal,
      onBatch: () => {
        if (failures-- > 0) throw new Error("analytics down");
      },
      onProblem: (l) => problems.push(l),
    });
    const run = c.run();
    const t0 = Date.now();
    while (c.counters.acknowledged < 2 && Date.now() - t0 < 30_000) await sleep(50);
    ac.abort();
    await run;
    assert.equal(c.counters.acknowledged, 2);
    assert.equal(c.counters.duplicates, 1);
    assert.equal(c.counters.redelivered, 1);
    assert.match(
      problems[0]!,
      /batch s1\.[0-9a-f]+\.1 .* not stored, will come again: analytics down/,
    );
    assert.deepEqual(await dump(store), await direct(tmp.path, sent));
  });

  it("forgets the ids of batches stored longer ago than it remembers, and only those", async (t) => {
    const { store, nc } = await lab(t);
    const pub = new BatchPublisher(nc, { sensor: "s1" });
    const ac = new AbortController();
    const c = new Collector(nc, store, { signal: ac.signal, rememberSeconds: 2 });
    const run = c.run();
    const stored = async (n: number): Promise<void> => {
      const t0 = Date.now();
      while (c.counters.acknowledged < n && Date.now() - t0 < 30_000) await sleep(50);
      assert.equal(c.counters.acknowledged, n);
    };
    await pub.publish(rows("s1", 300));
    await pub.flush();
    await stored(1);
    const old = (await store.readCheckpoint(batchInput(`s1.${pub.run}.1`)))!;
    assert.equal(old.offset, 300, "a stored batch's id is its checkpoint");
    await sleep(3100);
    await pub.publish(rows("s1", 300, 300));
    await pub.flush();
    await stored(2);
    await c.forgetOld();
    ac.abort();
    await run;
    assert.equal(c.counters.forgotten, 1);
    assert.equal(await store.readCheckpoint(batchInput(`s1.${pub.run}.1`)), undefined);
    assert.equal((await store.readCheckpoint(batchInput(`s1.${pub.run}.2`)))?.offset, 300);
  });

  it("a full stream makes the publisher wait, not drop; a collector drains it", async (t) => {
    const { tmp, store, nc } = await lab(t, { maxBytes: 64 << 10 });
    const refusals: string[] = [];
    const pub = new BatchPublisher(nc, {
      sensor: "s1",
      maxInflight: 1,
      onRetry: (w) => refusals.push(w),
    });
    const sent = Array.from({ length: 40 }, (_, k) => rows("s1", 2000, k * 2000));
    const ac = new AbortController();
    const c = new Collector(nc, store, { signal: ac.signal });
    let published = false;
    const publishing = (async () => {
      for (const b of sent) await pub.publish(b);
      await pub.flush();
      published = true;
    })();
    await sleep(1500);
    assert.equal(published, false, "the publisher waits while the stream is full");
    assert.ok(
      refusals.length > 0 && /maximum bytes|resources|exceeded/i.test(refusals[0]!),
      refusals[0],
    );
    const run = c.run();
    await publishing;
    const t0 = Date.now();
    while (c.counters.acknowledged < pub.counters.published && Date.now() - t0 < 30_000)
      await sleep(50);
    ac.abort();
    await run;
    assert.equal(c.counters.dropped, 0);
    assert.deepEqual(await dump(store), await direct(tmp.path, sent));
  });

  it("a sensor's lag grows while a full stream holds its batches back, and is 0 once the stream has all", async (t) => {
    const nats = await startNats(t);
    const tmp = makeTmpDir("fleet-lag", t);
    const log = join(tmp.path, "dns.log");
    writeFileSync(log, zeekLog(30_000, 30_000));
    const nc = await connectNats(nats.url, "t");
    t.after(() => nc.close());
    const ac = new AbortController();
    let stats: SensorStats | undefined;
    const sensing = runSensor({
      format: "zeek",
      source: log,
      nc,
      sensor: "lagging",
      maxBytes: 64 << 10,
      batchRows: 2000,
      flushSeconds: 0.2,
      signal: ac.signal,
      onStart: (s) => void (stats = s),
    });
    sensing.catch(() => undefined); // awaited below
    await sleep(2500);
    assert.ok(stats, "the figures are there from the start");
    const held = stats.lagSeconds();
    assert.ok(held > 1, `lag ${held} s while the stream is full`);
    const store = await openSqliteStore(join(tmp.path, "fleet.db"));
    t.after(() => store.close());
    const stop = new AbortController();
    const c = new Collector(nc, store, { signal: stop.signal });
    const run = c.run();
    const t0 = Date.now();
    while (stats.observations < 30_000 || stats.lagSeconds() > 0) {
      assert.ok(Date.now() - t0 < 60_000, `lag ${stats.lagSeconds()} s after a minute`);
      await sleep(100);
    }
    ac.abort();
    await sensing;
    stop.abort();
    await run;
  });

  it("a message that can never be written is dropped, counted and named; the rest go in", async (t) => {
    const { tmp, store, nc } = await lab(t);
    const pub = new BatchPublisher(nc, { sensor: "s1" });
    const { jetstream } = await import("@nats-io/jetstream");
    await jetstream(nc).publish(sensorSubject("s1"), new TextEncoder().encode("not a batch"));
    const bad = rows("s1", 10);
    bad[3] = { ...bad[3]!, timeFirst: T + 100, timeLast: T }; // first after last: the store refuses it
    await pub.publish(bad);
    const good = rows("s1", 500, 10);
    await pub.publish(good);
    await pub.flush();
    const ac = new AbortController();
    const problems: string[] = [];
    const c = new Collector(nc, store, { signal: ac.signal, onProblem: (l) => problems.push(l) });
    const run = c.run();
    const t0 = Date.now();
    while (c.counters.acknowledged + c.counters.dropped < 3 && Date.now() - t0 < 30_000)
      await sleep(50);
    ac.abort();
    await run;
    assert.equal(c.counters.dropped, 2);
    // Terminations are not acknowledged to the client: the server has them a moment later.
    for (let i = 0; i < 40 && (await c.lag()).unacknowledged > 0; i++) await sleep(50);
    assert.match(
      problems[0]!,
      /dropped dnsight\.obs\.s1 #1: observation batch at dnsight\.obs\.s1 #1 is not a deflated batch/,
    );
    assert.match(problems[1]!, /dropped dnsight\.obs\.s1 #2: batch s1\.[0-9a-f]+\.1: .*3/);
    assert.deepEqual(await dump(store), await direct(tmp.path, [good]));
    assert.deepEqual(await c.lag(), { pending: 0, unacknowledged: 0 });
  });

  it("a server killed with SIGKILL mid-stream and started again loses and doubles nothing", async (t) => {
    const nats = await startNats(t);
    const tmp = makeTmpDir("fleet", t);
    const store = await openSqliteStore(join(tmp.path, "fleet.db"));
    t.after(() => store.close());
    const pnc = await connectNats(nats.url, "sensor");
    t.after(() => pnc.close());
    const cnc = await connectNats(nats.url, "collector");
    t.after(() => cnc.close());
    await ensureStream(pnc);
    const pub = new BatchPublisher(pnc, { sensor: "s1" });
    const ac = new AbortController();
    const c = new Collector(cnc, store, { signal: ac.signal });
    const run = c.run().catch((e: Error) => e);
    const sent = Array.from({ length: 30 }, (_, k) => rows("s1", 1500, k * 1500));
    for (const [k, b] of sent.entries()) {
      await pub.publish(b);
      if (k === 12) {
        await nats.kill();
        await sleep(300);
        await nats.start();
      }
    }
    await pub.flush();
    const t0 = Date.now();
    const want = sent.length;
    // Every batch is in once the stream and the consumer have nothing left.
    while (Date.now() - t0 < 30_000) {
      const lag = await c.lag().catch(() => undefined);
      if (
        lag &&
        lag.pending === 0 &&
        lag.unacknowledged === 0 &&
        c.counters.rows + c.counters.duplicates > 0
      )
        break;
      await sleep(100);
    }
    ac.abort();
    assert.equal(await run, undefined, "the collector waited for the server, it did not give up");
    assert.ok(pub.counters.published >= want);
    assert.deepEqual(await dump(store), await direct(tmp.path, sent));
  });
});

describe("a sensor started again on the same file", () => {
  it("after a stop between a batch's publish and its checkpoint, counts each row once, even cut another way", async (t) => {
    const nats = await startNats(t);
    const tmp = makeTmpDir("fleet-resume", t);
    const log = join(tmp.path, "dns.log");
    writeFileSync(log, zeekLog(3000, 500));
    const nc = await connectNats(nats.url, "t");
    t.after(() => nc.close());
    const checkpoints = await openSqliteStore(join(tmp.path, "sensor.db"));
    t.after(() => checkpoints.close());
    // First run: small batches; the third batch is published, then the "crash" comes
    // before its checkpoint is kept.
    let kept = 0;
    const crashing = {
      readCheckpoint: (i: string) => checkpoints.readCheckpoint(i),
      writeObservations: async (rows: readonly Observation[], cp?: IngestCheckpoint) => {
        if (cp && !cp.input.includes("\u0000") && ++kept === 3) throw new Error("killed");
        await checkpoints.writeObservations(rows, cp);
      },
    };
    const first = new AbortController();
    await assert.rejects(
      runSensor({
        format: "zeek",
        source: log,
        nc,
        sensor: "zk",
        checkpoints: crashing,
        batchRows: 200,
        signal: first.signal,
      }),
      /killed/,
    );
    // Again, with batches 25 times as big: the batch in flight must be cut as before.
    const again = new AbortController();
    // The file does not grow: once the count has not moved for 2 s, the sensor is at its end.
    let seen = -1;
    let now = 0;
    const idle = setInterval(() => {
      if (now === seen && now > 0) again.abort();
      seen = now;
    }, 2000);
    await runSensor({
      format: "zeek",
      source: log,
      nc,
      sensor: "zk",
      checkpoints,
      batchRows: 5000,
      flushSeconds: 1,
      signal: again.signal,
      onBatch: (s) => void (now = s.observations),
    });
    clearInterval(idle);
    const store = await openSqliteStore(join(tmp.path, "fleet.db"));
    t.after(() => store.close());
    const ac = new AbortController();
    const c = new Collector(nc, store, { signal: ac.signal });
    const run = c.run();
    for (let i = 0; i < 300; i++) {
      const lag = await c.lag().catch(() => undefined); // the consumer may not be made yet
      if (lag?.pending === 0 && lag.unacknowledged === 0 && c.counters.acknowledged > 0) break;
      await sleep(50);
    }
    ac.abort();
    await run;
    const direct = await openSqliteStore(join(tmp.path, "direct.db"));
    t.after(() => direct.close());
    await ingestInput({
      format: "zeek",
      store: direct,
      path: log,
      sensor: "zk",
      detect: false,
      threads: 1,
    });
    assert.ok(c.counters.duplicates + c.counters.acknowledged > 0);
    assert.deepEqual(await dump(store), await dump(direct));
  });
});
