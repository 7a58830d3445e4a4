import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Observation } from "../../src/model/observation.js";
import { inProcessRig, lines, T } from "../unit/api/_server.js";

// What one key may cost the server: its rate, its queries at once, a query's time
// and size, and that nobody else waits while a big query runs. Called in-process
// (src/api/in-process.ts: node's HTTP on both ends of an in-memory connection, with
// backpressure) against a temp SQLite store; what only a socket shows is in
// api-connections.test.ts.

type Obj = Record<string, unknown>;
const L = "/dnsdb/v2/lookup";

/** `n` A rows below big.example, one name each. */
function bulk(n: number): Observation[] {
  return Array.from({ length: n }, (_, i) => ({
    rrname: `h${String(i).padStart(6, "0")}.big.example`,
    rrtype: "A",
    rdata: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    timeFirst: T,
    timeLast: T,
    count: 1,
    source: "passive" as const,
  }));
}

const BIG = `${L}/rrset/name/${encodeURIComponent("*.big.example")}`;

describe("API limits per key", () => {
  it("a key over its rate gets 429 with Retry-After; rate_limit tells the real quota", async () => {
    const rig = await inProcessRig({ burstSize: 5, burstWindow: 60 });
    try {
      const ask = (key = rig.key): Promise<Response> =>
        rig.get(`${L}/rrset/name/www.example.com`, { "x-api-key": key });
      for (let i = 0; i < 5; i++) {
        const ok = await ask();
        assert.equal(ok.status, 200);
        await ok.text();
      }
      const over = await ask();
      assert.equal(over.status, 429);
      assert.ok(Number(over.headers.get("retry-after")) >= 1);
      assert.match(((await over.json()) as Obj).msg as string, /rate limit: 5 queries per 60 s/);
      // ping and rate_limit are free, and show the empty bucket.
      assert.equal((await rig.get("/dnsdb/v2/ping")).status, 200);
      const { rate } = (await (await rig.get("/dnsdb/v2/rate_limit")).json()) as { rate: Obj };
      assert.equal(rate.limit, 5);
      assert.equal(rate.remaining, 0);
      assert.equal(rate.burst_size, 5);
      assert.equal(rate.burst_window, 60);
      assert.ok((rate.reset as number) > Date.now() / 1000 + 5, "a token comes back in 12 s");
      // Another key has its own bucket.
      const other = await rig.addKey("read");
      assert.equal((await ask(other.key)).status, 200);
    } finally {
      await rig.close();
    }
  });

  it("a key with a query under way gets 503 for one more; another key does not", async () => {
    const rig = await inProcessRig({ keyConcurrency: 1, pageSize: 100 }, bulk(60_000));
    try {
      // A dump whose reader stops reading: the query stays under way, waiting to write.
      const stalled = await rig.get(`${BIG}?limit=0`);
      assert.equal(stalled.status, 200);
      const busy = await rig.get(`${L}/rrset/name/www.example.com`);
      assert.equal(busy.status, 503);
      assert.match(((await busy.json()) as Obj).msg as string, /too many concurrent queries/);
      const other = await rig.addKey("read");
      const free = await rig.get(`${L}/rrset/name/www.example.com`, { "x-api-key": other.key });
      assert.equal(free.status, 200);
      await free.text();
      // The slot comes back when the stalled answer ends.
      await stalled.body!.cancel();
      await new Promise((r) => setTimeout(r, 100));
      const again = await rig.get(`${L}/rrset/name/www.example.com`);
      assert.equal(again.status, 200);
      await again.text();
    } finally {
      await rig.close();
    }
  });
});

describe("API limits per query", () => {
  it("past its time budget a lookup ends `limited` and says why", async () => {
    const rig = await inProcessRig({ timeBudgetMs: 0, pageSize: 50 }, bulk(2000));
    try {
      const body = await lines(await rig.get(`${BIG}?limit=0`));
      const end = body[body.length - 1]!;
      assert.equal(end.cond, "limited");
      assert.match(end.msg as string, /^Time limit reached/);
      assert.ok(body.length - 2 < 2000, "the answer was cut");
      const sum = await lines(await rig.get(`/dnsdb/v2/summarize/rrset/name/*.big.example`));
      assert.equal(sum[sum.length - 1]!.cond, "limited");
    } finally {
      await rig.close();
    }
  });

  it("limit=0 and 0.0.0.0/0 stop at results_max with `limited`; a summary sums in slices", async () => {
    const rig = await inProcessRig({ resultsMax: 700, pageSize: 100 }, bulk(3000));
    try {
      for (const path of [`${BIG}?limit=0`, `${L}/rdata/ip/0.0.0.0,0?limit=0`]) {
        const body = await lines(await rig.get(path));
        assert.equal(body.length, 702, path);
        assert.deepEqual(body[body.length - 1], { cond: "limited", msg: "Result limit reached" });
      }
      const circl = await (await rig.get("/pdns/query/0.0.0.0%2F0")).text();
      assert.equal(circl.trim().split("\n").length, 700);
      const sum = await lines(await rig.get(`/dnsdb/v2/summarize/rdata/ip/10.0.0.0,8?limit=0`));
      assert.deepEqual(sum[1], {
        obj: { count: 700, num_results: 700, time_first: T, time_last: T },
      });
      assert.equal(sum[2]!.cond, "limited");
    } finally {
      await rig.close();
    }
  });

  it("while a deep offset is walked, other requests are answered", async () => {
    const rig = await inProcessRig({ pageSize: 500 }, bulk(100_000));
    try {
      let deepDone = 0;
      const deep = rig
        .get(`${BIG}?offset=99990&limit=5`)
        .then((r) => lines(r))
        .then((body) => {
          deepDone = performance.now();
          return body;
        });
      await new Promise((r) => setTimeout(r, 20));
      const t0 = performance.now();
      const ping = await rig.get("/dnsdb/v2/ping");
      assert.equal(ping.status, 200);
      const pinged = performance.now();
      const body = await deep;
      assert.deepEqual(
        body.slice(1, -1).map((l) => (l.obj as Obj).rrname),
        ["h099990", "h099991", "h099992", "h099993", "h099994"].map((h) => `${h}.big.example.`),
      );
      assert.equal(deepDone === 0, false);
      assert.ok(pinged < deepDone, "the ping was answered while the offset was walked");
      assert.ok(pinged - t0 < 500, `the ping waited ${Math.round(pinged - t0)} ms`);
    } finally {
      await rig.close();
    }
  });

  it("a store error reaches the client without the database's path; the log has it", async () => {
    const rig = await inProcessRig();
    try {
      await rig.store.close();
      for (const path of [`${L}/rrset/name/www.example.com`, "/pdns/query/www.example.com"]) {
        const res = await rig.get(path);
        assert.equal(res.status, 503, path);
        const text = await res.text();
        assert.doesNotMatch(text, /\/|sqlite|\.db/, text);
        assert.match(text, /the store is not available/);
      }
      await new Promise((r) => setTimeout(r, 50));
      assert.match(rig.log.join("\n"), /503 \d+ms 0 rows \(sqlite \/.*api\.db: .*closed\)/);
    } finally {
      await rig.close().catch(() => undefined);
    }
  });
});
