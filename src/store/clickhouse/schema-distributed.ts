// The `*_all` Distributed tables of a cluster store, over each read table of schema.ts:
// a read of one asks every shard and merges their answers on the node asked (tables.ts).
// They carry no sharding key: the client places rows itself (shard-key.ts), and an
// INSERT through a Distributed table without one fails on a cluster of several shards,
// rather than placing rows where the client would not look. Run on every node after
// the migrations (CREATE … AS copies the local table's columns), idempotent.
import { quoteString } from "./sql-literal.js";
import { distributedName, READ_TABLES } from "./tables.js";

export function distributedStatements(cluster: string, database: string): string[] {
  return READ_TABLES.map(
    (t) =>
      `CREATE TABLE IF NOT EXISTS ${distributedName(t)} AS ${t}` +
      ` ENGINE = Distributed(${quoteString(cluster)}, ${quoteString(database)}, ${quoteString(t)})`,
  );
}
