// The ingest analytics in the collector: a watched name that a sensor saw resolve to an
// address it never had raises T1584.001 as its batch is collected, against a real
// nats-server, and the alert is stored.
import assert from "node:assert/strict";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, it } from "node:test";
import { runCollect } from "../../src/flows/collect.js";
import { BatchPublisher } from "../../src/fleet/publisher.js";
import { connectNats, ensureStream } from "../../src/fleet/stream.js";
import type { Alert } from "../../src/model/alert.js";
import type { Observation } from "../../src/model/observation.js";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import { startNats } from "../helpers/nats.js";
import { makeTmpDir } from "../helpers/tmp.js";

const T = 1_700_000_000;
const a = (name: string, ip: string, at: number): Observation => ({
  rrname: name,
  rrtype: "A",
  rdata: ip,
  sensorId: "edge-1",
  timeFirst: at,
  timeLast: at,
  count: 1,
  source: "passive",
});

describe("collector analytics", () => {
  it("a watched name's new address seen by a sensor raises T1584.001 in the collector", async (t) => {
    const nats = await startNats(t);
    const tmp = makeTmpDir("fleet-detect", t);
    const store = await openSqliteStore(join(tmp.path, "s.db"));
    t.after(() => store.close());
    await store.watches!.addWatches(["shop.example"], "owned", T);
    await store.writeObservations([a("www.shop.example", "192.0.2.1", T)]);
    const nc = await connectNats(nats.url, "t");
    t.after(() => nc.close());
    await ensureStream(nc);
    const pub = new BatchPublisher(nc, { sensor: "edge-1" });
    await pub.publish([
      a("www.shop.example", "192.0.2.1", T + 60),
      a("www.shop.example", "203.0.113.9", T + 60),
      a("unwatched.example", "198.51.100.7", T + 60),
    ]);
    await pub.flush();
    const ac = new AbortController();
    const alerts: Alert[] = [];
    const run = runCollect({ nc, store, signal: ac.signal, onAlerts: (x) => alerts.push(...x) });
    for (let i = 0; i < 200 && alerts.length === 0; i++) await sleep(50);
    ac.abort();
    const counters = await run;
    assert.equal(counters.acknowledged, 1);
    assert.equal(alerts.length, 1, JSON.stringify(alerts));
    assert.deepEqual(alerts[0]!.techniques, ["T1584.001"]);
    assert.match(JSON.stringify(alerts[0]), /203\.0\.113\.9/);
    assert.equal((await store.alerts!.listAlerts()).length, 1);
  });
});
