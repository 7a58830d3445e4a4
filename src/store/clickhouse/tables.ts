// The tables a query names. On one server, the tables themselves. On a cluster, reads go
// through the `*_all` Distributed tables, which ask every shard and finish the -Merge /
// GROUP BY on the node that was asked (two-stage aggregation), while a subquery inside
// such a read (`x IN (SELECT … FROM names)`) runs on each shard against that shard's own
// table: the names a shard's rows imply live on the same shard (one insert fills both),
// so the local subquery is complete for those rows and costs no cross-shard traffic.
// It is qualified with the database, since a shard runs it in its session's default one.
import { quoteIdent } from "./sql-literal.js";

export type ReadTable =
  | "observations"
  | "obs_by_rdata"
  | "obs_by_ip"
  | "owner_names"
  | "rdata_names"
  | "ingest_checkpoints"
  | "registration_snapshots"
  | "registration_parties";

export const READ_TABLES: readonly ReadTable[] = [
  "observations",
  "obs_by_rdata",
  "obs_by_ip",
  "owner_names",
  "rdata_names",
  "ingest_checkpoints",
  "registration_snapshots",
  "registration_parties",
];

export interface Tables {
  /** The table a read names in its FROM. */
  read(t: ReadTable): string;
  /** The table a subquery inside a read names: the shard's own. */
  local(t: ReadTable): string;
}

export const SINGLE_NODE: Tables = { read: (t) => t, local: (t) => t };

/** The Distributed table over `t`. */
export const distributedName = (t: ReadTable): string => `${t}_all`;

export function clusterTables(database: string): Tables {
  const db = quoteIdent(database);
  return { read: distributedName, local: (t) => `${db}.${t}` };
}
