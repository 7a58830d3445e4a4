// `dnsight migrate` as a user runs it, between real stores: SQLite files in a temp dir
// and a real clickhouse-server (18.16) on loopback. A store ingested from a Zeek log and
// a COF file, with registration histories, goes SQLite → ClickHouse → SQLite and
// SQLite → SQLite; each copy exports the same COF, answers pdns and registration
// history the same, and the census printed side by side agrees.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { openStore } from "../../src/store/open.js";
import { cli } from "../helpers/cli.js";
import { sharedClickHouse, type ClickHouseNode } from "../helpers/clickhouse.js";
import { makeTmpDir } from "../helpers/tmp.js";
import {
  censusRows,
  exportCof,
  histories,
  pdnsAnswers,
  seedSource,
  snapshots,
  HISTORY_KEYS,
} from "./_migrate-fixture.js";

const tmp = makeTmpDir("migrate");

describe("dnsight migrate", () => {
  let node: ClickHouseNode;
  const chUrl = (): string =>
    `clickhouse://${node.host}:${node.httpPort}/mig_${randomBytes(6).toString("hex")}`;
  const source = join(tmp.path, "source.db");
  before(async () => {
    node = await sharedClickHouse();
    await seedSource(tmp.path, source, 3000, 400);
  });
  after(async () => {
    await node?.stop();
    tmp.remove();
  });

  it("copies SQLite → ClickHouse → SQLite, every field and every snapshot, and the census agrees", async () => {
    const ch = chUrl();
    const there = await cli(["migrate", "--from", `sqlite:${source}`, "--to", ch]);
    assert.equal(there.status, 0, there.stderr);
    assert.doesNotMatch(there.stdout, /DIFFERS/);
    const rows = censusRows(there.stdout);
    const cof = await exportCof(source);
    assert.deepEqual(rows.get("observations (distinct keys)"), [
      cof.length.toLocaleString("en-US"),
      cof.length.toLocaleString("en-US"),
      "",
    ]);
    assert.deepEqual(rows.get("registration snapshots"), ["20", "20", ""]);
    assert.deepEqual(rows.get("registration keys"), ["4", "4", ""]);
    assert.match(
      there.stderr,
      new RegExp(`copied ${cof.length} observations and 20 registration snapshots`),
    );

    assert.deepEqual(await exportCof(ch), cof);
    assert.deepEqual(await pdnsAnswers(ch), await pdnsAnswers(source));
    assert.deepEqual(await histories(ch), await histories(source));

    const back = join(tmp.path, "back.db");
    const home = await cli(["migrate", "--from", ch, "--to", back]);
    assert.equal(home.status, 0, home.stderr);
    assert.doesNotMatch(home.stdout, /DIFFERS/);
    assert.deepEqual(await exportCof(back), cof);
    assert.deepEqual(await histories(back), await histories(source));
  });

  it("copies SQLite → SQLite, and a second run copies nothing and still agrees", async () => {
    const copy = join(tmp.path, "copy.db");
    const first = await cli(["migrate", "--from", source, "--to", `sqlite:${copy}`]);
    assert.equal(first.status, 0, first.stderr);
    const again = await cli(["migrate", "--from", source, "--to", `sqlite:${copy}`]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stderr, /^resumed: copied 0 observations and 0 registration snapshots/);
    assert.deepEqual(censusRows(again.stdout), censusRows(first.stdout));
    assert.deepEqual(await exportCof(copy), await exportCof(source));
    assert.deepEqual(await histories(copy), await histories(source));
  });

  it("finishes the snapshots of a run killed between a batch and its checkpoint, without a duplicate", async () => {
    const copy = join(tmp.path, "snap-crash.db");
    const ok = await cli(["migrate", "--from", source, "--to", copy]);
    assert.equal(ok.status, 0, ok.stderr);
    // What a kill right after a snapshot batch leaves: the batch in, its checkpoint not
    // (every snapshot is in, the checkpoint says none). The rows of the observation
    // checkpoint of this source stay, as they would.
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(copy);
    const gone = db
      .prepare("DELETE FROM ingest_checkpoints WHERE input LIKE 'migrate-snapshots:%'")
      .run();
    db.close();
    assert.equal(gone.changes, 1);
    const r = await cli(["migrate", "--from", source, "--to", copy]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /copied 0 observations and 0 registration snapshots/);
    assert.deepEqual(await histories(copy), await histories(source));
  });

  it("exits 1 naming what differs when the target holds more than the source", async () => {
    const copy = join(tmp.path, "differs.db");
    assert.equal((await cli(["migrate", "--from", source, "--to", copy])).status, 0);
    // Someone ingests into the target; the next migrate finds nothing to copy and says so.
    const store = await openStore(copy);
    await store.writeObservations([
      {
        rrname: "extra.example.com",
        rrtype: "A",
        rdata: "192.0.2.99",
        timeFirst: 1,
        timeLast: 2,
        count: 3,
        source: "passive",
      },
    ]);
    await store.registrations!.writeSnapshots(snapshots(1).slice(0, 1));
    await store.close();
    const r = await cli(["migrate", "--from", source, "--to", copy]);
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /migrate: the stores differ in observations \(distinct keys\), owner names, sum of counts, first seen, observation digest, registration snapshots, snapshot digest$/m,
    );
    const rows = censusRows(r.stdout);
    assert.equal(rows.get("observations (distinct keys)")![2], "DIFFERS");
    assert.equal(rows.get("last seen")![2], "");
    assert.equal(rows.get("registration keys")![2], "");
  });

  it("refuses the same store under two spellings, and a target holding other data", async () => {
    for (const to of [source, `sqlite:${source}`, `file://${source}`, `${tmp.path}/./source.db`]) {
      const r = await cli(["migrate", "--from", `sqlite:${source}`, "--to", to]);
      assert.equal(r.status, 2, to);
      assert.match(r.stderr, /--from and --to name the same store/);
    }
    const ch = chUrl();
    assert.equal((await cli(["migrate", "--from", source, "--to", ch])).status, 0);
    // Another host name for the same server is not told apart by its spelling, but the
    // store holds data no migrate from "itself" wrote, so it is refused all the same.
    const r = await cli(["migrate", "--from", ch, "--to", ch.replace("127.0.0.1", "localhost")]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /the target clickhouse store already holds observations/);

    const other = join(tmp.path, "other.db");
    const w = await cli(["ingest", "cof", "-", "--db", other], {
      stdin:
        '{"rrname":"x.example","rrtype":"A","rdata":"192.0.2.1","time_first":1,"time_last":1,"count":1}\n',
    });
    assert.equal(w.status, 0, w.stderr);
    const refused = await cli(["migrate", "--from", source, "--to", other]);
    assert.equal(refused.status, 1);
    assert.match(
      refused.stderr,
      /already holds observations that no migrate from this source wrote/,
    );
    assert.equal((await exportCof(other)).length, 1, "the target is left as it was");

    const missing = await cli([
      "migrate",
      "--from",
      join(tmp.path, "typo.db"),
      "--to",
      join(tmp.path, "t.db"),
    ]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no database at .*typo\.db/);
  });

  it("moves data only: users, keys and the rest of the state stay behind, as --help says", async () => {
    const src = join(tmp.path, "with-users.db");
    await seedSource(tmp.path, src, 50, 10, 1);
    const add = await cli(["apikey", "create", "--name", "ci", "--db", src]);
    assert.equal(add.status, 0, add.stderr);
    const copy = join(tmp.path, "no-users.db");
    assert.equal((await cli(["migrate", "--from", src, "--to", copy])).status, 0);
    const keys = await cli(["apikey", "list", "--db", copy]);
    assert.equal(keys.status, 0, keys.stderr);
    assert.doesNotMatch(keys.stdout, /\bci\b/);
    const help = await cli(["migrate", "--help"]);
    assert.match(
      help.stdout.replace(/\s+/g, " "),
      /Users, API keys, alerts, watches and the audit log are not copied/,
    );
    assert.equal(HISTORY_KEYS.length, 4);
  });
});
