// createMonitor, the library call `dnsight monitor` stands on, against real name
// servers: Knots on port 53 at their own 127.x addresses serve a parent zone that
// delegates a watched zone with an alias left pointing at a name that does not exist.
// One pass through runOnce; the schedule through run, stopped by its AbortSignal.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { endpointOf } from "../../src/dns/client/endpoint.js";
import { isDnsightError } from "../../src/errors.js";
import { createMonitor, monitorStatus, type MonitorEvent } from "../../src/flows/monitor.js";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import type { Store } from "../../src/store/types.js";
import { startDanglingAliasLab, type DanglingAliasLab } from "../helpers/knot.js";
import { makeTmpDir } from "../helpers/tmp.js";

describe("createMonitor: the monitor as a library call, against Knot", () => {
  const tmp = makeTmpDir("monitor-library");
  let lab: DanglingAliasLab;
  let store: Store;
  const options = (events: MonitorEvent[]) => ({
    store,
    servers: [endpointOf(lab.server, 53)],
    timeoutMs: 400,
    retries: 1,
    onEvent: (e: MonitorEvent) => events.push(e),
  });

  before(async () => {
    lab = await startDanglingAliasLab();
    store = await openSqliteStore(join(tmp.path, "lib.db"));
  });
  after(async () => {
    await store?.close();
    await lab?.stop();
    tmp.remove();
  });

  it("says when nothing is watched, and checks values before anything runs", async () => {
    const events: MonitorEvent[] = [];
    const r = await createMonitor(options(events)).runOnce();
    assert.deepEqual(
      events.map((e) => e.kind),
      ["nothing-watched", "pass"],
    );
    assert.equal(r.pass?.names, 0);
    for (const bad of [{ qps: 0 }, { qps: Number.NaN }, { dnsIntervalS: 0 }]) {
      assert.throws(
        () => createMonitor({ ...options([]), ...bad }),
        (e: unknown) => isDnsightError(e) && e.code === "INPUT" && !e.message.includes("--"),
      );
    }
  });

  it("runOnce: one pass over every check, the dangling alias raised once", async () => {
    await store.watches!.addWatches(["lib.test"], "owned", 1);
    await store.writeObservations([lab.seen]);
    const events: MonitorEvent[] = [];
    const first = await createMonitor(options(events)).runOnce();
    assert.equal(first.interrupted, false);
    assert.deepEqual(first.pass?.failures, []);
    assert.equal(first.pass?.names, 1);
    const raised = first.pass!.raised;
    assert.ok(
      raised.some((a) => a.entity === "shop.lib.test" && a.techniques.includes("T1584.001")),
      JSON.stringify(raised.map((a) => [a.rule, a.entity])),
    );
    assert.deepEqual(
      events.map((e) => e.kind),
      ["pass"],
    );
    const again = await createMonitor(options([])).runOnce();
    assert.deepEqual(again.pass?.raised, [], "the same alias is not raised twice");
    assert.ok(again.pass!.seenAgain > 0);
  });

  it("runOnce: only the names asked for, none started past its budget", async () => {
    await store.watches!.addWatches(["other.test"], "third-party", 1);
    const none = await createMonitor(options([])).runOnce(undefined, { budgetMs: 0 });
    assert.equal(none.pass?.names, 0);
    assert.deepEqual(none.pass?.unchecked, ["lib.test", "other.test"]);
    const one = await createMonitor(options([])).runOnce(undefined, { names: ["lib.test"] });
    assert.equal(one.pass?.names, 1);
    assert.deepEqual(one.pass?.unchecked, []);
    assert.equal((await monitorStatus(store)).watches[1]!.lastPass, null, "other.test not checked");
    await store.watches!.removeWatches(["other.test"]);
  });

  it("run: checks as they fall due until the signal aborts", async () => {
    const events: MonitorEvent[] = [];
    const ac = new AbortController();
    const monitor = createMonitor({
      ...options(events),
      tickMs: 20,
      onEvent: (e) => {
        events.push(e);
        // Stop after a few ticks of the schedule.
        if (e.kind === "started") setTimeout(() => ac.abort(), 200);
      },
    });
    const t0 = Date.now();
    const r = await monitor.run(ac.signal);
    assert.equal(r.interrupted, true);
    assert.ok(Date.now() - t0 < 20_000);
    assert.equal(events[0]?.kind, "started");
    // The checks just done in runOnce are not due again: a pass ran only if something was.
    assert.ok(events.filter((e) => e.kind === "pass").length <= 1);
    // The running monitor reckons each name's next check (DNS every hour, ±10%) and stores it.
    const status = await monitorStatus(store);
    const w = status.watches.find((x) => x.name === "lib.test")!;
    assert.ok(w.lastPass !== null && w.nextCheck !== null, JSON.stringify(w));
    const wait = w.nextCheck - w.lastPass;
    assert.ok(wait >= 0.9 * 3600 - 1 && wait <= 1.1 * 3600 + 1, `${wait} s`);
    assert.equal(status.lastPass, w.lastPass);
  });

  it("run: an aborted signal stops it before any pass", async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await createMonitor(options([])).run(ac.signal);
    assert.deepEqual(r, { interrupted: true });
  });
});
