import Database from "better-sqlite3";
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Observation } from "../../../src/model/observation.js";
import { parsePdnsQuery } from "../../../src/passive/query.js";
import { openSqliteStore } from "../../../src/store/sqlite/sqlite-store.js";
import type { ObservationSearch, SearchTarget, Store } from "../../../src/store/types.js";
import { makeTmpDir } from "../../helpers/tmp.js";
import { obs } from "./_helpers.js";

// Deep pages cost what the first page costs. better-sqlite3's prepare is wrapped so
// that every search statement the store runs counts the index entries it visits (a
// function in the WHERE clause, called once per row the scan reaches) and is kept
// for EXPLAIN QUERY PLAN. No timing: the counts are exact.

const N = 3000;
const PAGE = 50;

function rows(): Observation[] {
  const out: Observation[] = [];
  const ip = (a: number, i: number): string => `10.${a}.${i >> 8}.${i & 255}`;
  for (let i = 0; i < N; i++) {
    const h = String(i).padStart(5, "0");
    out.push(obs({ rrname: `h${h}.example.com`, rdata: ip(1, i) }));
    // One name with many rows: a long run of one rrname_rev, and the exact-name scan.
    out.push(obs({ rrname: "big.example.com", rdata: ip(2, i) }));
    out.push(obs({ rrname: `www.example.t${h}`, rdata: ip(4, i) }));
    // One address with many rows: a long run of one ip_key.
    out.push(obs({ rrname: `t${h}.example.org`, rdata: "10.3.3.3" }));
    // One rdata name with many rows, and many rdata names below example.net.
    out.push(obs({ rrname: `z${h}.example.org`, rrtype: "NS", rdata: "ns.example.net." }));
    out.push(
      obs({ rrname: `c${h}.example.org`, rrtype: "CNAME", rdata: `edge.c${h}.example.net.` }),
    );
  }
  return out;
}

const target = (q: string, rdata = false): SearchTarget => {
  const p = parsePdnsQuery(q);
  return p.kind === "ip"
    ? { on: "ip", version: p.version, first: p.first, last: p.last }
    : { on: rdata ? "rdata" : "rrname", match: p };
};

/** Every scan kind of src/store/sqlite/_search-sql.ts, and how many rows it finds. */
const SCANS: Array<[string, ObservationSearch, number]> = [
  ["name", { target: target("big.example.com") }, N],
  ["name, typed", { target: target("big.example.com"), rrtype: "A" }, N],
  ["prefix", { target: target("www.example.*") }, N],
  ["below", { target: target("*.example.com") }, 2 * N],
  ["rdata name", { target: target("ns.example.net", true) }, N],
  ["rdata prefix", { target: target("edge.*", true) }, N],
  ["rdata below", { target: target("*.example.net", true) }, 2 * N],
  ["ip range", { target: target("10.0.0.0/8") }, 4 * N],
  ["ip, one address", { target: target("10.3.3.3") }, N],
  ["below, filtered", { target: target("*.example.com"), timeLastAfter: 0 }, 2 * N],
];

interface Run {
  sql: string;
  params: unknown[];
}

describe("sqlite search: every page is a seek", () => {
  const dir = makeTmpDir("seek", { after });
  const path = join(dir.path, "seek.db");
  let store: Store;
  let visits = 0;
  const runs: Run[] = [];
  const real = Database.prototype.prepare;
  const counting = new WeakSet<Database.Database>();

  before(async () => {
    store = await openSqliteStore(path);
    await store.writeObservations(rows());
    const wrapped = function (this: Database.Database, sql: string): Database.Statement {
      if (!/^SELECT .* FROM observations WHERE .* ORDER BY /s.test(sql))
        return real.call(this, sql);
      if (!counting.has(this)) {
        this.function("test_visit", { deterministic: false }, (_rowid: unknown) => ++visits);
        counting.add(this);
      }
      const counted = sql.replace(" WHERE ", " WHERE test_visit(rowid) AND ");
      const st = real.call(this, counted);
      const all = st.all.bind(st) as (...params: unknown[]) => unknown[];
      Object.defineProperty(st, "all", {
        value: (...params: unknown[]) => {
          runs.push({ sql, params });
          return all(...params);
        },
      });
      return st;
    };
    Database.prototype.prepare = wrapped as typeof real;
  });
  after(async () => {
    Database.prototype.prepare = real;
    await store?.close();
  });

  it("reads about a page of index entries for every page, however deep", async () => {
    const slow: string[] = [];
    for (const [what, search, total] of SCANS) {
      let cursor: string | undefined;
      let found = 0;
      const costs: number[] = [];
      for (let page = 0; page < 10 * N; page++) {
        visits = 0;
        const r = await store.searchObservations({
          ...search,
          limit: PAGE,
          scanMax: PAGE,
          ...(cursor !== undefined ? { cursor } : {}),
        });
        costs.push(visits);
        found += r.rows.length;
        if (r.next === undefined) break;
        cursor = r.next;
      }
      assert.equal(found, total, what);
      // A page reads its rows, plus at most one probe per statement at a run's end.
      const worst = Math.max(...costs);
      if (worst > PAGE + 2) slow.push(`${what}: a page visited ${worst} rows`);
    }
    assert.deepEqual(slow, []);
  });

  it("every cursor statement is an index seek that consumes all its terms", () => {
    const db = new Database(path, { readonly: true });
    try {
      const withCursor = runs.filter((r) => r.params.length > 0);
      assert.ok(withCursor.length > 100);
      const plans = new Set<string>();
      for (const { sql, params } of withCursor) {
        const plan = (
          db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]
        )
          .map((p) => p.detail)
          .join(" | ");
        plans.add(plan);
        assert.doesNotMatch(plan, /TEMP B-TREE|^SCAN/, `${sql}\n${plan}`);
        const m = /^SEARCH observations USING (?:COVERING )?INDEX \w+ \((.*)\)$/.exec(plan);
        assert.ok(m, `not an index search: ${plan}`);
        // Every term of the WHERE clause is part of the seek: none is a filter applied
        // to rows after it (as a cursor written as (col, rowid) > (?, ?) was).
        const where = sql.slice(sql.indexOf(" WHERE "), sql.indexOf(" ORDER BY "));
        const marks = (s: string): number => (s.match(/\?/g) ?? []).length;
        assert.equal(marks(m[1]!), marks(where), `${sql}\n${plan}`);
      }
      assert.ok(plans.size >= 8, [...plans].join("\n"));
      // An rdata-name page (exact or name.*) is read from its index alone (migration
      // 15): no seek into the table per row, which a cold cache makes a disk read.
      const rdataName = [...plans].filter((p) => p.includes("INDEX observations_rdata_name "));
      assert.ok(rdataName.length >= 2, [...plans].join("\n"));
      for (const p of rdataName) assert.match(p, /USING COVERING INDEX observations_rdata_name /);
    } finally {
      db.close();
    }
  });
});
