import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import Database from "better-sqlite3";
import { emptyRecord } from "../../../src/registration/record.js";
import { migrate, MIGRATIONS } from "../../../src/store/sqlite/migrations.js";
import { openSqliteStore } from "../../../src/store/sqlite/sqlite-store.js";
import { registerFunctions } from "../../../src/store/sqlite/_functions.js";
import { makeTmpDir } from "../../helpers/tmp.js";

const dir = makeTmpDir("sqlite-parties", { after });
const T = 1_700_000_000;

function row(key: string, at: number, registrar: string, status = "registered"): unknown[] {
  const r = emptyRecord(key, {
    protocol: "rdap",
    server: "rdap.example",
    fetchedAt: new Date(at * 1000).toISOString(),
    referrals: [],
  });
  r.status = status as typeof r.status;
  r.registrar = { name: registrar };
  r.contacts = [{ role: "registrant", organization: `${registrar} Customer`, redacted: [] }];
  return [key, at, JSON.stringify(r), "{}", "rdap", status];
}

describe("sqlite registration parties", () => {
  it("fills the parties of snapshots stored before migration 13 from each key's newest answer", async () => {
    const path = join(dir.path, "v12.db");
    const db = new Database(path);
    registerFunctions(db);
    migrate(db, MIGRATIONS.slice(0, 12));
    const insert = db.prepare(
      "INSERT INTO registration_snapshots (key, fetched_at, record, raw, protocol, status) VALUES (?, ?, ?, ?, ?, ?)",
    );
    for (const r of [
      row("a.com", T, "Old"),
      row("a.com", T + 10, "New"),
      row("b.com", T, "Old"),
      row("b.com", T + 10, "New", "throttled"),
      row("c.com", T + 10, "New"),
      row("c.com", T + 10, "Newer"), // same second: the later written wins
    ])
      insert.run(...r);
    db.prepare(
      "INSERT INTO registration_snapshots (key, fetched_at, record, raw, protocol, status) VALUES ('d.com', 1, 'not json', '', 'whois', 'registered')",
    ).run();
    db.close();
    const store = await openSqliteStore(path);
    try {
      const of = (party: "registrar" | "registrant", name: string) =>
        store.registrations!.keysByParty({ party, name, limit: 10 });
      assert.deepEqual(await of("registrar", "old"), ["b.com"]);
      assert.deepEqual(await of("registrar", "new"), ["a.com"]);
      assert.deepEqual(await of("registrar", "newer"), ["c.com"]);
      assert.deepEqual(await of("registrant", "New Customer"), ["a.com"]);
    } finally {
      await store.close();
    }
  });

  it("answers a page from the party index, not by reading every key", async () => {
    const store = await openSqliteStore(join(dir.path, "plan.db"));
    await store.close();
    const db = new Database(join(dir.path, "plan.db"), { readonly: true });
    try {
      for (const col of ["registrar", "registrant"]) {
        const plan = db
          .prepare(
            `EXPLAIN QUERY PLAN SELECT key FROM registration_parties WHERE ${col} = ? AND key > ? ORDER BY key LIMIT ?`,
          )
          .all("x", "", 10) as { detail: string }[];
        const text = plan.map((p) => p.detail).join("; ");
        assert.match(text, new RegExp(`USING COVERING INDEX registration_parties_${col}`), text);
        assert.doesNotMatch(text, /TEMP B-TREE/, text);
      }
    } finally {
      db.close();
    }
  });
});
