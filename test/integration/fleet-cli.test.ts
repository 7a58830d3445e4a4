// `dnsight sensor` and `dnsight collect` as a user runs them, each a process of its
// own, through a real nats-server: a capture replayed on standard input and a Zeek
// log followed as it grows → two collectors → one SQLite store, which must hold what
// `dnsight ingest` of the same inputs stores. Also read: both kinds of /metrics.
import assert from "node:assert/strict";
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { waitFor } from "../helpers/_process.js";
import {
  cof,
  startCollector,
  startSensor,
  dnsight,
  drained,
  fetchText,
  metric,
  metricsUrl,
  ROOT,
  sensorCaughtUp,
} from "../helpers/fleet-cli.js";
import { startNats } from "../helpers/nats.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { capture } from "../helpers/pcap.js";
import { zeekLog } from "../helpers/zeek-log.js";

const PCAP = join(ROOT, "../shared/fixtures/pcap/go-dnscollector/dnsdump_udp+tcp.pcap");

describe("dnsight sensor → NATS JetStream → dnsight collect", () => {
  it("two sensors and two collectors store what one direct ingest of the same inputs stores", async (t) => {
    const nats = await startNats(t);
    const dir = makeTmpDir("fleet-cli", t).path;
    const log = join(dir, "dns.log");
    const lines = zeekLog(4000, 700).split("\n");
    const header = lines.filter((l) => l.startsWith("#"));
    const body = lines.filter((l) => l !== "" && !l.startsWith("#"));
    writeFileSync(log, `${[...header, ...body.slice(0, 2000)].join("\n")}\n`);
    const fleetDb = join(dir, "fleet.db");
    const collectors = [1, 2].map(() => startCollector(nats.url, fleetDb));
    const capture = dnsight(["sensor", "pcap", "-", "--nats", nats.url, "--sensor", "cap"], PCAP);
    const zeek = startSensor(
      "zeek",
      log,
      nats.url,
      "zk",
      "--checkpoints",
      join(dir, "sensor.db"),
      "--metrics",
      "127.0.0.1:0",
    );
    // The replayed capture ends with its input.
    assert.equal(await capture.exit, 0, capture.stderr());
    assert.match(capture.stderr(), /published \d[\d,]* rows in \d+ messages/);
    // The log grows while the sensor follows it.
    const zeekMetrics = await metricsUrl(zeek);
    await waitFor(
      "the first half read",
      async () =>
        (metric(await fetchText(zeekMetrics), "dnsight_sensor_received_total") ?? 0) >= 2000 ||
        undefined,
      30_000,
      100,
    );
    appendFileSync(log, `${body.slice(2000).join("\n")}\n`);
    // Each line is a CNAME and an A; the last line's too, though nothing follows it.
    await sensorCaughtUp(zeekMetrics, 2 * body.length);
    const zm = await fetchText(zeekMetrics);
    assert.match(zm, /# TYPE dnsight_sensor_published_total counter/);
    assert.equal(metric(zm, "dnsight_sensor_skipped_total"), 0);
    // Stopped, the sensor publishes what it holds before it exits.
    zeek.child.kill("SIGTERM");
    assert.equal(await zeek.exit, 0, zeek.stderr());
    // Collectors done: nothing waiting in the stream, nothing unacknowledged.
    await drained(await metricsUrl(collectors[0]!));
    for (const c of collectors) c.child.kill("SIGTERM");
    for (const c of collectors) assert.equal(await c.exit, 0, c.stderr());
    const acked = await Promise.all(
      collectors.map((c) => Number(/in (\d+) batches/.exec(c.stderr())?.[1] ?? 0)),
    );
    assert.ok(
      acked.every((n) => n > 0),
      `both collectors stored batches: ${acked.join(", ")}`,
    );

    const directDb = join(dir, "direct.db");
    for (const [fmt, file, sensor] of [
      ["pcap", PCAP, "cap"],
      ["zeek", log, "zk"],
    ] as const) {
      const r = dnsight(["ingest", fmt, file, "--sensor", sensor, "--db", directDb]);
      assert.equal(await r.exit, 0, r.stderr());
    }
    const want = await cof(directDb);
    assert.ok(want.length > 1000, `${want.length} rows`);
    assert.deepEqual(await cof(fleetDb), want);
  });

  it("collect refuses to remember batch ids for less than an hour, before it connects", async () => {
    const r = dnsight(["collect", "--nats", "nats://127.0.0.1:9", "--remember-batches", "10m"]);
    assert.equal(await r.exit, 2, r.stderr());
    assert.match(r.stderr(), /--remember-batches must be at least 1h/);
    const bad = dnsight(["collect", "--nats", "nats://127.0.0.1:9", "--remember-batches", "soon"]);
    assert.equal(await bad.exit, 2, bad.stderr());
    assert.match(
      bad.stderr(),
      /--remember-batches wants a duration like 30m, 6h or 2d, got "soon"/,
    );
  });

  it("a capture being written, cut inside a record, is followed to what a direct ingest stores", async (t) => {
    const nats = await startNats(t);
    const dir = makeTmpDir("fleet-pcap", t).path;
    const { bytes, starts } = capture(3000);
    const file = join(dir, "live.pcap");
    const cut = starts[1500]! + 20; // inside record 1500's header and frame
    writeFileSync(file, bytes.subarray(0, cut));
    const db = join(dir, "fleet.db");
    const collector = startCollector(nats.url, db);
    const sensor = startSensor(
      "pcap",
      file,
      nats.url,
      "tap",
      "--checkpoints",
      join(dir, "sensor.db"),
      "--metrics",
      "127.0.0.1:0",
    );
    const sm = await metricsUrl(sensor);
    // Records 0..1499 are whole, and all are published while the file waits for more,
    // the last one included (each record is one distinct row).
    await sensorCaughtUp(sm, 1500);
    const cm = await metricsUrl(collector);
    await waitFor(
      "the first 1500 records stored",
      async () =>
        (metric(await fetchText(cm), "dnsight_collect_rows_total") ?? 0) >= 1500 || undefined,
      30_000,
      100,
    );
    assert.equal(metric(await fetchText(cm), "dnsight_collect_rows_total"), 1500);
    // Nothing waits in the sensor now: its lag is 0 (a gauge, there from the start).
    await waitFor(
      "the sensor's lag to be 0",
      async () => metric(await fetchText(sm), "dnsight_sensor_lag_seconds") === 0 || undefined,
      10_000,
      100,
    );
    appendFileSync(file, bytes.subarray(cut));
    await sensorCaughtUp(sm, 3000);
    assert.equal(metric(await fetchText(sm), "dnsight_sensor_skipped_total"), 0);
    sensor.child.kill("SIGTERM");
    assert.equal(await sensor.exit, 0, sensor.stderr());
    await drained(cm);
    collector.child.kill("SIGTERM");
    assert.equal(await collector.exit, 0, collector.stderr());
    const direct = join(dir, "direct.db");
    const r = dnsight(["ingest", "pcap", file, "--sensor", "tap", "--db", direct]);
    assert.equal(await r.exit, 0, r.stderr());
    const want = await cof(direct);
    assert.equal(want.length, 3000);
    assert.deepEqual(await cof(db), want);
  });
});
