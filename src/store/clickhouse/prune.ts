// Retention on ClickHouse as partition drops (schema.ts: every observation table is
// PARTITION BY the month of its delta's last sighting). A month is dropped when it ends
// at or before the cutoff, on every table that holds observation data, so the main
// table, its two sort orders and the two name lists lose the same months together; the
// month the cutoff falls in is kept whole (src/store/contract/prune.ts says what that
// means for a key merged across months). DROP PARTITION is metadata work: it costs the
// same for a thousand rows or a billion, and runs on 18.16 (README-versions.md).
//
// It takes a client and the database and table names, not a store, so that a cluster
// can run it on each shard's local tables (a Distributed table has no partitions).
import type { PruneOptions, PruneResult } from "../types.js";
import type { ClickHouseClient } from "./http-client.js";
import { quoteIdent } from "./sql-literal.js";

/** The tables of schema.ts that hold observation data, partitioned by month. */
export const OBSERVATION_TABLES = [
  "observations",
  "obs_by_rdata",
  "obs_by_ip",
  "owner_names",
  "rdata_names",
] as const;

/** The table whose stored rows the result counts. */
const MAIN = "observations";
/** toDateTime's last second (2106): schema.ts partitions later times there too. */
const LAST_SECOND = 4_294_967_295;

export interface PruneTarget {
  /** The database the tables are in. */
  database: string;
  /** Default: OBSERVATION_TABLES. */
  tables?: readonly string[];
}

export async function pruneMonths(
  ch: ClickHouseClient,
  target: PruneTarget,
  before: number,
  options: PruneOptions = {},
): Promise<PruneResult> {
  const tables = target.tables ?? OBSERVATION_TABLES;
  // The server's month of the cutoff, as the partition key computes it (its time zone).
  const [edge] = await ch.query<{ m: number; start: string }>(
    "SELECT toYYYYMM(toDateTime({b:UInt64})) AS m," +
      " toUInt64(toDateTime(toStartOfMonth(toDateTime({b:UInt64})))) AS start",
    { params: { b: Math.min(before, LAST_SECOND) } },
  );
  const month = Number(edge!.m);
  const parts = await ch.query<{ table: string; partition: string; rows: string }>(
    "SELECT table, partition, sum(rows) AS rows FROM system.parts" +
      " WHERE database = {d:String} AND active AND has({t:Array(String)}, table)" +
      " GROUP BY table, partition ORDER BY partition, table",
    { params: { d: target.database, t: [...tables] } },
  );
  const old = parts.filter((p) => Number(p.partition) < month);
  const months = [...new Set(old.map((p) => p.partition))].sort();
  const rows = old.filter((p) => p.table === MAIN).reduce((n, p) => n + Number(p.rows), 0);
  const result: PruneResult = { granularity: "month", cutoff: Number(edge!.start), rows, months };
  if (options.dryRun) return result;
  // The main table last: a prune cut short leaves its rows findable by export, and the
  // next run (which finds the month again) finishes it.
  const order = [...tables].sort((a, b) => Number(a === MAIN) - Number(b === MAIN));
  for (const m of months)
    for (const table of order)
      if (old.some((p) => p.partition === m && p.table === table))
        await ch.exec(
          `ALTER TABLE ${quoteIdent(target.database)}.${quoteIdent(table)} DROP PARTITION ${Number(m)}`,
        );
  return result;
}
