// The ClickHouse schema, as numbered migrations (migrate.ts runs them). Written for 18.16
// and current releases alike (README-versions.md):
//
// - `obs_in` (engine Null) is where every write goes: it stores nothing, and materialised
//   views turn each inserted block into rows of the tables below. One INSERT thus fills
//   every index and the checkpoint log together, from one Native block (writer.ts).
// - `observations`, keyed on (reversed owner, rrtype, rdata, bailiwick, sensor): deltas as
//   AggregatingMergeTree states (min first seen, max last seen, sum of counts, and the
//   earliest sighting's source by argMin over (first seen, source)), so a write is an
//   append and merging is the server's background work. Reads never count on it having
//   happened: they merge with -Merge and GROUP BY (search-sql.ts).
// - `obs_by_rdata` and `obs_by_ip`: the same states in the order of the rdata's name
//   (reversed) and of the address bytes, for those lookups (18.16 has no projections).
// - `owner_names` and `rdata_names`: each name once per month (ReplacingMergeTree, read
//   with DISTINCT) in forward order with its reversal, for the name.* forms (a range of
//   names, then their rows by the reversed key) and for name suggestions.
// - PARTITION BY the month of the delta's last sighting: retention drops whole months.
// - `ingest_checkpoints`: append-only progress and checkpoint rows of each input.

export interface Migration {
  version: number;
  name: string;
  /** Each statement must be safe to run again (IF NOT EXISTS): a migration cut short is re-run whole. */
  statements: readonly string[];
}

/** The states of a merged observation, in every observation table. */
const STATES = `time_first AggregateFunction(min, UInt64),
  time_last AggregateFunction(max, UInt64),
  count AggregateFunction(sum, UInt64),
  source AggregateFunction(argMin, String, Tuple(UInt64, String))`;

/** The same states computed from a block of `obs_in`. */
const STATE_SELECT = `minState(first_seen) AS time_first,
  maxState(last_seen) AS time_last,
  sumState(n) AS count,
  argMinState(src, tuple(first_seen, src)) AS source`;

// A search reads a few keys in every part of every month: granules of 1,024 rows, not
// the default 8,192, make each of those reads an eighth (measured on 18.16 at 300k rows,
// parts merged: an exact-name page 15 ms at 8,192, 7.4 ms at 1,024, 6.4 at 256, whose
// index is four times larger again). Tables made before keep theirs (it cannot change).
const POINT_READS = " SETTINGS index_granularity = 1024";

// toDateTime wraps past 2106: a later time is kept, but partitioned as 2106.
const MONTH = "toYYYYMM(toDateTime(least(max(last_seen), 4294967295))) AS month";

const OBS_TABLES: ReadonlyArray<{ table: string; cols: string; order: string; where: string }> = [
  {
    table: "observations",
    cols: "rrname_rev String, rrname String, rrtype String, rdata String, bailiwick String, sensor String",
    order: "rrname_rev, rrtype, rdata, bailiwick, sensor",
    where: "kind = 0",
  },
  {
    table: "obs_by_rdata",
    cols: "rdata_name_rev String, rdata_name String, rdata String, rrname String, rrtype String, bailiwick String, sensor String",
    order: "rdata_name_rev, rdata, rrname, rrtype, bailiwick, sensor",
    where: "kind = 0 AND rdata_name != ''",
  },
  {
    table: "obs_by_ip",
    cols: "ip_key String, rdata String, rrname String, rrtype String, bailiwick String, sensor String",
    order: "ip_key, rdata, rrname, rrtype, bailiwick, sensor",
    where: "kind = 0 AND ip_key != ''",
  },
];

/** Columns of `obs_in`: one observation delta (kind 0) or one checkpoint-log row (1, 2). */
export const OBS_IN_COLUMNS = [
  ["kind", "UInt8"],
  ["rrname", "String"],
  ["rrname_rev", "String"],
  ["rrtype", "String"],
  ["rdata", "String"],
  ["bailiwick", "String"],
  ["sensor", "String"],
  ["first_seen", "UInt64"],
  ["last_seen", "UInt64"],
  ["n", "UInt64"],
  ["src", "String"],
  ["rdata_name", "String"],
  ["rdata_name_rev", "String"],
  ["ip_key", "String"],
  ["cp_input", "String"],
  ["cp_offset", "UInt64"],
  ["cp_rows", "UInt64"],
  ["cp_at", "UInt64"],
] as const;

function observationTables(): string[] {
  const out = [
    `CREATE TABLE IF NOT EXISTS obs_in (${OBS_IN_COLUMNS.map(([c, t]) => `${c} ${t}`).join(", ")}) ENGINE = Null`,
  ];
  for (const t of OBS_TABLES) {
    // Key columns, then the rrname or rdata_name the key implies (grouped by too: an
    // any() alias named as its column would shadow that column in WHERE).
    const keyCols = t.order.split(", ");
    const extra = t.cols
      .split(", ")
      .map((c) => c.split(" ")[0]!)
      .filter((c) => !keyCols.includes(c));
    out.push(
      `CREATE TABLE IF NOT EXISTS ${t.table} (month UInt32, ${t.cols}, ${STATES})` +
        ` ENGINE = AggregatingMergeTree PARTITION BY month ORDER BY (${t.order})${POINT_READS}`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS ${t.table}_mv TO ${t.table} AS SELECT ${MONTH},` +
        ` ${[...keyCols, ...extra].join(", ")}, ${STATE_SELECT}` +
        ` FROM obs_in WHERE ${t.where} GROUP BY ${[...keyCols, ...extra].join(", ")}`,
    );
  }
  for (const [table, name, rev, where] of [
    ["owner_names", "rrname", "rrname_rev", "kind = 0"],
    ["rdata_names", "rdata_name", "rdata_name_rev", "kind = 0 AND rdata_name != ''"],
  ] as const)
    out.push(
      `CREATE TABLE IF NOT EXISTS ${table} (month UInt32, name String, name_rev String)` +
        ` ENGINE = ReplacingMergeTree PARTITION BY month ORDER BY name${POINT_READS}`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS ${table}_mv TO ${table} AS SELECT ${MONTH},` +
        ` ${name} AS name, ${rev} AS name_rev FROM obs_in WHERE ${where} GROUP BY ${name}, ${rev}`,
    );
  out.push(
    // kind 1: "the batch ending at end_offset has its first rows_in rows stored";
    // kind 2: "the input's records up to end_offset are stored" (the checkpoint).
    `CREATE TABLE IF NOT EXISTS ingest_checkpoints (kind UInt8, input String, end_offset UInt64,` +
      ` rows_in UInt64, at UInt64) ENGINE = MergeTree ORDER BY (input, at)`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ingest_checkpoints_mv TO ingest_checkpoints AS SELECT` +
      ` kind, cp_input AS input, cp_offset AS end_offset, cp_rows AS rows_in, cp_at AS at` +
      ` FROM obs_in WHERE kind != 0`,
  );
  return out;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "observations, their indexes and the checkpoint log",
    statements: observationTables(),
  },
  {
    version: 2,
    name: "registration snapshots and the parties they name",
    statements: [
      // seq orders snapshots fetched in the same second: the last written wins. registrar
      // and registrant are the record's parties in partyKey form ("" for none).
      `CREATE TABLE IF NOT EXISTS registration_snapshots (key String, fetched_at UInt64, seq UInt64,` +
        ` protocol String, status String, record String, raw String, registrar String,` +
        ` registrant String) ENGINE = MergeTree ORDER BY (key, fetched_at, seq)`,
      // Every key an answered snapshot ever named under a party: the candidates of
      // keysByParty, which checks each against the key's newest answer.
      `CREATE TABLE IF NOT EXISTS registration_parties (party String, name String, key String)` +
        ` ENGINE = ReplacingMergeTree ORDER BY (party, name, key)`,
      ...(["registrar", "registrant"] as const).map(
        (party) =>
          `CREATE MATERIALIZED VIEW IF NOT EXISTS registration_${party}_mv TO registration_parties` +
          ` AS SELECT '${party}' AS party, ${party} AS name, key FROM registration_snapshots` +
          ` WHERE status != 'throttled' AND ${party} != ''`,
      ),
    ],
  },
];

/**
 * A statement of MIGRATIONS for replicated shards: each MergeTree-family table on its
 * Replicated… twin, its parts shared through ZooKeeper by the replicas of its shard
 * (the {shard} and {replica} macros of each server's config). Views, `obs_in` (Null)
 * and the DDL itself stay per server: 18.16 replicates data, not schema.
 */
export function replicatedStatement(sql: string, database: string): string {
  const m =
    /^CREATE TABLE IF NOT EXISTS (\w+) .* ENGINE = ((?:Aggregating|Replacing)?MergeTree) /s.exec(
      sql,
    );
  if (!m) return sql;
  const path = `/clickhouse/tables/{shard}/${database}/${m[1]}`;
  return sql.replace(` ENGINE = ${m[2]} `, ` ENGINE = Replicated${m[2]}('${path}', '{replica}') `);
}
