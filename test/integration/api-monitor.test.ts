// /api/v1/monitor and "check now" against real name servers: Knots on port 53 at their
// own 127.x addresses serve a parent zone delegating a watched zone with an alias left
// pointing at a name that does not exist; the same store served with a resolver
// where nothing listens makes the DNS check fail. POST /monitor/check runs the pass `dnsight monitor --once` runs; its alert is in
// GET /alerts, its failure and its time in GET /monitor.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { endpointOf } from "../../src/dns/client/endpoint.js";
import type { Alert } from "../../src/model/alert.js";
import { inProcessApi } from "../../src/api/in-process.js";
import { startDanglingAliasLab, type DanglingAliasLab } from "../helpers/knot.js";
import { inProcessRig, type ApiRig } from "../unit/api/_server.js";
import { sendAs, sessionHeaders, signIn, type Login } from "../unit/api/_session.js";
import { answerChecker, fetchDoc, operations } from "../unit/api/_v1.js";

interface Status {
  watches: Array<{
    name: string;
    kind: string;
    lastPass: string | null;
    nextCheck: string | null;
    failures: Array<{ check: string; at: string; message: string }>;
  }>;
  lastPass: string | null;
}

interface Check {
  checked: string[];
  checks: number;
  alerts: Alert[];
  seenAgain: number;
  heldElsewhere: number;
  ranElsewhere: number;
  failures: Array<{ name: string; check: string; at: string; message: string }>;
  unchecked: string[];
}

describe("/api/v1/monitor: status and check now, against Knot", () => {
  let lab: DanglingAliasLab;
  let rig: ApiRig;
  let ann: Login;
  let rita: Login;

  before(async () => {
    lab = await startDanglingAliasLab();
    rig = await inProcessRig({ dns: { servers: [endpointOf(lab.server, 53)], nsPort: 53 } });
    ann = await signIn(rig, "ann", "analyst");
    rita = await signIn(rig, "rita", "reader");
    // Passive DNS knows the subdomain, as a sensor would have seen it.
    await rig.store.writeObservations([lab.seen]);
  });
  after(async () => {
    await rig?.close();
    await lab?.stop();
  });

  const send = (who: Login, method: string, path: string, body?: unknown) =>
    sendAs(rig, who, method, path, body);

  it("watches a dangling alias, checks now, and the alert is in GET /alerts", async () => {
    const doc = await fetchDoc(rig);
    const check = answerChecker(doc);
    const op = (m: string, p: string) =>
      operations(doc).find((o) => o.method === m && o.path === p)!;
    const empty = (await (await rig.get("/api/v1/monitor")).json()) as Status;
    assert.deepEqual(empty, { watches: [], lastPass: null });
    assert.equal((await send(ann, "POST", "/watches", { names: ["lib.test"] })).status, 200);
    const res = await send(ann, "POST", "/monitor/check", { names: ["LIB.test."] });
    const body = (await res.json()) as Check;
    assert.equal(res.status, 200, JSON.stringify(body));
    check(op("POST", "/monitor/check"), 200, "application/json", body);
    assert.deepEqual(body.checked, ["lib.test"]);
    assert.deepEqual(body.failures, []);
    assert.deepEqual(body.unchecked, []);
    const dangling = body.alerts.find(
      (a) => a.entity === "shop.lib.test" && a.techniques.includes("T1584.001"),
    );
    assert.ok(dangling, JSON.stringify(body.alerts.map((a) => [a.rule, a.entity])));
    const listed = (await (await rig.get("/api/v1/alerts?technique=T1584.001")).json()) as {
      alerts: Alert[];
    };
    assert.ok(listed.alerts.some((a) => a.id === dangling.id));

    const status = (await (await rig.get("/api/v1/monitor")).json()) as Status;
    check(op("GET", "/monitor"), 200, "application/json", status);
    assert.equal(status.watches.length, 1);
    const w = status.watches[0]!;
    assert.equal(w.name, "lib.test");
    assert.ok(w.lastPass !== null && Math.abs(Date.parse(w.lastPass) - Date.now()) < 60_000);
    assert.equal(status.lastPass, w.lastPass);
    assert.equal(w.nextCheck, null, "no running monitor has reckoned it");
    assert.deepEqual(w.failures, []);

    // Again: the same alias is not raised twice.
    const again = (await (await send(ann, "POST", "/monitor/check")).json()) as Check;
    assert.deepEqual(again.alerts, []);
    assert.ok(again.seenAgain > 0);
  });

  it("keeps a failing check in the status until it runs again", async () => {
    // The same store served with a resolver where nothing listens: the DNS check fails.
    const dead = inProcessApi({
      store: rig.store,
      dns: { servers: [endpointOf(lab.unused, 53)], nsPort: 53 },
    });
    try {
      const res = await dead.request("/api/v1/monitor/check", {
        method: "POST",
        headers: { "x-api-key": rig.adminKey },
      });
      const body = (await res.json()) as Check;
      assert.equal(res.status, 200, JSON.stringify(body));
      assert.deepEqual(
        body.failures.map((f) => [f.name, f.check]),
        [["lib.test", "dns"]],
      );
      const status = (await (await rig.get("/api/v1/monitor")).json()) as Status;
      assert.deepEqual(
        status.watches[0]!.failures.map((f) => [f.check, f.at, f.message]),
        body.failures.map((f) => [f.check, f.at, f.message]),
      );
    } finally {
      await dead.close();
    }
    const ok = (await (await send(ann, "POST", "/monitor/check")).json()) as Check;
    assert.deepEqual(ok.failures, []);
    const status = (await (await rig.get("/api/v1/monitor")).json()) as Status;
    assert.deepEqual(status.watches[0]!.failures, [], "the check ran again and passed");
  });

  it("skips a check another monitor on the same state holds, and says so", async () => {
    // `dnsight monitor` elsewhere has claimed lib.test's DNS check a moment ago.
    const claimed = await rig.store.watches!.claimCheck("lib.test", "dns", {
      owner: "elsewhere:1:x",
      at: Math.floor(Date.now() / 1000),
      lastRun: (await rig.store.watches!.getMonitorState("lib.test", "dns"))?.at,
      leaseSeconds: 60,
    });
    assert.equal(claimed, "claimed");
    const res = await send(ann, "POST", "/monitor/check", { names: ["lib.test"] });
    const body = (await res.json()) as Check;
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.heldElsewhere, 1);
    assert.equal(body.ranElsewhere, 0);
    assert.equal(body.checks, 0, "not run twice");
    await rig.store.watches!.releaseCheck("lib.test", "dns", "elsewhere:1:x");
    const after = (await (await send(ann, "POST", "/monitor/check")).json()) as Check;
    assert.equal(after.heldElsewhere, 0);
    assert.ok(after.checks > 0);
  });

  it("refuses a bad body (400), a reader (403), a name not watched (404)", async () => {
    for (const [body, field] of [
      [{ names: [] }, "names"],
      [{ names: ["bad name"] }, "names"],
      [{ names: Array.from({ length: 21 }, (_, i) => `n${i}.test`) }, "names"],
      [{ names: ["lib.test"], all: true }, "all"],
    ] as const) {
      const res = await send(ann, "POST", "/monitor/check", body);
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 40));
      const p = (await res.json()) as { errors: Array<{ name: string }> };
      assert.deepEqual([...new Set(p.errors.map((e) => e.name))], [field]);
    }
    assert.equal((await send(rita, "POST", "/monitor/check", {})).status, 403);
    assert.equal((await send(rita, "GET", "/monitor")).status, 200);
    const none = await send(ann, "POST", "/monitor/check", { names: ["nowhere.test"] });
    assert.equal(none.status, 404);
    assert.match(((await none.json()) as { detail: string }).detail, /not watched: nowhere\.test/);
  });

  it("answers 503 when the server was given no DNS servers and a name needs them", async () => {
    const bare = await inProcessRig();
    try {
      const who = await signIn(bare, "ann", "analyst");
      await bare.store.watches!.addWatches(["lib.test"], "owned", 1);
      const res = await bare.request("/api/v1/monitor/check", {
        method: "POST",
        headers: sessionHeaders(who),
      });
      assert.equal(res.status, 503);
      assert.match(((await res.json()) as { detail: string }).detail, /--server/);
    } finally {
      await bare.close();
    }
  });
});
