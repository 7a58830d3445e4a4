// One monitor pass beside another monitor on the same store (SQLite here; the lease
// semantics are the contract's, the same on PostgreSQL): a check the other holds or
// has just run is skipped and counted, and a check this pass runs is held, renewed
// while it runs (a resolver on loopback that swallows every query keeps it running),
// and handed back when it ends.
import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { endpointOf } from "../../src/dns/client/endpoint.js";
import { StubClient } from "../../src/dns/client/stub.js";
import { monitorOwner } from "../../src/monitor/lease.js";
import { monitorPass, type MonitorDeps } from "../../src/monitor/pass.js";
import { readNamePass } from "../../src/monitor/status.js";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import type { Store, WatchStore } from "../../src/store/types.js";
import { makeTmpDir } from "../helpers/tmp.js";

const nowS = (): number => Math.floor(Date.now() / 1000);

describe("monitor pass with check leases", () => {
  const tmp = makeTmpDir("lease-pass");
  const sink = createSocket("udp4");
  let queries = 0;
  let n = 0;
  before(async () => {
    await new Promise<void>((r) => sink.bind(0, "127.0.0.1", r));
    sink.on("message", () => queries++);
  });
  after(() => {
    sink.close();
    tmp.remove();
  });

  const open = async (): Promise<Store> => {
    const s = await openSqliteStore(join(tmp.path, `s${n++}.db`));
    await s.watches!.addWatches(["x.test"], "owned", 1);
    return s;
  };
  const deps = (store: Store, timeoutMs: number, more: Partial<MonitorDeps> = {}): MonitorDeps => {
    const resolver = new StubClient({
      servers: [endpointOf("127.0.0.1", sink.address().port)],
      timeoutMs,
      retries: 0,
    });
    return { store, resolver, direct: () => resolver, fingerprints: [], owner: "me", ...more };
  };
  const next = () => nowS() + 3600;

  it("skips a check another monitor holds, counts it, and leaves the name to it", async () => {
    const store = await open();
    try {
      const claim = { owner: "other", at: nowS(), lastRun: undefined, leaseSeconds: 60 };
      assert.equal(await store.watches!.claimCheck("x.test", "dns", claim), "claimed");
      const before = queries;
      const r = await monitorPass(deps(store, 200), () => true, { next });
      assert.deepEqual([r.checks, r.heldElsewhere, r.ranElsewhere], [0, 1, 0]);
      assert.equal(queries, before, "no query sent for a held check");
      assert.equal(await readNamePass(store.watches!, "x.test"), undefined, "no pass recorded");
    } finally {
      await store.close();
    }
  });

  it("skips a check another monitor ran between this pass's read and its claim", async () => {
    const store = await open();
    try {
      const w = store.watches!;
      // The other monitor stores its run just before this pass claims.
      const racing: WatchStore = Object.create(w, {
        claimCheck: {
          value: async (...a: Parameters<WatchStore["claimCheck"]>) => {
            await w.putMonitorState(a[0], a[1], nowS(), { by: "other" });
            return w.claimCheck(...a);
          },
        },
      }) as WatchStore;
      const s: Store = Object.create(store, { watches: { value: racing } }) as Store;
      const r = await monitorPass(deps(s, 200), () => true, { next });
      assert.deepEqual([r.checks, r.heldElsewhere, r.ranElsewhere], [0, 0, 1]);
      assert.deepEqual((await w.getMonitorState("x.test", "dns"))?.data, { by: "other" });
    } finally {
      await store.close();
    }
  });

  it("renews its lease while the check runs past it, and releases it when the check fails", async () => {
    const store = await open();
    try {
      const w = store.watches!;
      // A 2 s lease, renewed every 0.67 s; the check waits 3.5 s for an answer.
      const pass = monitorPass(deps(store, 3500, { leaseSeconds: 2 }), () => true, { next });
      await sleep(2700);
      const claim = () => ({ owner: "other", at: nowS(), lastRun: undefined, leaseSeconds: 60 });
      assert.equal(await w.claimCheck("x.test", "dns", claim()), "held", "past 2 s, renewed");
      const r = await pass;
      assert.equal(r.checks, 1);
      assert.match(r.failures[0] ?? "", /^x\.test: dns: /);
      assert.equal(await w.claimCheck("x.test", "dns", claim()), "claimed", "released");
    } finally {
      await store.close();
    }
  });

  it("names each monitor process hostname:pid:random", () => {
    assert.match(monitorOwner(), new RegExp(`^[^:]+:${process.pid}:[0-9a-f]{12}$`));
    assert.equal(monitorOwner(), monitorOwner(), "one per process");
  });
});
