// Issue 10 §5: a batch is committed in pieces so that the write lock is never held
// long; a run killed between two pieces must still end, once resumed, exactly as a
// clean run: the pieces in are recorded beside the checkpoint, readCheckpoint says
// which batch was cut short (pendingEnd), and the same batch given again writes
// only the rows still missing.
import Database from "better-sqlite3";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { Observation } from "../../../src/model/observation.js";
import { openSqliteStore } from "../../../src/store/sqlite/sqlite-store.js";
import type { Store } from "../../../src/store/types.js";
import { resumeBatches } from "./_resume-batches.js";

const dir = mkdtempSync(join(tmpdir(), "dnsight-resume-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const CHILD = fileURLToPath(new URL("./_sliced-writer.ts", import.meta.url));
const CRASH_CHILD = fileURLToPath(new URL("./_crash-writer.ts", import.meta.url));

async function all(s: Store): Promise<Observation[]> {
  const out: Observation[] = [];
  for await (const page of s.scanObservations(10_000)) out.push(...page);
  return out;
}

/** Rows committed so far and whether a batch is part way in, read from outside. */
function progress(path: string): { rows: number; pending: boolean } {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const rows = (db.prepare("SELECT count(*) AS n FROM observations").get() as { n: number }).n;
      const pending = db
        .prepare(
          "SELECT count(*) AS n FROM ingest_checkpoints WHERE input = 'f' || char(0) || 'pending-end'",
        )
        .get() as { n: number };
      // The second batch's pieces, not the first's: with commitMs 1 a loaded machine
      // commits the first batch in pieces too, and a kill there is another test.
      const done = db.prepare("SELECT offset FROM ingest_checkpoints WHERE input = 'f'").get() as
        { offset: number } | undefined;
      return { rows, pending: pending.n > 0 && done?.offset === 100 };
    } finally {
      db.close();
    }
  } catch {
    return { rows: 0, pending: false }; // not created or not migrated yet
  }
}

describe("a batch committed in pieces, killed part way", () => {
  it("resumes to exactly the store one clean run leaves", { timeout: 60_000 }, async () => {
    const [first, second] = resumeBatches();
    const cleanPath = join(dir, "clean.db");
    const clean = await openSqliteStore(cleanPath);
    await clean.writeObservations(first.rows, first.checkpoint);
    await clean.writeObservations(second.rows, second.checkpoint);
    const expected = await all(clean);
    await clean.close();

    const path = join(dir, "killed.db");
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, path], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<void>((r) => child.on("exit", () => r()));
    let seen = { rows: 0, pending: false };
    for (let i = 0; i < 4000 && !seen.pending; i++) {
      await sleep(5);
      seen = progress(path);
    }
    child.kill("SIGKILL");
    await exited;
    assert.ok(seen.pending, `never saw a batch part way in; stderr: ${stderr}`);

    const s = await openSqliteStore(path);
    const cp = await s.readCheckpoint("f");
    assert.deepEqual(cp, { input: "f", offset: 100, pendingEnd: 500 });
    const partial = await all(s);
    assert.ok(partial.length > 1000 && partial.length < expected.length, `${partial.length} rows`);
    // The same batch, as a resumed ingest gives it: the rows already in are not added again.
    await s.writeObservations(second.rows, second.checkpoint);
    assert.deepEqual(await all(s), expected);
    assert.deepEqual(await s.readCheckpoint("f"), { input: "f", offset: 500 });
    await s.close();
  });

  it(
    "killed after a batch's rows, before its checkpoint: the batch again counts once",
    {
      timeout: 60_000,
    },
    async () => {
      const [first, second] = resumeBatches();
      const clean = await openSqliteStore(join(dir, "clean-2.db"));
      await clean.writeObservations(first.rows, first.checkpoint);
      await clean.writeObservations(second.rows, second.checkpoint);
      const expected = await all(clean);
      await clean.close();

      const path = join(dir, "killed-2.db");
      const child = spawn(process.execPath, ["--import", "tsx", CRASH_CHILD, path], {
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      const signal = await new Promise<string | null>((r) => child.on("exit", (_c, sig) => r(sig)));
      assert.equal(signal, "SIGKILL", stderr);

      const s = await openSqliteStore(path);
      try {
        assert.deepEqual(await s.readCheckpoint("f"), { input: "f", offset: 100, pendingEnd: 500 });
        // Every row is in already; given again, the batch adds none of them twice.
        assert.deepEqual(await all(s), expected);
        await s.writeObservations(second.rows, second.checkpoint);
        assert.deepEqual(await all(s), expected);
        assert.deepEqual(await s.readCheckpoint("f"), { input: "f", offset: 500 });
      } finally {
        await s.close();
      }
    },
  );
});
