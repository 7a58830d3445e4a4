import Database from "better-sqlite3";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { Observation } from "../../../src/model/observation.js";
import { compareObservations } from "../../../src/store/merge.js";
import { registerFunctions } from "../../../src/store/sqlite/_functions.js";
import { observationWriter } from "../../../src/store/sqlite/_observation-writer.js";
import { migrate } from "../../../src/store/sqlite/migrations.js";
import { obs } from "./_helpers.js";

// The observation writer runs the WAL checkpoints itself between commits (so that a
// commit is sized by its own time, not a checkpoint's): the WAL must still be moved
// into the database during a long write, and the connection's automatic checkpoints
// must be back on afterwards, whether the write ended well or not.

const dir = mkdtempSync(join(tmpdir(), "dnsight-ckpt-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function openDb(name: string): Database.Database {
  const db = new Database(join(dir, name));
  db.pragma("journal_mode = WAL");
  db.pragma("wal_autocheckpoint = 1000");
  registerFunctions(db);
  migrate(db);
  return db;
}

function newNames(n: number): Observation[] {
  const rows = Array.from({ length: n }, (_, i) =>
    obs({ rrname: `host${i}.zone${i % 97}.example`, rdata: `192.0.2.${i % 250}` }),
  );
  return rows.sort(compareObservations);
}

describe("sqlite observation writer: WAL checkpoints", () => {
  it("moves the WAL into the database while a long write goes on, in many commits", async () => {
    const db = openDb("long.db");
    const path = join(dir, "long.db");
    try {
      const before = statSync(path).size;
      // 2 ms commits: a few hundred rows each, as on a busy machine.
      await observationWriter(db, { commitMs: 2, busyTimeoutMs: 1000 }).write(newNames(20_000));
      // Without a checkpoint the rows would all still be in the -wal file.
      assert.ok(
        statSync(path).size > before + 1_000_000,
        `database file grew from ${before} to ${statSync(path).size} bytes`,
      );
      assert.equal(db.prepare("SELECT count(*) FROM observations").pluck().get(), 20_000);
      assert.equal(db.pragma("wal_autocheckpoint", { simple: true }), 1000);
    } finally {
      db.close();
    }
  });

  it("turns automatic checkpoints back on when a write fails", async () => {
    const db = openDb("failing.db");
    const other = new Database(join(dir, "failing.db"));
    try {
      const writer = observationWriter(db, {
        commitMs: 250,
        busyTimeoutMs: 50,
        lockTimeoutMs: 50,
      });
      other.exec("BEGIN IMMEDIATE");
      await assert.rejects(writer.write(newNames(10)), /locked/);
      other.exec("ROLLBACK");
      assert.equal(db.pragma("wal_autocheckpoint", { simple: true }), 1000);
    } finally {
      other.close();
      db.close();
    }
  });

  it("leaves a connection whose automatic checkpoints were off as it was", async () => {
    const db = openDb("manual.db");
    try {
      db.pragma("wal_autocheckpoint = 0");
      await observationWriter(db, { commitMs: 250, busyTimeoutMs: 1000 }).write(newNames(100));
      assert.equal(db.pragma("wal_autocheckpoint", { simple: true }), 0);
    } finally {
      db.close();
    }
  });
});
