// The shards of a cluster store, from the entry node's `system.clusters` (its
// remote_servers): each shard's HTTP endpoint (given by `shards=`, or the shard's host
// with the entry node's HTTP port), checked to be that shard when it answers. A shard
// that does not answer is kept, as down: reads name it, writes for it are spooled.
import { DnsightError } from "../../errors.js";
import type { ClickHouseClient } from "./http-client.js";
import { endpointText, type ClickHouseLocation, type Endpoint } from "./url.js";

export interface ShardEndpoint extends Endpoint {
  /** shard_num in system.clusters (1-based). */
  num: number;
  /** "HOST:PORT" of its HTTP interface, as messages name it. */
  where: string;
  /** Its other replicas (replicated tables): they get the schema; writes go to the first. */
  others: Endpoint[];
}

const MAX_SHARDS = 256;

/** The cluster's shards in shard_num order, first replica of each. */
export async function clusterShards(
  entry: ClickHouseClient,
  loc: ClickHouseLocation,
): Promise<ShardEndpoint[]> {
  const cluster = loc.cluster!;
  const rows = await entry.query<{ shard_num: number; hosts: string[] }>(
    "SELECT shard_num, groupArray(host_name) AS hosts FROM (SELECT shard_num, host_name" +
      " FROM system.clusters WHERE cluster = {c:String} ORDER BY shard_num, replica_num)" +
      " GROUP BY shard_num ORDER BY shard_num",
    { params: { c: cluster.name }, maxRows: MAX_SHARDS + 1 },
  );
  if (rows.length === 0)
    throw new DnsightError(
      "INPUT",
      `clickhouse ${entry.where}: no cluster ${cluster.name} in its system.clusters (remote_servers of its config)`,
    );
  if (rows.length > MAX_SHARDS)
    throw new DnsightError(
      "INPUT",
      `clickhouse cluster ${cluster.name}: more than ${MAX_SHARDS} shards`,
    );
  if (cluster.shards && cluster.shards.length !== rows.length)
    throw new DnsightError(
      "USAGE",
      `clickhouse database URL: shards= lists ${cluster.shards.length} endpoints, cluster ${cluster.name} has ${rows.length} shards`,
    );
  return rows.map((r, i) => {
    const given = cluster.shards?.[i];
    if (given && given.length !== r.hosts.length)
      throw new DnsightError(
        "USAGE",
        `clickhouse database URL: shards= item ${i + 1} lists ${given.length} replicas, shard ${r.shard_num} of cluster ${cluster.name} has ${r.hosts.length}`,
      );
    const all = given ?? r.hosts.map((host) => ({ host, port: loc.port }));
    const [e, ...others] = all;
    return { ...e!, num: Number(r.shard_num), where: endpointText(e!), others };
  });
}

/**
 * Checks that the server at a shard's endpoint is that shard: its own system.clusters
 * marks the shard's entry as local. A wrong port in shards= would otherwise spread rows
 * over the wrong servers without a word.
 */
export async function checkShard(
  ch: ClickHouseClient,
  cluster: string,
  shard: ShardEndpoint,
): Promise<void> {
  const [row] = await ch.query<{ local: number }>(
    "SELECT max(is_local) AS local FROM system.clusters WHERE cluster = {c:String} AND shard_num = {n:UInt32}",
    { params: { c: cluster, n: shard.num } },
  );
  if (Number(row?.local) !== 1)
    throw new DnsightError(
      "INPUT",
      `clickhouse ${shard.where} is not shard ${shard.num} of cluster ${cluster} (its system.clusters says another server is; check shards=)`,
    );
}
