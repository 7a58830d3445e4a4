// Registration snapshots in ClickHouse: an append-only MergeTree keyed on (key,
// fetched_at, seq), so one key's history and its newest snapshot are a range of the
// primary key. A batch is one Native block: stored whole or not at all. The parties a
// record names go beside it, for keysByParty (reg-parties.ts). On a cluster each
// snapshot goes to the shard of its key (cluster-shard.ts), so a key's history and its
// parties are on one shard; reads go through the Distributed tables (tables.ts).
import { DnsightError } from "../../errors.js";
import { assertBatchSize, assertLatestSnapshotQuery, assertSnapshot } from "../check.js";
import type { LatestSnapshotQuery, RegistrationSnapshot, RegistrationStore } from "../types.js";
import type { SqlParams } from "./bind-params.js";
import type { ClickHouseClient } from "./http-client.js";
import { nativeBlock } from "./native-block.js";
import type { NativeInserter } from "./native-insert.js";
import { keysByParty } from "./reg-parties.js";
import { partiesOf } from "../registration-parties.js";
import { scanSnapshots } from "./snapshot-scan.js";
import type { Tables } from "./tables.js";

/** Where snapshots are written: one inserter per shard, and the shard of a key. */
export interface SnapshotSink {
  inserters: readonly NativeInserter[];
  shardOf(key: string): number;
}

interface Row {
  key: string;
  fetched_at: string;
  record: string;
  raw: string;
}

const COLUMNS = "key, fetched_at, record, raw";

const toSnapshot = (r: Row): RegistrationSnapshot => ({
  key: r.key,
  fetchedAt: Number(r.fetched_at),
  record: JSON.parse(r.record) as RegistrationSnapshot["record"],
  raw: r.raw,
});

// Write order within the process: microseconds, strictly increasing (ties of fetched_at
// go to the snapshot written last).
let lastSeq = 0n;
const nextSeq = (): bigint => {
  const now = BigInt(Date.now()) * 1000n;
  lastSeq = now > lastSeq ? now : lastSeq + 1n;
  return lastSeq;
};

interface Sequenced {
  s: RegistrationSnapshot;
  seq: bigint;
}

function snapshotBlock(rows: readonly Sequenced[]): Buffer {
  const batch = rows.map((r) => r.s);
  const parties = batch.map((s) => partiesOf(s.record));
  return nativeBlock([
    { name: "key", type: "String", values: batch.map((s) => s.key) },
    { name: "fetched_at", type: "UInt64", values: batch.map((s) => s.fetchedAt) },
    { name: "seq", type: "UInt64", values: rows.map((r) => r.seq) },
    { name: "protocol", type: "String", values: batch.map((s) => s.record.source.protocol) },
    { name: "status", type: "String", values: batch.map((s) => s.record.status) },
    { name: "record", type: "String", values: batch.map((s) => JSON.stringify(s.record)) },
    { name: "raw", type: "String", values: batch.map((s) => s.raw) },
    { name: "registrar", type: "String", values: parties.map((p) => p.registrar ?? "") },
    { name: "registrant", type: "String", values: parties.map((p) => p.registrant ?? "") },
  ]);
}

export function clickhouseRegistrations(
  ch: ClickHouseClient,
  tables: Tables,
  sink: SnapshotSink,
  guard: <T>(op: string, fn: () => Promise<T>) => Promise<T>,
): RegistrationStore {
  const SNAPSHOTS = tables.read("registration_snapshots");
  return {
    writeSnapshots(batch) {
      return guard(`write ${batch.length} registration snapshots`, async () => {
        batch.forEach(assertSnapshot);
        if (batch.length === 0) return;
        const byShard = sink.inserters.map((): Sequenced[] => []);
        for (const s of batch)
          byShard[sink.shardOf(s.key.toLowerCase())]!.push({ s, seq: nextSeq() });
        for (const [n, part] of byShard.entries())
          if (part.length > 0)
            await sink.inserters[n]!.insert("registration_snapshots", snapshotBlock(part));
      });
    },

    listSnapshots(key, options = {}) {
      return guard(`list snapshots of ${key}`, async () => {
        const limit = options.limit;
        if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1))
          throw new DnsightError("INPUT", `list snapshots: limit must be a positive integer`);
        const rows = await ch.query<Row>(
          `SELECT ${COLUMNS} FROM (SELECT ${COLUMNS}, seq FROM ${SNAPSHOTS}` +
            " WHERE key = {k:String} ORDER BY fetched_at DESC, seq DESC" +
            (limit !== undefined ? ` LIMIT ${limit}` : "") +
            ") ORDER BY fetched_at, seq",
          { params: { k: key.toLowerCase() } },
        );
        return rows.map(toSnapshot);
      });
    },

    async *scanSnapshots(batchSize = 500) {
      assertBatchSize(batchSize, "scan snapshots");
      // The guard wraps each page's read: the generator itself cannot be awaited whole.
      const pages = scanSnapshots(ch, batchSize, SNAPSHOTS)[Symbol.asyncIterator]();
      for (;;) {
        const page = await guard("scan snapshots", () => pages.next());
        if (page.done) return;
        yield page.value;
      }
    },

    keysByParty(query) {
      return guard(`keys of ${String(query?.party)}`, () => keysByParty(ch, query, tables));
    },

    latestSnapshot(key, query: LatestSnapshotQuery = {}) {
      return guard(`latest snapshot of ${key}`, async () => {
        assertLatestSnapshotQuery(query);
        const where = ["key = {k:String}"];
        const params: Record<string, SqlParams[string]> = { k: key.toLowerCase() };
        if (query.since !== undefined) {
          where.push("fetched_at >= {since:UInt64}");
          params.since = Math.max(0, query.since);
        }
        if (query.protocol !== undefined) {
          where.push("protocol = {p:String}");
          params.p = query.protocol;
        }
        const skip = query.skipStatus ?? [];
        if (skip.length > 0) {
          where.push("NOT has({skip:Array(String)}, status)");
          params.skip = skip;
        }
        const [row] = await ch.query<Row>(
          `SELECT ${COLUMNS} FROM ${SNAPSHOTS} WHERE ${where.join(" AND ")}` +
            " ORDER BY fetched_at DESC, seq DESC LIMIT 1",
          { params },
        );
        return row && toSnapshot(row);
      });
    },
  };
}
