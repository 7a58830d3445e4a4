import Database from "better-sqlite3";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { cli, ndjson } from "../helpers/cli.js";
import { makeTmpDir } from "../helpers/tmp.js";

// `dnsight ingest` and `dnsight pdns` end to end through the CLI: every text
// format, COF export and re-import, resuming, and a run killed with SIGKILL half
// way through a large file, then started again, ending as one clean run does.

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PCAPS = fileURLToPath(
  new URL("../../../shared/fixtures/pcap/go-dnscollector/", import.meta.url),
);
const tmp = makeTmpDir("ingest");
after(() => tmp.remove());
let n = 0;
const db = (): string => join(tmp.path, `s${n++}.db`);

/** A Zeek dns.log with `rows` lines over `names` distinct names (repeats merge). */
function zeekLog(rows: number, names: number): string {
  const head = [
    "#separator \\x09",
    "#set_separator\t,",
    "#empty_field\t(empty)",
    "#unset_field\t-",
    "#path\tdns",
    "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\ttrans_id\tquery\tqtype_name\trcode_name\tanswers\tTTLs\trejected",
    "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tcount\tstring\tstring\tstring\tvector[string]\tvector[interval]\tbool",
  ];
  const lines = [...head];
  for (let i = 0; i < rows; i++) {
    const k = (i * 7919) % names;
    const a = `198.51.${(k >> 8) & 255}.${k & 255}`;
    lines.push(
      `${1_700_000_000 + i}\tC${i}\t10.0.0.2\t5${i % 10000}\t10.0.0.1\t53\tudp\t${i % 65536}\thost${k}.example.com\tA\tNOERROR\talias${k}.cdn.example.net,${a}\t60,60\tF`,
    );
  }
  return lines.join("\n") + "\n";
}

async function exportCof(path: string): Promise<string[]> {
  const r = await cli(["export", "cof", "--db", path]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split("\n").filter(Boolean);
}

describe("dnsight ingest and pdns", () => {
  it("ingests Zeek, passivedns and COF, and answers every query form", async () => {
    const d = db();
    const zeek = join(tmp.path, "dns.log");
    writeFileSync(zeek, zeekLog(50, 20));
    const z = await cli(["ingest", "zeek", zeek, "--db", d, "--sensor", "zeek-1"]);
    assert.equal(z.status, 0, z.stderr);
    assert.match(z.stderr, /ingested .*dns\.log: 100 items, 100 observations, 40 rows written/);
    const pd = await cli(["ingest", "passivedns", "-", "--db", d], {
      stdin:
        "1700000000.5||10.1.1.1||8.8.8.8||IN||mx.example.org.||MX||10 mail.example.com.||300||4\n",
    });
    assert.equal(pd.status, 0, pd.stderr);
    const cof = await cli(["ingest", "cof", "-", "--db", d], {
      stdin:
        '{"rrname":"v6.example.com","rrtype":"AAAA","rdata":["2001:db8::7"],"time_first":1,"time_last":2,"count":3}\n',
    });
    assert.equal(cof.status, 0, cof.stderr);

    const q = async (...args: string[]) => {
      const r = await cli(["pdns", ...args, "--db", d, "--format", "json"]);
      assert.equal(r.status, 0, r.stderr);
      return ndjson<{
        rrname: string;
        rrtype: string;
        rdata: string;
        count: number;
        sensor_id?: string;
      }>(r.stdout);
    };
    assert.deepEqual(
      (await q("host3.example.com")).map((o) => [o.rrtype, o.rdata, o.count, o.sensor_id]),
      [["CNAME", "alias3.cdn.example.net.", 2, "zeek-1"]],
    );
    assert.equal((await q("*.example.com")).length, 21); // 20 hosts and v6
    assert.deepEqual(
      (await q("host1.*")).map((o) => o.rrname),
      ["host1.example.com"],
    );
    assert.equal((await q("example.*")).length, 0);
    assert.equal((await q("alias3.cdn.example.net", "--rrtype", "A")).length, 1);
    assert.equal((await q("198.51.0.0/24")).length, 20);
    assert.equal((await q("198.51.0.3-198.51.0.4")).length, 2);
    assert.deepEqual(
      (await q("mail.example.com", "--rdata")).map((o) => o.rrname),
      ["mx.example.org"],
    );
    assert.equal((await q("*.example.com", "--after", "2023-11-14T22:13:40Z")).length, 20);
    assert.equal((await q("*.example.com", "--before", "1970-01-01T00:00:01Z")).length, 1);
    assert.equal(
      (await q("*.example.com", "--before", "1970-01-01T00:00:01Z", "--strict")).length,
      0,
    );

    const sum = await cli(["pdns", "198.51.0.0/16", "--summarize", "--db", d]);
    assert.match(sum.stdout, /^20 records, count 50, /);
    // Paging through the CLI: the cursor on stderr brings the rest, no repeats.
    const seen: string[] = [];
    let cursor: string[] = [];
    for (let page = 0; page < 10; page++) {
      const r = await cli([
        "pdns",
        "*.example.com",
        "--limit",
        "8",
        ...cursor,
        "--db",
        d,
        "--format",
        "cof",
      ]);
      seen.push(...r.stdout.trim().split("\n").filter(Boolean));
      const m = /more: --cursor (\S+)/.exec(r.stderr);
      if (!m) break;
      cursor = ["--cursor", m[1]!];
    }
    assert.equal(seen.length, 21);
    assert.equal(new Set(seen).size, 21);
  });

  it("exports COF that ingests back into the same store", async () => {
    const first = db();
    for (const f of readdirSync(PCAPS)) {
      const r = await cli(["ingest", "pcap", join(PCAPS, f), "--db", first]);
      assert.equal(r.status, 0, r.stderr);
    }
    const lines = await exportCof(first);
    assert.ok(lines.length > 2000);
    const file = join(tmp.path, "export.cof");
    const ex = await cli(["export", "cof", file, "--db", first]);
    assert.equal(ex.status, 0, ex.stderr);
    const second = db();
    const r = await cli(["ingest", "cof", file, "--db", second]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(await exportCof(second), lines);
  });

  it("resumes a file from its checkpoint instead of counting it twice", async () => {
    const d = db();
    const zeek = join(tmp.path, "again.log");
    writeFileSync(zeek, zeekLog(30, 10));
    await cli(["ingest", "zeek", zeek, "--db", d]);
    const once = await exportCof(d);
    const again = await cli(["ingest", "zeek", zeek, "--db", d]);
    assert.match(again.stderr, /resumed after byte \d+/);
    assert.deepEqual(await exportCof(d), once);
    const restart = await cli(["ingest", "zeek", zeek, "--db", d, "--restart"]);
    assert.equal(restart.status, 0);
    assert.notDeepEqual(await exportCof(d), once); // --restart reads it all again: counts double
  });

  // One thread checkpoints every --batch-rows rows; two threads at each 2 MiB round.
  const bigLog = (): { path: string; size: number; clean: Promise<string[]> } => {
    const path = join(tmp.path, "big.log");
    if (!existsSync(path)) writeFileSync(path, zeekLog(150_000, 50_000));
    const clean = db();
    return {
      path,
      size: statSync(path).size,
      clean: cli(["ingest", "zeek", path, "--db", clean, "--threads", "1"]).then((r) => {
        assert.equal(r.status, 0, r.stderr);
        return exportCof(clean);
      }),
    };
  };
  let big: ReturnType<typeof bigLog> | undefined;

  for (const threads of ["1", "2"])
    it(
      `ends killed-and-resumed exactly as one clean run (${threads} thread${threads === "1" ? "" : "s"})`,
      { timeout: 120_000 },
      async () => {
        big ??= bigLog();
        const { path: file, size } = big;

        const killed = db();
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
            killed,
            "--batch-rows",
            "2000",
            "--threads",
            threads,
            "--round-mb",
            "2",
          ],
          { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] },
        );
        let stderr = "";
        child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
        const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
        // Kill it once a checkpoint shows it is part of the way through, and well before the end.
        let at = 0;
        for (let i = 0; i < 600 && at === 0; i++) {
          await sleep(25);
          try {
            const conn = new Database(killed, { readonly: true, fileMustExist: true });
            try {
              const row = conn.prepare("SELECT offset FROM ingest_checkpoints").get() as
                { offset: number } | undefined;
              if (row && row.offset > 0) at = row.offset;
            } finally {
              conn.close();
            }
          } catch {
            // not created or not migrated yet
          }
        }
        child.kill("SIGKILL");
        await exited;
        assert.ok(at > 0 && at < size, `killed at byte ${at} of ${size}; stderr ${stderr}`);
        const resumed = await cli(["ingest", "zeek", file, "--db", killed, "--threads", threads]);
        assert.equal(resumed.status, 0, resumed.stderr);
        assert.match(resumed.stderr, /resumed after byte \d+/);
        assert.deepEqual(await exportCof(killed), await big.clean);
      },
    );

  it("names a missing file, a bad format and misplaced options", async () => {
    const missing = await cli(["ingest", "zeek", "/nonexistent/dns.log", "--db", db()]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /cannot read \/nonexistent\/dns\.log: ENOENT/);
    assert.equal((await cli(["ingest", "bind", "x", "--db", db()])).status, 2);
    assert.equal(
      (await cli(["ingest", "zeek", "x", "--listen", "unix:/tmp/x", "--db", db()])).status,
      2,
    );
    assert.equal((await cli(["ingest", "cof", "x", "--port", "53", "--db", db()])).status, 2);
  });
});
