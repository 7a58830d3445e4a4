// Every registration snapshot in (key, fetched_at, seq) order, the table's sort key:
// pages read by keyset (after the last row of the page before), so each page is one
// range of the primary key and nothing stays open between pages. The condition is
// spelt out rather than a tuple comparison, which 18.16 does not use the index for.
import type { RegistrationSnapshot } from "../types.js";
import type { ClickHouseClient } from "./http-client.js";

interface Row {
  key: string;
  fetched_at: string;
  seq: string;
  record: string;
  raw: string;
}

const ORDER = " ORDER BY key, fetched_at, seq LIMIT {n:UInt64}";
const AFTER =
  " WHERE key > {k:String} OR (key = {k:String} AND (fetched_at > {f:UInt64}" +
  " OR (fetched_at = {f:UInt64} AND seq > {s:UInt64})))";

/** `table`: the snapshots table, or on a cluster its Distributed table (tables.ts). */
export async function* scanSnapshots(
  ch: ClickHouseClient,
  batchSize: number,
  table: string,
): AsyncIterable<RegistrationSnapshot[]> {
  const SELECT = `SELECT key, fetched_at, seq, record, raw FROM ${table}`;
  let last: Row | undefined;
  for (;;) {
    const rows: Row[] = await ch.query<Row>(
      last === undefined ? SELECT + ORDER : SELECT + AFTER + ORDER,
      {
        params: {
          n: batchSize,
          ...(last !== undefined
            ? { k: last.key, f: BigInt(last.fetched_at), s: BigInt(last.seq) }
            : {}),
        },
      },
    );
    if (rows.length > 0)
      yield rows.map((r) => ({
        key: r.key,
        fetchedAt: Number(r.fetched_at),
        record: JSON.parse(r.record) as RegistrationSnapshot["record"],
        raw: r.raw,
      }));
    if (rows.length < batchSize) return;
    last = rows[rows.length - 1];
  }
}
