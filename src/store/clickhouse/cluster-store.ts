// The ClickHouse store on a cluster (`clickhouse://HOST:PORT/DB?cluster=NAME`, url.ts):
// every shard holds the schema of one server (schema.ts, run on each shard's own HTTP
// endpoint: 18.16 has no ON CLUSTER without ZooKeeper), and every node gets `*_all`
// Distributed tables over the read tables (schema-distributed.ts). Writes are sharded
// by the client (cluster-writer.ts) into each shard's own tables; reads go through the
// Distributed tables of the entry node (tables.ts). A shard that is down is named by a
// failed read (shard-status.ts); with `partial=1` reads skip it and say so; writes for it
// wait in a spool on local disk (shard-pieces.ts) and are sent when it is back.
import type { StoreBackend } from "../derive.js";
import type { PruneOptions, PruneResult } from "../types.js";
import {
  clickhouseBackend,
  mustExist,
  storeError,
  type ClickHouseStoreOptions,
} from "./clickhouse-store.js";
import { clusterObsWriter } from "./cluster-writer.js";
import { checkShard, clusterShards, type ShardEndpoint } from "./cluster-topology.js";
import { createClickHouseClient, type ClickHouseClient } from "./http-client.js";
import { migrate } from "./migrate.js";
import { deleteInputs, newestRows, olderThan } from "./forget-checkpoints.js";
import { pruneMonths } from "./prune.js";
import { nativeInserter, type NativeInserter } from "./native-insert.js";
import { distributedStatements } from "./schema-distributed.js";
import { shardIndex } from "./shard-key.js";
import { openShardPieces } from "./shard-pieces.js";
import { downShardError, probeShards } from "./shard-status.js";
import { clusterTables } from "./tables.js";
import { isUnreachable } from "./unreachable.js";
import type { ClickHouseLocation, Endpoint } from "./url.js";

/** A shard and the clients that reach it. */
export interface ShardLink extends ShardEndpoint {
  ch: ClickHouseClient;
  ins: NativeInserter;
  /** Brings the shard to the schema (once); done at open when the shard is up. */
  ready(): Promise<void>;
}

export async function openClickHouseCluster(
  loc: ClickHouseLocation,
  options: ClickHouseStoreOptions,
): Promise<StoreBackend> {
  const cluster = loc.cluster!;
  const client = (e: Endpoint, database?: string, settings?: Record<string, number>) =>
    createClickHouseClient({
      host: e.host,
      port: e.port,
      ...(database !== undefined ? { database } : {}),
      ...(loc.user !== undefined ? { user: loc.user } : {}),
      ...(loc.password !== undefined ? { password: loc.password } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(settings ? { settings } : {}),
    });
  const admin = client(loc);
  const entry = client(
    loc,
    loc.database,
    cluster.partial ? { skip_unavailable_shards: 1 } : undefined,
  );
  const shards: ShardLink[] = [];
  const closeAll = (): void => {
    admin.close();
    entry.close();
    for (const s of shards) {
      s.ch.close();
      s.ins.close();
    }
  };
  try {
    if (options.mustExist) await mustExist(admin, loc);
    const endpoints = await clusterShards(admin, loc);
    // The entry node reads through its Distributed tables: it gets the schema too,
    // shard or not (empty local tables on a node that is no shard cost nothing).
    await prepare(admin, entry, loc);
    for (const e of endpoints) shards.push(link(e));
    const downIsFine = (err: unknown): void => {
      if (!isUnreachable(err)) throw err; // down: named by reads, spooled by writes
    };
    for (const s of shards) {
      await s.ready().catch(downIsFine);
      // The other replicas of a replicated shard: their schema (18.16 copies data, not DDL).
      for (const r of s.others)
        await withClient(client(r), (a) =>
          checkShard(a, cluster.name, s).then(() =>
            withClient(client(r, loc.database), (ch) => prepare(a, ch, loc)),
          ),
        ).catch(downIsFine);
    }
  } catch (e) {
    closeAll();
    throw storeError(loc, "open", e);
  }

  function link(e: ShardEndpoint): ShardLink {
    const ch = client(e, loc.database);
    let done: Promise<void> | undefined;
    return {
      ...e,
      ch,
      ins: nativeInserter({ ...loc, host: e.host, port: e.port }, options.timeoutMs),
      ready() {
        done ??= withClient(client(e), async (a) => {
          await checkShard(a, cluster.name, e);
          await prepare(a, ch, loc);
        }).catch((err: unknown) => {
          done = undefined; // tried again at the next contact
          throw err;
        });
        return done;
      },
    };
  }

  const pieces = await openShardPieces(shards, loc).catch((e: unknown) => {
    closeAll();
    throw storeError(loc, "open", e);
  });
  return clickhouseBackend({
    loc,
    ch: entry,
    tables: clusterTables(loc.database),
    observations: clusterObsWriter(pieces, options),
    snapshots: {
      inserters: shards.map((s) => s.ins),
      shardOf: (key) => shardIndex(key, shards.length),
    },
    async read(fn) {
      let value;
      try {
        value = await fn();
      } catch (e) {
        const down = (await probeShards(shards)).find((s) => s.down !== undefined);
        throw down ? downShardError(down, e) : e;
      }
      if (!cluster.partial) return { value, missing: [] };
      const missing = (await probeShards(shards)).filter((s) => s.down !== undefined);
      return { value, missing: missing.map((s) => `shard ${s.num} (${s.where})`) };
    },
    prune: (before, o) => pruneShards(shards, loc.database, before, o),
    forget: (prefix, before) => forgetOnShards(shards, loc.database, prefix, before),
    async close() {
      try {
        await pieces.close(options.drainMs ?? 5000);
      } finally {
        closeAll();
      }
    },
  });
}

/**
 * Retention on every shard: a Distributed table has no partitions, so each shard drops
 * its own old months (on a replicated shard, one replica's DROP PARTITION is carried to
 * the others). All shards are asked first for what they hold, so a shard that is down
 * stops the prune, named, before any shard dropped anything.
 */
async function pruneShards(
  shards: readonly ShardLink[],
  database: string,
  before: number,
  o: PruneOptions = {},
): Promise<PruneResult> {
  const ask = (s: ShardLink, dryRun: boolean) =>
    onShard(s, () => pruneMonths(s.ch, { database }, before, { ...o, dryRun }));
  const plans = [];
  for (const s of shards) plans.push(await ask(s, true));
  const results = [];
  if (o.dryRun) results.push(...plans);
  else for (const s of shards) results.push(await ask(s, false));
  return {
    granularity: "month",
    cutoff: Math.min(...results.map((r) => r.cutoff)),
    rows: results.reduce((n, r) => n + r.rows, 0),
    months: [...new Set(results.flatMap((r) => r.months ?? []))].sort(),
  };
}

/** Runs `fn` once the shard is ready; a shard that cannot be reached is named as down. */
function onShard<T>(s: ShardLink, fn: () => Promise<T>): Promise<T> {
  return s
    .ready()
    .then(fn)
    .catch((e: unknown) => {
      throw isUnreachable(e) ? downShardError({ ...s, down: String(e) }, e) : e;
    });
}

/**
 * forgetCheckpoints on every shard: each keeps its own log of an input, so an input
 * is forgotten on all or none (its newest row, over every shard, older than the
 * cutoff), and the least of the shards' checkpoints never goes back. All shards are
 * read before any deletes, so a shard that is down stops it before anything went.
 */
async function forgetOnShards(
  shards: readonly ShardLink[],
  database: string,
  prefix: string,
  before: number,
): Promise<number> {
  const logs: Map<string, bigint>[] = [];
  for (const s of shards) logs.push(await onShard(s, () => newestRows(s.ch, prefix)));
  const inputs = olderThan(logs, before);
  for (const [k, s] of shards.entries()) {
    const here = inputs.filter((i) => logs[k]!.has(i));
    await onShard(s, () => deleteInputs(s.ch, database, here));
  }
  return inputs.length;
}

async function withClient<T>(
  c: ClickHouseClient,
  fn: (c: ClickHouseClient) => Promise<T>,
): Promise<T> {
  try {
    return await fn(c);
  } finally {
    c.close();
  }
}

/** The schema of one server, then the Distributed tables, on one node. */
async function prepare(
  admin: ClickHouseClient,
  ch: ClickHouseClient,
  loc: ClickHouseLocation,
): Promise<void> {
  await migrate(admin, ch, loc.database, loc.cluster!.replicated);
  for (const sql of distributedStatements(loc.cluster!.name, loc.database)) await ch.exec(sql);
}
