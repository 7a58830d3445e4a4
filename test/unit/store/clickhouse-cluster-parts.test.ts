// The small parts of the cluster store: its URL parameters, the sharding hash, and how
// the input's checkpoint is combined from the shards' logs.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { combine } from "../../../src/store/clickhouse/cluster-writer.js";
import { pieceRanges } from "../../../src/store/clickhouse/obs-writer.js";
import { fnv1a32, shardIndex } from "../../../src/store/clickhouse/shard-key.js";
import { parseClickHouseUrl } from "../../../src/store/clickhouse/url.js";
import { MIGRATIONS, replicatedStatement } from "../../../src/store/clickhouse/schema.js";

describe("clickhouse cluster URL", () => {
  it("reads cluster=, shards=, partial= and spool=", () => {
    assert.deepEqual(
      parseClickHouseUrl(
        "clickhouse://u:secret@10.0.0.1:8123/pdns?cluster=c1&shards=10.0.0.1:8123,[::1]:9000&partial=1&spool=%2Fvar%2Fspool",
      ),
      {
        host: "10.0.0.1",
        port: 8123,
        database: "pdns",
        user: "u",
        password: "secret",
        cluster: {
          name: "c1",
          partial: true,
          replicated: false,
          spool: "/var/spool",
          shards: [[{ host: "10.0.0.1", port: 8123 }], [{ host: "::1", port: 9000 }]],
        },
      },
    );
    assert.deepEqual(parseClickHouseUrl("clickhouse://h/db?cluster=c").cluster, {
      name: "c",
      partial: false,
      replicated: false,
    });
    assert.deepEqual(
      parseClickHouseUrl("clickhouse://h/db?cluster=c&replicated=1&shards=a:1|b:2").cluster,
      {
        name: "c",
        partial: false,
        replicated: true,
        shards: [
          [
            { host: "a", port: 1 },
            { host: "b", port: 2 },
          ],
        ],
      },
    );
  });

  it("refuses unknown or malformed parameters in one line, never echoing the password", () => {
    for (const [url, msg] of [
      ["clickhouse://u:pw@h/db?shard=1", /unknown parameter "shard"/],
      ["clickhouse://u:pw@h/db?partial=1", /need cluster=NAME/],
      ["clickhouse://u:pw@h/db?cluster=c&shards=h:0", /shards= item 1: expected HOST:PORT/],
      ["clickhouse://u:pw@h/db?cluster=c&shards=h", /expected HOST:PORT/],
      ["clickhouse://u:pw@h/db?cluster=c&partial=yes", /partial= is 0 or 1/],
      ["clickhouse://u:pw@h/db?cluster=c&cluster=d", /cluster= given twice/],
      ["clickhouse://u:pw@h/db?cluster=a%20b", /cluster= must name/],
    ] as const)
      assert.throws(
        () => parseClickHouseUrl(url),
        (e: Error) => msg.test(e.message) && !e.message.includes("pw") && !e.message.includes("\n"),
        url,
      );
  });
});

describe("clickhouse sharding key", () => {
  it("is FNV-1a 32 (published test vectors), the same for the same name", () => {
    assert.equal(fnv1a32(""), 0x811c9dc5);
    assert.equal(fnv1a32("a"), 0xe40c292c);
    assert.equal(fnv1a32("foobar"), 0xbf9cf968);
    // Non-ASCII goes through its UTF-8 bytes: "é" is C3 A9.
    assert.equal(
      fnv1a32("é"),
      Math.imul(Math.imul(0x811c9dc5 ^ 0xc3, 0x01000193) ^ 0xa9, 0x01000193) >>> 0,
    );
  });

  it("spreads names over the shards", () => {
    const counts = [0, 0];
    for (let i = 0; i < 10_000; i++) counts[shardIndex(`com.example.h${i}`, 2)]!++;
    for (const c of counts) assert.ok(c > 4500 && c < 5500, String(counts));
  });
});

describe("clickhouse cluster checkpoint", () => {
  it("is the least of the shards', the batch beyond it ending where some shard has it", () => {
    assert.equal(combine("f", [{}, {}]), undefined);
    assert.deepEqual(combine("f", [{ offset: 500 }, { offset: 500 }]), { input: "f", offset: 500 });
    // Shard 1 checkpointed 900, shard 2 not yet: 900 is pending.
    assert.deepEqual(combine("f", [{ offset: 900 }, { offset: 500 }]), {
      input: "f",
      offset: 500,
      pendingEnd: 900,
    });
    assert.deepEqual(
      combine("f", [{ offset: 500, pending: { end: 900, rows: 7 } }, { offset: 500 }]),
      {
        input: "f",
        offset: 500,
        pendingEnd: 900,
      },
    );
    // The first batch, checkpointed on one shard only.
    assert.deepEqual(combine("f", [{}, { offset: 100 }]), {
      input: "f",
      offset: 0,
      pendingEnd: 100,
    });
  });

  it("cuts pieces at multiples of the piece size, wherever a resume starts", () => {
    assert.deepEqual(pieceRanges(0, 25, 10), [
      [0, 10],
      [10, 20],
      [20, 25],
    ]);
    assert.deepEqual(pieceRanges(13, 25, 10), [
      [13, 20],
      [20, 25],
    ]);
    assert.deepEqual(pieceRanges(25, 25, 10), []);
  });
});

describe("clickhouse replicated schema", () => {
  it("puts every MergeTree-family table on its Replicated twin, nothing else", () => {
    const all = MIGRATIONS.flatMap((m) => m.statements).map((s) => replicatedStatement(s, "pdns"));
    const tables = all.filter((s) =>
      /^CREATE TABLE .* ENGINE = (?!Replicated)\w*MergeTree/s.test(s),
    );
    assert.equal(tables.length, 0, "no table left unreplicated");
    const replicated = all.filter((s) => s.includes("ENGINE = Replicated"));
    assert.equal(replicated.length, 8);
    assert.ok(
      all.some((s) =>
        s.includes(
          "ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/pdns/observations', '{replica}') PARTITION BY month",
        ),
      ),
    );
    assert.ok(all.some((s) => s.includes("obs_in") && s.endsWith("ENGINE = Null")));
  });
});
