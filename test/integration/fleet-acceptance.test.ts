// Issue 16's acceptance, as a deployment runs it, every part a real process on loopback:
// 1. two sensors (one reading dnstap live from a real Unbound resolving through Knot,
//    one replaying a capture) → nats-server → two collectors → one store, which holds
//    what one direct `dnsight ingest` of the same inputs stores (the dnstap input is the
//    byte copy a relay kept of what Unbound sent the sensor);
// 2. a collector killed with SIGKILL and then the nats-server killed mid-stream, both
//    started again: nothing lost, nothing doubled (`export cof` equal to a direct ingest).
import assert from "node:assert/strict";
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { digAnswers } from "../helpers/dig.js";
import { startDnstapTee } from "../helpers/dnstap-tee.js";
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
} from "../helpers/fleet-cli.js";
import { startKnot } from "../helpers/knot.js";
import { startNats } from "../helpers/nats.js";
import { waitFor } from "../helpers/_process.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { startUnbound } from "../helpers/unbound.js";
import { zeekLog } from "../helpers/zeek-log.js";

const PCAP = join(ROOT, "../shared/fixtures/pcap/go-dnscollector/dnsdump_udp+tcp.pcap");

const ZONE = {
  origin: "fleet.test",
  text: [
    "@ 300 SOA ns1 hostmaster 1 3600 900 604800 300",
    "@ 300 NS ns1",
    "ns1 300 A 127.0.0.1",
    "@ 300 MX 10 mail",
    "mail 300 A 192.0.2.25",
    ...Array.from({ length: 40 }, (_, i) => `h${i} 300 A 192.0.2.${i + 1}`),
    ...Array.from({ length: 20 }, (_, i) => `c${i} 300 CNAME h${i}`),
    "",
  ].join("\n"),
};

describe("sensors → NATS JetStream → collectors (issue 16 acceptance)", () => {
  it("a live Unbound dnstap sensor and a capture replay, two collectors: the store equals a direct ingest", async (t) => {
    const dir = makeTmpDir("fleet-acc", t).path;
    const nats = await startNats(t);
    const fleetDb = join(dir, "fleet.db");
    const collectors = [1, 2].map(() => startCollector(nats.url, fleetDb));
    const sock = join(dir, "sensor.sock");
    const dnstapSensor = startSensor("dnstap", `unix:${sock}`, nats.url, "unbound-1");
    await waitFor(
      "the dnstap sensor listening",
      () => dnstapSensor.stderr().includes("listening for dnstap") || undefined,
      30_000,
      50,
    );
    const copy = join(dir, "unbound.dnstap");
    const tee = await startDnstapTee(join(dir, "tee.sock"), sock, copy, t);
    const knot = await startKnot({ zones: [ZONE] }, t);
    const unbound = await startUnbound(
      {
        stubs: [{ zone: ZONE.origin, addrs: [`${knot.host}@${knot.port}`] }],
        dnstap: { socketPath: tee.path, bidirectional: false },
        extraServerConfig: ["cache-max-ttl: 0"],
      },
      t,
    );
    const replay = dnsight(["sensor", "pcap", "-", "--nats", nats.url, "--sensor", "cap"], PCAP);
    for (let round = 0; round < 2; round++)
      for (let i = 0; i < 40; i++) {
        const name = i < 20 ? `c${i}.fleet.test` : `h${i}.fleet.test`;
        assert.ok((await digAnswers(unbound.host, unbound.port, name, "A")).length > 0, name);
      }
    assert.ok((await digAnswers(unbound.host, unbound.port, "fleet.test", "MX")).length > 0);
    assert.equal(await replay.exit, 0, replay.stderr());
    // Unbound sends its dnstap queue about once a second; stopped, it sends the rest and STOP.
    await sleep(1500);
    await unbound.stop();
    await tee.close();
    dnstapSensor.child.kill("SIGTERM");
    assert.equal(await dnstapSensor.exit, 0, dnstapSensor.stderr());
    assert.match(dnstapSensor.stderr(), /published [1-9][\d,]* rows/);
    await drained(await metricsUrl(collectors[0]!));
    for (const c of collectors) c.child.kill("SIGTERM");
    for (const c of collectors) assert.equal(await c.exit, 0, c.stderr());

    const directDb = join(dir, "direct.db");
    for (const [fmt, file, sensor] of [
      ["dnstap", copy, "unbound-1"],
      ["pcap", PCAP, "cap"],
    ] as const) {
      const r = dnsight(["ingest", fmt, file, "--sensor", sensor, "--db", directDb]);
      assert.equal(await r.exit, 0, r.stderr());
    }
    const want = await cof(directDb);
    assert.ok(
      want.some((l) => l.includes('"c3.fleet.test"')) && want.some((l) => l.includes('"cap"')),
    );
    assert.deepEqual(await cof(fleetDb), want);
  });

  it("a collector and then the nats-server killed with SIGKILL mid-stream and restarted: nothing lost, nothing doubled", async (t) => {
    const dir = makeTmpDir("fleet-kill", t).path;
    const nats = await startNats(t);
    const fleetDb = join(dir, "fleet.db");
    const collect = (): ReturnType<typeof dnsight> => startCollector(nats.url, fleetDb);
    const collectors = [collect(), collect()];
    const log = join(dir, "dns.log");
    const text = zeekLog(240_000, 60_000).split("\n");
    const header = text.filter((l) => l.startsWith("#"));
    const body = text.filter((l) => l !== "" && !l.startsWith("#"));
    writeFileSync(log, `${header.join("\n")}\n`);
    const sensor = startSensor(
      "zeek",
      log,
      nats.url,
      "zk",
      "--checkpoints",
      join(dir, "sensor.db"),
      "--metrics",
      "127.0.0.1:0",
    );
    const sensorMetrics = await metricsUrl(sensor);
    const rounds = 24;
    const per = body.length / rounds;
    let killedCollector = false;
    let killedServer = false;
    for (let k = 0; k < rounds; k++) {
      appendFileSync(log, `${body.slice(k * per, (k + 1) * per).join("\n")}\n`);
      await sleep(250);
      if (k === 6) {
        // Mid-stream: the first collector has stored batches, and is killed.
        const m = await metricsUrl(collectors[0]!);
        await waitFor(
          "collector 1 to store a batch",
          async () =>
            (metric(await fetchText(m), "dnsight_collect_acknowledged_total") ?? 0) > 0 ||
            undefined,
          30_000,
          50,
        );
        collectors[0]!.child.kill("SIGKILL");
        await collectors[0]!.exit;
        killedCollector = true;
      }
      if (k === 9) collectors[0] = collect();
      if (k === 14) {
        await nats.kill();
        killedServer = true;
      }
      if (k === 16) await nats.start();
    }
    assert.ok(killedCollector && killedServer);
    // What the log holds, from a direct ingest of it: the sensor has read it all when it
    // has made as many observations. Its reading pauses while the server is away, so a
    // pause says nothing.
    const directDb = join(dir, "direct.db");
    const r = dnsight(["ingest", "zeek", log, "--sensor", "zk", "--db", directDb]);
    assert.equal(await r.exit, 0, r.stderr());
    const want = await cof(directDb);
    const observations = want.reduce((n, x) => n + (JSON.parse(x) as { count: number }).count, 0);
    await waitFor(
      "the sensor to read the whole log",
      async () =>
        (metric(
          await fetchText(sensorMetrics).catch(() => ""),
          "dnsight_sensor_observations_total",
        ) ?? 0) >= observations || undefined,
      60_000,
      100,
    );
    sensor.child.kill("SIGTERM");
    assert.equal(await sensor.exit, 0, sensor.stderr());
    await drained(await metricsUrl(collectors[1]!));
    // The restarted collector joined the consumer (which batches it got is the server's choice).
    await waitFor(
      "the restarted collector to join",
      () => /collecting from nats:/.test(collectors[0]!.stderr()) || undefined,
      30_000,
      50,
    );
    for (const c of collectors) c.child.kill("SIGTERM");
    for (const c of collectors) assert.equal(await c.exit, 0, c.stderr());

    assert.ok(want.length > 100_000, `${want.length} rows`);
    const got = await cof(fleetDb);
    assert.equal(got.length, want.length);
    assert.deepEqual(got, want);
  });
});
