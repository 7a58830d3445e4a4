// Issue 10 §5: SQLite's one write lock. A second writer died with "database is
// locked" after 5 s, `serve` and `pdns` could not open the store while an ingest
// wrote (opening took the write lock to migrate), and a 100k-row batch held the
// lock for seconds. Here another connection plays the other writer.
import Database from "better-sqlite3";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { openSqliteStore } from "../../../src/store/sqlite/sqlite-store.js";
import { obs } from "./_helpers.js";

const dir = mkdtempSync(join(tmpdir(), "dnsight-lock-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** A migrated store file, and another connection holding its write lock. */
async function lockedFile(): Promise<{ path: string; holder: Database.Database }> {
  const path = join(dir, `lock-${n++}.db`);
  await (await openSqliteStore(path)).close();
  const holder = new Database(path, { timeout: 0 });
  holder.exec("BEGIN IMMEDIATE");
  holder.prepare("INSERT INTO ingest_checkpoints VALUES ('other', 1, 0)").run();
  return { path, holder };
}

const rows = (count: number, tag = "n") =>
  Array.from({ length: count }, (_, i) =>
    obs({ rrname: `${tag}${i}.example.com`, rdata: `192.0.2.${i % 250}`, count: 1 + (i % 3) }),
  );

describe("sqlite write lock", () => {
  it("opens, reads and reads checkpoints while another connection holds the write lock", async () => {
    const { path, holder } = await lockedFile();
    try {
      const t0 = performance.now();
      const s = await openSqliteStore(path, { busyTimeoutMs: 200 });
      assert.deepEqual(await s.queryObservations({ rrname: "x.example" }), []);
      assert.equal(await s.readCheckpoint("other"), undefined); // not committed yet
      await s.close();
      assert.ok(performance.now() - t0 < 200, "opening waited for the lock");
    } finally {
      holder.close();
    }
  });

  it("a write waits for the lock without holding the thread, says so, and goes in", async () => {
    const { path, holder } = await lockedFile();
    const waits: number[] = [];
    const s = await openSqliteStore(path, {
      busyTimeoutMs: 100,
      lockTimeoutMs: Infinity,
      onLockWait: (ms) => waits.push(ms),
    });
    // The longest the thread went without running a timer: SQLite sleeping inside a
    // call holds it for the whole wait (2.5 s here); a free thread runs one every 50 ms.
    let last = performance.now();
    let longestGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 50);
    setTimeout(() => {
      holder.exec("COMMIT");
      holder.close();
    }, 2500);
    try {
      await s.writeObservations(rows(10), { input: "f", offset: 10 });
    } finally {
      clearInterval(ticker);
    }
    assert.deepEqual(await s.readCheckpoint("f"), { input: "f", offset: 10 });
    assert.equal((await s.queryObservations({ rrname: "n3.example.com" })).length, 1);
    await s.close();
    assert.ok(waits.length >= 1 && waits[0]! >= 1000, `reports: ${waits.join(", ")}`);
    // The thread ran on while it waited: the release above is a timer on it, too.
    assert.ok(longestGap < 1000, `the thread was held for ${Math.round(longestGap)} ms`);
  });

  it("gives up with 'database is locked' naming the file once the limit has passed", async () => {
    const { path, holder } = await lockedFile();
    const s = await openSqliteStore(path, { busyTimeoutMs: 50, lockTimeoutMs: 300 });
    try {
      await assert.rejects(
        s.writeObservations(rows(3)),
        (e: Error) => e.message.includes(path) && /database is locked/.test(e.message),
      );
    } finally {
      holder.close();
      await s.close();
    }
  });

  it("commits a large batch in pieces, letting another writer in between them", async () => {
    const path = join(dir, `pieces-${n++}.db`);
    const s = await openSqliteStore(path, { commitMs: 5 });
    const other = new Database(path, { timeout: 0 });
    let got = 0;
    let refused = 0;
    const prober = setInterval(() => {
      try {
        other.exec("BEGIN IMMEDIATE");
        other.exec("COMMIT");
        got++;
      } catch {
        refused++;
      }
    }, 1);
    try {
      await s.writeObservations(rows(40_000), { input: "big", offset: 999 });
    } finally {
      clearInterval(prober);
      other.close();
    }
    assert.ok(got >= 3, `the other writer got the lock ${got} times (${refused} refusals)`);
    assert.deepEqual(await s.readCheckpoint("big"), { input: "big", offset: 999 });
    assert.equal(
      (await s.queryObservations({ rrname: "n39999.example.com" }))[0]?.count,
      1 + (39_999 % 3),
    );
    await s.close();
  });
});
