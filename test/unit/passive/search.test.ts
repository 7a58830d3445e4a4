import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pdnsSearch, pdnsSummary, toSearch } from "../../../src/passive/search.js";
import { openSqliteStore } from "../../../src/store/sqlite/sqlite-store.js";

describe("pdns requests", () => {
  it("turn into store searches: owner or rdata names, addresses, types, fences", () => {
    assert.deepEqual(toSearch({ query: "*.example.com", rrtype: "a" }), {
      target: { on: "rrname", match: { kind: "below", suffix: "example.com" } },
      rrtype: "A",
    });
    assert.deepEqual(toSearch({ query: "mail.example.net", rdata: true, rrtype: "ANY" }).target, {
      on: "rdata",
      match: { kind: "name", name: "mail.example.net" },
    });
    assert.equal(toSearch({ query: "192.0.2.0/24", rdata: false }).target.on, "ip");
    assert.deepEqual(toSearch({ query: "x.example", fence: { after: 10, before: 20 } }), {
      target: { on: "rrname", match: { kind: "name", name: "x.example" } },
      timeLastAfter: 10,
      timeFirstBefore: 20,
    });
    assert.equal(toSearch({ query: "x.example", rrtype: "TYPE65" }).rrtype, "HTTPS");
    assert.throws(
      () => toSearch({ query: "x.example", rrtype: "NOPE" }),
      /unknown record type "NOPE"/,
    );
  });

  it("answer from the store, a summary ignoring paging", async () => {
    const store = await openSqliteStore(":memory:");
    try {
      await store.writeObservations(
        ["a", "b", "c"].map((l, i) => ({
          rrname: `${l}.example.com`,
          rrtype: "A",
          rdata: `192.0.2.${i + 1}`,
          timeFirst: 100 + i,
          timeLast: 200 + i,
          count: 2,
          source: "passive" as const,
        })),
      );
      const page = await pdnsSearch(store, { query: "*.example.com", limit: 2 });
      assert.equal(page.rows.length, 2);
      assert.ok(page.next);
      const rest = await pdnsSearch(store, {
        query: "*.example.com",
        limit: 2,
        cursor: page.next!,
      });
      assert.deepEqual(
        rest.rows.map((r) => r.rrname),
        ["c.example.com"],
      );
      assert.deepEqual(await pdnsSummary(store, { query: "192.0.2.0/30", limit: 1 }), {
        count: 6,
        numResults: 3,
        timeFirst: 100,
        timeLast: 202,
      });
    } finally {
      await store.close();
    }
  });
});
