// `dnsight prune --older-than DURATION` as a user runs it, on a SQLite file and on a real
// clickhouse-server (18.16) on loopback, with observations last seen across several
// months (COF lines with chosen times). SQLite removes exactly the rows last seen before
// the cutoff; ClickHouse drops the months that end before it from every observation
// table and keeps the cutoff's month whole, and a key seen on both sides of the cutoff
// keeps only its later sightings there.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createClickHouseClient } from "../../src/store/clickhouse/http-client.js";
import { OBSERVATION_TABLES } from "../../src/store/clickhouse/prune.js";
import { cli, ndjson } from "../helpers/cli.js";
import { sharedClickHouse, type ClickHouseNode } from "../helpers/clickhouse.js";
import { makeTmpDir } from "../helpers/tmp.js";
import { exportCof } from "./_migrate-fixture.js";

const tmp = makeTmpDir("prune");
const DAY = 86_400;
const now = Math.floor(Date.now() / 1000);
const today = new Date(now * 1000);
// The cutoff lands between the 15th and the 16th of the month 13 months back, whatever
// second the command runs: far from both ends of its month.
const ref = Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 13, 15, 12) / 1000;
const DAYS = Math.floor((now - ref) / DAY);
const M = Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 13, 1) / 1000;
const iso = (s: number): string => new Date(s * 1000).toISOString().replace(".000Z", "Z");
const ym = (s: number): string => iso(s).slice(0, 7);

interface Row {
  rrname: string;
  rrtype: string;
  rdata: string;
  first: number;
  last: number;
  count: number;
}
const row = (rrname: string, last: number, rrtype = "A", rdata = "192.0.2.1", count = 1): Row => ({
  rrname,
  rrtype,
  rdata,
  first: last - DAY,
  last,
  count,
});
const OLD = row("old.example.com", M - 40 * DAY, "CNAME", "gone.example.net.");
const PREV = row("prev.example.com", M - 2 * DAY, "A", "192.0.2.2");
const STRADDLE = row("straddle.example.com", M + 5 * DAY, "CNAME", "edge.example.net.");
const KEPT = row("kept.example.com", ref + 5 * DAY, "A", "192.0.2.5");
const RECENT = row("recent.example.com", now - 3600, "MX", "10 mx.example.net.");
const SPLIT_OLD = row("split.example.com", M - 40 * DAY, "A", "192.0.2.9", 3);
const SPLIT_NEW = row("split.example.com", ref + 5 * DAY, "A", "192.0.2.9", 2);

const cof = (rows: Row[]): string =>
  rows
    .map((r) =>
      JSON.stringify({
        rrname: r.rrname,
        rrtype: r.rrtype,
        rdata: [r.rdata],
        time_first: r.first,
        time_last: r.last,
        count: r.count,
      }),
    )
    .join("\n") + "\n";

/** The store's export, each line cut to "name type first last count". */
async function rows(db: string): Promise<string[]> {
  return (await exportCof(db))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .map((o) => `${o.rrname} ${o.rrtype} ${o.time_first} ${o.time_last} ${o.count}`)
    .sort();
}
const line = (r: Row, first = r.first, count = r.count): string =>
  `${r.rrname} ${r.rrtype} ${first} ${r.last} ${count}`;

async function seed(db: string): Promise<void> {
  const a = join(tmp.path, "a.cof");
  const b = join(tmp.path, "b.cof");
  writeFileSync(a, cof([OLD, PREV, STRADDLE, KEPT, RECENT, SPLIT_OLD]));
  writeFileSync(b, cof([SPLIT_NEW]));
  // Two ingests: the split key's two sightings are two deltas, in two months.
  for (const f of [a, b]) {
    const r = await cli(["ingest", "cof", f, "--db", db]);
    assert.equal(r.status, 0, r.stderr);
  }
}

const prune = (db: string, ...more: string[]) =>
  cli(["prune", "--older-than", `${DAYS}d`, "--db", db, ...more]);

describe("dnsight prune", () => {
  let node: ClickHouseNode;
  before(async () => {
    node = await sharedClickHouse();
  });
  after(async () => {
    await node?.stop();
    tmp.remove();
  });

  it("on SQLite removes exactly what was last seen before the cutoff", async () => {
    const db = join(tmp.path, "p.db");
    await seed(db);
    const all = await rows(db);
    const dry = await prune(db, "--dry-run");
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(
      dry.stdout,
      /^would remove 3 observations last seen before \d{4}-\d\d-\d\dT[\d:]+Z\n$/,
    );
    assert.deepEqual(await rows(db), all, "a dry run removes nothing");

    const r = await prune(db);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^removed 3 observations last seen before /);
    const split = line(SPLIT_NEW, SPLIT_OLD.first, 5);
    assert.deepEqual(await rows(db), [line(KEPT), line(RECENT), split].sort());
    const gone = await cli(["pdns", "--rdata", "gone.example.net", "--db", db, "--json"]);
    assert.deepEqual(ndjson(gone.stdout), []);

    const again = await prune(db);
    assert.match(again.stdout, /^removed 0 observations/);
  });

  it("on ClickHouse drops whole months from every observation table, keeping the cutoff's month", async () => {
    const database = `prune_${randomBytes(6).toString("hex")}`;
    const db = `clickhouse://${node.host}:${node.httpPort}/${database}`;
    await seed(db);
    const all = await rows(db);
    const months = `${ym(M - 40 * DAY)}, ${ym(M - 2 * DAY)}`;
    const dry = await prune(db, "--dry-run");
    assert.equal(dry.status, 0, dry.stderr);
    assert.equal(
      dry.stdout,
      `would drop 2 months (${months}): 3 stored rows\n` +
        `kept whole: the month from ${iso(M)}, which the cutoff ${dry.stdout.match(/cutoff (\S+)/)![1]} falls in, and every later one\n`,
    );
    assert.deepEqual(await rows(db), all, "a dry run drops nothing");

    const r = await prune(db);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^dropped 2 months \\(${months}\\): 3 stored rows\n`));
    // The straddling month is kept whole; the split key keeps only its later sighting.
    assert.deepEqual(
      await rows(db),
      [line(STRADDLE), line(KEPT), line(RECENT), line(SPLIT_NEW)].sort(),
    );
    const split = await cli(["pdns", "split.example.com", "--db", db, "--json"]);
    assert.equal((ndjson(split.stdout)[0] as { count: number }).count, 2);
    for (const [q, n] of [
      [["--rdata", "gone.example.net"], 0],
      [["--rdata", "edge.example.net"], 1],
      [["192.0.2.0/24"], 2],
      [["old.example.com"], 0],
      [["*.example.com"], 4],
    ] as const) {
      const a = await cli(["pdns", ...q, "--db", db, "--json"]);
      assert.equal(ndjson(a.stdout).length, n, q.join(" "));
    }

    const ch = createClickHouseClient({ host: node.host, port: node.httpPort });
    try {
      const parts = await ch.query<{ table: string; partition: string }>(
        `SELECT DISTINCT table, partition FROM system.parts WHERE database = '${database}' AND active ORDER BY table, partition`,
      );
      const first = Number(ym(M).replace("-", ""));
      assert.deepEqual(
        parts.filter((p) => Number(p.partition) < first),
        [],
        "no table keeps a dropped month",
      );
      for (const t of OBSERVATION_TABLES)
        assert.ok(
          parts.some((p) => p.table === t && Number(p.partition) === first),
          `${t} keeps ${first}`,
        );
    } finally {
      ch.close();
    }

    const again = await prune(db);
    assert.match(again.stdout, /^no month ends before \S+: nothing dropped\n/);
  });

  it("refuses a missing, bare or zero duration", async () => {
    const db = join(tmp.path, "p.db");
    for (const args of [
      [],
      ["--older-than", "30"],
      ["--older-than", "0"],
      ["--older-than", "soon"],
    ]) {
      const r = await cli(["prune", ...args, "--db", db]);
      assert.equal(r.status, 2, args.join(" "));
      assert.match(r.stderr, /--older-than/);
    }
    const missing = await cli(["prune", "--older-than", "400d", "--db", join(tmp.path, "none.db")]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no database at /);
  });
});
