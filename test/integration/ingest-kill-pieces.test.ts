// Issue 10 §5: an ingest commits each batch in short pieces, so that it never holds
// SQLite's write lock for long. `dnsight ingest` killed with SIGKILL between two
// pieces of a batch, then run again, must end exactly as one clean run: the rows of
// the pieces already in are not counted twice, none is lost. (ingest-cli.test.ts
// kills between batches.)
import Database from "better-sqlite3";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { cli } from "../helpers/cli.js";
import { makeTmpDir } from "../helpers/tmp.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const tmp = makeTmpDir("kill-pieces");
after(() => tmp.remove());

/** A Zeek dns.log of `rows` lines over `names` names, each line a CNAME and an A. */
function zeekLog(path: string, rows: number, names: number): void {
  const lines = ["#separator \\x09", "#fields\tts\tquery\tqtype_name\tanswers\tTTLs"];
  for (let i = 0; i < rows; i++) {
    const k = (i * 7919) % names;
    lines.push(
      `${1_700_000_000 + i}\th${k}.example.com\tA\talias${k}.cdn.example.net,198.51.${(k >> 8) & 255}.${k & 255}\t60,60`,
    );
  }
  writeFileSync(path, lines.join("\n") + "\n");
}

async function exportCof(db: string): Promise<string[]> {
  const r = await cli(["export", "cof", "--db", db]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split("\n").filter(Boolean);
}

/** True once a batch is part way in: the store's note of it is there. */
function partWayIn(db: string): boolean {
  try {
    const conn = new Database(db, { readonly: true, fileMustExist: true });
    try {
      const pending = conn
        .prepare(
          "SELECT count(*) AS n FROM ingest_checkpoints WHERE instr(input, char(0) || 'pending-end') > 0",
        )
        .get() as { n: number };
      return pending.n > 0;
    } finally {
      conn.close();
    }
  } catch {
    return false; // not created or not migrated yet
  }
}

describe("ingest killed between the pieces of a batch", () => {
  const file = join(tmp.path, "dns.log");
  zeekLog(file, 150_000, 60_000);
  let clean: Promise<string[]> | undefined;

  for (const threads of ["1", "2"])
    it(
      `ends killed-and-resumed exactly as one clean run (${threads} thread${threads === "1" ? "" : "s"})`,
      { timeout: 180_000 },
      async () => {
        clean ??= (async () => {
          const db = join(tmp.path, "clean.db");
          const r = await cli(["ingest", "zeek", file, "--db", db, "--threads", "1"]);
          assert.equal(r.status, 0, r.stderr);
          return exportCof(db);
        })();
        const db = join(tmp.path, `killed-${threads}.db`);
        // Big batches in 1 ms pieces: hundreds of commits a batch, so a kill lands inside one.
        const child = spawn(
          process.execPath,
          [
            "--import",
            "tsx",
            "src/cli/main.ts",
            "ingest",
            "zeek",
            file,
            "--db",
            db,
            "--threads",
            threads,
            "--round-mb",
            "1",
            "--batch-rows",
            "30000",
            "--commit-ms",
            "1",
          ],
          { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] },
        );
        let stderr = "";
        child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
        const exited = new Promise<void>((r) => child.on("exit", () => r()));
        let seen = false;
        for (let i = 0; i < 4000 && !seen; i++) {
          await sleep(10);
          seen = partWayIn(db);
        }
        child.kill("SIGKILL");
        await exited;
        assert.ok(seen, `never saw a batch part way in; stderr: ${stderr}`);

        const resumed = await cli(["ingest", "zeek", file, "--db", db, "--threads", threads]);
        assert.equal(resumed.status, 0, resumed.stderr);
        assert.match(resumed.stderr, /resumed after byte \d+/);
        assert.deepEqual(await exportCof(db), await clean);
      },
    );
});
