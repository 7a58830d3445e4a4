import Database from "better-sqlite3";
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Observation } from "../../../src/model/observation.js";
import { openSqliteStore } from "../../../src/store/sqlite/sqlite-store.js";
import type { Store } from "../../../src/store/types.js";
import { makeTmpDir } from "../../helpers/tmp.js";
import { obs } from "./_helpers.js";

// Suggestions are one index seek per name, however many rows a name has: every
// statement suggestNames runs is counted, index entry by index entry (a function in
// its WHERE clause), and its plan is a search of observations_key. No timing.

const N = 3000;

function rows(): Observation[] {
  const out: Observation[] = [];
  for (let i = 0; i < N; i++) {
    // Ten names of N rows each under "big", and N names of one row under "many".
    out.push(
      obs({ rrname: `big${i % 10}.example.com`, rdata: `10.${i >> 8}.${i & 255}.${i % 10}` }),
    );
    out.push(obs({ rrname: `many${String(i).padStart(5, "0")}.example.com` }));
  }
  return out;
}

describe("sqlite suggestNames: a seek per name", () => {
  const dir = makeTmpDir("suggest", { after });
  const path = join(dir.path, "suggest.db");
  let store: Store;
  let visits = 0;
  const sqls = new Set<string>();
  const real = Database.prototype.prepare;

  before(async () => {
    store = await openSqliteStore(path);
    await store.writeObservations(rows());
    let counting = false;
    Database.prototype.prepare = function (this: Database.Database, sql: string) {
      if (!/^SELECT rrname FROM observations WHERE /.test(sql)) return real.call(this, sql);
      if (!counting) {
        this.function("test_visit", { deterministic: false }, (_rowid: unknown) => ++visits);
        counting = true;
      }
      sqls.add(sql);
      return real.call(this, sql.replace(" WHERE ", " WHERE test_visit(rowid) AND "));
    } as typeof real;
  });
  after(async () => {
    Database.prototype.prepare = real;
    await store?.close();
  });

  it("visits one index entry per name suggested, not one per row", async () => {
    visits = 0;
    const big = await store.suggestNames!("big", 10);
    assert.deepEqual(
      big,
      Array.from({ length: 10 }, (_, i) => `big${i}.example.com`),
    );
    // Ten seeks finding a name each, N rows per name behind them.
    assert.ok(visits <= 11, `visited ${visits}`);
    visits = 0;
    assert.equal((await store.suggestNames!("many", 10)).length, 10);
    assert.ok(visits <= 11, `visited ${visits}`);
    visits = 0;
    assert.deepEqual(await store.suggestNames!("nothing", 10), []);
    assert.ok(visits <= 1, `visited ${visits}`);
  });

  it("each statement searches observations_key by a range of rrname", () => {
    const db = new Database(path, { readonly: true });
    try {
      assert.equal(sqls.size, 2);
      for (const sql of sqls) {
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all("a", "b") as { detail: string }[])
          .map((p) => p.detail)
          .join("; ");
        assert.match(
          plan,
          /^SEARCH observations USING COVERING INDEX observations_key \(rrname>\?? ?AND rrname<\?\)$/,
        );
      }
    } finally {
      db.close();
    }
  });
});
