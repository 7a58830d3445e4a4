// Issue 10 §5: several processes on one SQLite file. A second writer died with
// "database is locked" after 5 s; `serve` and `pdns` could not start while an
// ingest wrote (opening took the write lock); an ingest held the lock for seconds
// per batch. Real `dnsight` processes here, and a connection of this process
// holding the lock where a deterministic long write is needed.
import Database from "better-sqlite3";
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { cli } from "../helpers/cli.js";
import { dnsight } from "../helpers/cli-process.js";
import { waitFor } from "../helpers/_process.js";
import { makeTmpDir } from "../helpers/tmp.js";

const tmp = makeTmpDir("lock");
after(() => tmp.remove());

/** A Zeek dns.log: `rows` lines over `names` names under `tag`, each a CNAME and an A. */
function zeekLog(path: string, rows: number, names: number, tag: string): string {
  const lines = ["#separator \\x09", "#fields\tts\tquery\tqtype_name\tanswers\tTTLs"];
  for (let i = 0; i < rows; i++) {
    const k = (i * 7919) % names;
    lines.push(
      `${1_700_000_000 + i}\t${tag}${k}.example.com\tA\talias${k}.${tag}.example.net,198.51.${(k >> 8) & 255}.${k & 255}\t60,60`,
    );
  }
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}

async function exportCof(db: string): Promise<string[]> {
  const r = await cli(["export", "cof", "--db", db]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split("\n").filter(Boolean).sort();
}

describe("one SQLite file, several processes", () => {
  it(
    "while another writer holds the lock: ingest waits and says so, pdns and serve start and answer",
    { timeout: 90_000 },
    async () => {
      const db = join(tmp.path, "held.db");
      const first = zeekLog(join(tmp.path, "first.log"), 200, 50, "first");
      assert.equal((await cli(["ingest", "zeek", first, "--db", db])).status, 0);
      const made = await cli(["apikey", "create", "--name", "lock-test", "--db", db]);
      assert.equal(made.status, 0, made.stderr);
      const key = made.stdout.trim();

      const holder = new Database(db, { timeout: 0 });
      holder.exec("BEGIN IMMEDIATE");
      holder.prepare("INSERT INTO ingest_checkpoints VALUES ('holder', 1, 0)").run();
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        holder.exec("COMMIT");
        holder.close();
      };
      try {
        const second = zeekLog(join(tmp.path, "second.log"), 200, 50, "second");
        const ingest = dnsight(["ingest", "zeek", second, "--db", db, "--threads", "1"]);

        // Readers open and answer at once, the lock notwithstanding.
        const t0 = Date.now();
        const pdns = await cli(["pdns", "first7.example.com", "--db", db, "--format", "json"]);
        assert.equal(pdns.status, 0, pdns.stderr);
        assert.match(pdns.stdout, /"rrname":"first7\.example\.com"/);
        const serve = dnsight(["serve", "--db", db, "--host", "127.0.0.1", "--port", "0"]);
        const url = await waitFor(
          "dnsight serve to listen",
          () => /listening on (http:\/\/\S+)/.exec(serve.stderr())?.[1],
          20_000,
        );
        const res = await fetch(`${url}/dnsdb/v2/lookup/rrset/name/first7.example.com`, {
          headers: { "X-API-Key": key },
        });
        assert.equal(res.status, 200, await res.clone().text());
        assert.match(await res.text(), /first7\.example\.com/);
        assert.ok(Date.now() - t0 < 15_000, `readers took ${Date.now() - t0} ms`);
        serve.child.kill("SIGTERM");
        assert.equal(await serve.exit, 0, serve.stderr());

        // The writer waits, and says so every few seconds, for as long as it takes.
        await waitFor(
          "a second lock-wait message",
          () =>
            (ingest.stderr().match(/waiting for the database lock held by another writer/g) ?? [])
              .length >= 2
              ? true
              : undefined,
          30_000,
          100,
        );
        assert.equal(ingest.child.exitCode, null, ingest.stderr());
        release();
        assert.equal(await ingest.exit, 0, ingest.stderr());
        assert.match(ingest.stderr(), /ingested .*second\.log: 400 items/);
        const after = await cli(["pdns", "second7.example.com", "--db", db, "--format", "json"]);
        assert.match(after.stdout, /"rrname":"second7\.example\.com"/);
      } finally {
        release();
      }
    },
  );

  it(
    "two ingests at once both finish, never hold the lock long, and store what two in a row do",
    { timeout: 240_000 },
    async (t) => {
      // 100k names a file: 200k distinct rows, more than one default batch holds.
      const a = zeekLog(join(tmp.path, "a.log"), 120_000, 100_000, "a");
      const b = zeekLog(join(tmp.path, "b.log"), 120_000, 100_000, "b");
      const inRow = join(tmp.path, "in-row.db");
      for (const f of [a, b]) {
        const r = await cli(["ingest", "zeek", f, "--db", inRow, "--threads", "1"]);
        assert.equal(r.status, 0, r.stderr);
      }

      const db = join(tmp.path, "together.db");
      // Migrated first, so both start writing rows at once.
      assert.equal((await cli(["ingest", "cof", "-", "--db", db], { stdin: "" })).status, 0);
      const prober = new Database(db, { timeout: 0 });
      let refusedSince: number | undefined;
      let longest = 0;
      const probe = setInterval(() => {
        try {
          prober.exec("BEGIN IMMEDIATE");
          prober.exec("COMMIT");
          refusedSince = undefined;
        } catch {
          const now = performance.now();
          refusedSince ??= now;
          longest = Math.max(longest, now - refusedSince);
        }
      }, 2);
      const args = (f: string, threads: string) => [
        "ingest",
        "zeek",
        f,
        "--db",
        db,
        "--threads",
        threads,
        "--batch-rows",
        "200000",
      ];
      // One a thread parsing, one several: both write paths at once.
      const one = dnsight(args(a, "1"));
      const two = dnsight(args(b, "2"));
      const codes = await Promise.all([one.exit, two.exit]);
      clearInterval(probe);
      prober.close();
      t.diagnostic(`longest stretch the lock was held: ${Math.round(longest)} ms`);
      for (const r of [one, two]) t.diagnostic(r.stderr().trim().split("\n").join(" | "));
      assert.deepEqual(codes, [0, 0], `${one.stderr()}\n${two.stderr()}`);
      assert.ok(existsSync(db));
      assert.deepEqual(await exportCof(db), await exportCof(inRow));
      // Commits are cut at ~250 ms of work; the margin is for a loaded machine.
      assert.ok(longest < 1500, `the lock was held for ${Math.round(longest)} ms at a stretch`);
    },
  );
});
