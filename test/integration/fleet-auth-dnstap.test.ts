// A sensor reading dnstap live from a real authoritative server, Knot (mod-dnstap) and
// BIND 9 (`dnstap { auth response; client response; }`), each sending its responses
// over bidirectional Frame Streams, publishing to a NATS server that the sensor and the
// collector both name by host name (`nats://localhost:PORT`), as users write it. The
// store equals a direct `dnsight ingest` of the byte copy a relay kept of what the
// server sent. (Unbound, the resolver, is fleet-acceptance.test.ts.)
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
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
import { startBind } from "../helpers/bind.js";
import { startKnot } from "../helpers/knot.js";
import { startNats } from "../helpers/nats.js";
import { waitFor } from "../helpers/_process.js";
import { makeTmpDir } from "../helpers/tmp.js";

const ZONE = {
  origin: "auth-fleet.test",
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

/** An authoritative server serving ZONE, streaming dnstap to `socket`, until stop(). */
type StartServer = (
  socket: string,
  t: TestContext,
) => Promise<{ host: string; port: number; stop(): Promise<void> }>;

const SERVERS: [string, StartServer][] = [
  ["Knot", (socket, t) => startKnot({ zones: [ZONE], dnstapSocket: socket }, t)],
  ["BIND", (socket, t) => startBind({ zones: [ZONE], dnstapSocket: socket }, t)],
];

describe("an authoritative server's dnstap through a sensor, NATS named by host name", () => {
  for (const [name, startServer] of SERVERS)
    it(`what ${name} answered reaches the store through nats://localhost, equal to a direct ingest`, async (t) => {
      const dir = makeTmpDir(`fleet-${name}`, t).path;
      const nats = await startNats(t);
      const byName = `nats://localhost:${nats.port}`;
      const db = join(dir, "fleet.db");
      const collector = startCollector(byName, db);
      const sock = join(dir, "sensor.sock");
      const sensor = startSensor("dnstap", `unix:${sock}`, byName, name);
      await waitFor(
        "the dnstap sensor listening",
        () => sensor.stderr().includes("listening for dnstap") || undefined,
        30_000,
        50,
      );
      const copy = join(dir, "server.dnstap");
      const tee = await startDnstapTee(join(dir, "tee.sock"), sock, copy, t);
      const server = await startServer(tee.path, t);
      const asked: [string, string][] = [
        ...Array.from({ length: 30 }, (_, i) => [`h${i}.auth-fleet.test`, "A"] as [string, string]),
        ...Array.from({ length: 10 }, (_, i) => [`c${i}.auth-fleet.test`, "A"] as [string, string]),
        ["auth-fleet.test", "MX"],
        ["auth-fleet.test", "TXT"],
        ["mail.auth-fleet.test", "AAAA"],
        ["absent.auth-fleet.test", "A"],
      ];
      for (const [qname, type] of asked) await digAnswers(server.host, server.port, qname, type);
      // Stopped, the server's dnstap writer sends what it holds, then STOP.
      await server.stop();
      await tee.close();
      sensor.child.kill("SIGTERM");
      assert.equal(await sensor.exit, 0, sensor.stderr());
      assert.match(sensor.stderr(), /published [1-9][\d,]* rows/);
      await drained(await metricsUrl(collector));
      collector.child.kill("SIGTERM");
      assert.equal(await collector.exit, 0, collector.stderr());
      assert.match(collector.stderr(), /collecting from nats:\/\/localhost:/);

      const direct = join(dir, "direct.db");
      const r = dnsight(["ingest", "dnstap", copy, "--sensor", name, "--db", direct]);
      assert.equal(await r.exit, 0, r.stderr());
      const want = await cof(direct);
      for (const owner of ["h7.auth-fleet.test", "c3.auth-fleet.test", "mail.auth-fleet.test"])
        assert.ok(
          want.some((l) => l.includes(`"${owner}"`)),
          `${owner} is not in the direct ingest:\n${want.join("\n")}`,
        );
      assert.deepEqual(await cof(db), want);
    });
});
