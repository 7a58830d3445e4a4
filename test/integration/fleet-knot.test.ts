// A sensor reading dnstap live from a real Knot (mod-dnstap, an authoritative server's
// AUTH_RESPONSE messages over bidirectional Frame Streams), publishing to a NATS server
// that the sensor and the collector both name by host name (`nats://localhost:PORT`),
// as users write it. The store equals a direct `dnsight ingest` of the byte copy a relay
// kept of what Knot sent.
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { digAnswers } from "../helpers/dig.js";
import { startDnstapTee } from "../helpers/dnstap-tee.js";
import {
  cof,
  dnsight,
  drained,
  metricsUrl,
  startCollector,
  startSensor,
} from "../helpers/fleet-cli.js";
import { startKnot } from "../helpers/knot.js";
import { startNats } from "../helpers/nats.js";
import { waitFor } from "../helpers/_process.js";
import { makeTmpDir } from "../helpers/tmp.js";

const ZONE = {
  origin: "knot-fleet.test",
  text: [
    "@ 300 SOA ns1 hostmaster 1 3600 900 604800 300",
    "@ 300 NS ns1",
    "ns1 300 A 127.0.0.1",
    "@ 300 MX 10 mail",
    "mail 300 AAAA 2001:db8::25",
    ...Array.from({ length: 30 }, (_, i) => `h${i} 300 A 198.51.100.${i + 1}`),
    ...Array.from({ length: 10 }, (_, i) => `c${i} 300 CNAME h${i}`),
    '@ 300 TXT "v=spf1 -all"',
    "",
  ].join("\n"),
};

describe("a Knot dnstap sensor, NATS named by host name", () => {
  it("what Knot answered reaches the store through nats://localhost, equal to a direct ingest", async (t) => {
    const dir = makeTmpDir("fleet-knot", t).path;
    const nats = await startNats(t);
    const byName = `nats://localhost:${nats.port}`;
    const db = join(dir, "fleet.db");
    const collector = startCollector(byName, db);
    const sock = join(dir, "sensor.sock");
    const sensor = startSensor("dnstap", `unix:${sock}`, byName, "knot-1");
    await waitFor(
      "the dnstap sensor listening",
      () => sensor.stderr().includes("listening for dnstap") || undefined,
      30_000,
      50,
    );
    const copy = join(dir, "knot.dnstap");
    const tee = await startDnstapTee(join(dir, "tee.sock"), sock, copy, t);
    const knot = await startKnot({ zones: [ZONE], dnstapSocket: tee.path }, t);
    const asked: [string, string][] = [
      ...Array.from({ length: 30 }, (_, i) => [`h${i}.knot-fleet.test`, "A"] as [string, string]),
      ...Array.from({ length: 10 }, (_, i) => [`c${i}.knot-fleet.test`, "A"] as [string, string]),
      ["knot-fleet.test", "MX"],
      ["knot-fleet.test", "TXT"],
      ["mail.knot-fleet.test", "AAAA"],
      ["absent.knot-fleet.test", "A"],
    ];
    for (const [name, type] of asked) await digAnswers(knot.host, knot.port, name, type);
    // Stopped, Knot's dnstap writer sends what it holds, then STOP.
    await knot.stop();
    await tee.close();
    sensor.child.kill("SIGTERM");
    assert.equal(await sensor.exit, 0, sensor.stderr());
    assert.match(sensor.stderr(), /published [1-9][\d,]* rows/);
    await drained(await metricsUrl(collector));
    collector.child.kill("SIGTERM");
    assert.equal(await collector.exit, 0, collector.stderr());
    assert.match(collector.stderr(), /collecting from nats:\/\/localhost:/);

    const direct = join(dir, "direct.db");
    const r = dnsight(["ingest", "dnstap", copy, "--sensor", "knot-1", "--db", direct]);
    assert.equal(await r.exit, 0, r.stderr());
    const want = await cof(direct);
    for (const name of ["h7.knot-fleet.test", "c3.knot-fleet.test", "mail.knot-fleet.test"])
      assert.ok(
        want.some((l) => l.includes(`"${name}"`)),
        `${name} is not in the direct ingest:\n${want.join("\n")}`,
      );
    assert.deepEqual(await cof(db), want);
  });
});
