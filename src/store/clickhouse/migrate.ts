// Brings a ClickHouse database to the schema of schema.ts: creates the database if it is
// missing, runs the migrations it has not recorded, and refuses one recorded by a newer
// dnsight. ClickHouse has no DDL transactions: each statement is idempotent (IF NOT
// EXISTS) and a migration is recorded after its last statement, so one cut short by a
// crash is simply run again. Two processes migrating at once both run the same
// idempotent statements; the version is read as max(version), so a row twice is harmless.
import { DnsightError } from "../../errors.js";
import type { ClickHouseClient } from "./http-client.js";
import { MIGRATIONS, replicatedStatement } from "./schema.js";
import { quoteIdent } from "./sql-literal.js";

const MIGRATIONS_TABLE =
  "CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String, applied_at UInt64)" +
  " ENGINE = MergeTree ORDER BY version";

/** The highest migration recorded in the database the client points at. */
export async function schemaVersion(ch: ClickHouseClient): Promise<number> {
  const [row] = await ch.query<{ v: number }>("SELECT max(version) AS v FROM schema_migrations");
  return Number(row?.v ?? 0);
}

/**
 * `admin` talks to the server without a database (to create it), `ch` within it;
 * `replicated` puts the tables on Replicated… engines (a cluster's replicated shards).
 * Returns the schema version now in place.
 */
export async function migrate(
  admin: ClickHouseClient,
  ch: ClickHouseClient,
  database: string,
  replicated = false,
): Promise<number> {
  await admin.exec(`CREATE DATABASE IF NOT EXISTS ${quoteIdent(database)}`);
  await ch.exec(MIGRATIONS_TABLE);
  const current = await schemaVersion(ch);
  if (current > MIGRATIONS.length)
    throw new DnsightError(
      "STORE",
      `clickhouse ${ch.where}/${database}: schema version ${current} is newer than this dnsight knows (${MIGRATIONS.length}); upgrade dnsight`,
    );
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    for (const sql of m.statements)
      await ch.exec(replicated ? replicatedStatement(sql, database) : sql);
    await ch.exec(
      "INSERT INTO schema_migrations (version, name, applied_at) VALUES ({v:UInt32}, {n:String}, {at:UInt64})",
      { params: { v: m.version, n: m.name, at: Math.floor(Date.now() / 1000) } },
    );
  }
  return MIGRATIONS.length;
}
