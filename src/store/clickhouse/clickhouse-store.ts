// The ClickHouse backend (`--db clickhouse://HOST:PORT/DATABASE`): observations and
// registration snapshots, the append-only data, in a database it creates and migrates
// on open. The small mutable state (users, alerts, watches...) is not kept here: those
// parts are absent, and a composed store (`?state=`) keeps them elsewhere. The scan is
// the core's, derived from search (src/store/derive.ts): the key is by reversed name.
import { DnsightError } from "../../errors.js";
import {
  assertCheckpoint,
  assertObservation,
  assertObservationQuery,
  assertForget,
  assertPruneBefore,
  assertSearch,
} from "../check.js";
import type { StoreBackend } from "../derive.js";
import type { PruneOptions, PruneResult } from "../types.js";
import { createClickHouseClient, type ClickHouseClient } from "./http-client.js";
import { migrate } from "./migrate.js";
import { nativeInserter } from "./native-insert.js";
import { obsWriter, type ObsWriter, type ObsWriterOptions } from "./obs-writer.js";
import { forgetCheckpoints } from "./forget-checkpoints.js";
import { pruneMonths } from "./prune.js";
import { clickhouseRegistrations, type SnapshotSink } from "./registrations.js";
import { queryName, searchPage, summarize } from "./search.js";
import { suggestNames } from "./suggest.js";
import { SINGLE_NODE, type Tables } from "./tables.js";
import { parseClickHouseUrl, type ClickHouseLocation } from "./url.js";

export const CLICKHOUSE_BACKEND = "clickhouse";

export type ClickHouseStoreOptions = ObsWriterOptions & {
  timeoutMs?: number;
  /** Cluster: how long close() tries to send what waits in the spool (default 5 s). */
  drainMs?: number;
  /** For commands that only read: a database that does not exist is an error, not created. */
  mustExist?: boolean;
};

/** Opens the database at `url`, creating and migrating it if needed. */
export async function openClickHouseStore(
  url: string,
  options: ClickHouseStoreOptions = {},
): Promise<StoreBackend> {
  const loc = parseClickHouseUrl(url);
  if (loc.cluster) {
    const { openClickHouseCluster } = await import("./cluster-store.js");
    return openClickHouseCluster(loc, options);
  }
  const conn = {
    host: loc.host,
    port: loc.port,
    ...(loc.user !== undefined ? { user: loc.user } : {}),
    ...(loc.password !== undefined ? { password: loc.password } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  };
  const admin = createClickHouseClient(conn);
  const ch = createClickHouseClient({ ...conn, database: loc.database });
  try {
    if (options.mustExist) await mustExist(admin, loc);
    await migrate(admin, ch, loc.database);
  } catch (e) {
    ch.close();
    throw storeError(loc, "open", e);
  } finally {
    admin.close();
  }
  return clickhouseBackend(singleNode(ch, loc, options));
}

export async function mustExist(admin: ClickHouseClient, loc: ClickHouseLocation): Promise<void> {
  const [row] = await admin.query<{ n: string }>(
    "SELECT count() AS n FROM system.databases WHERE name = {d:String}",
    { params: { d: loc.database } },
  );
  if (Number(row?.n) === 0)
    throw new DnsightError(
      "INPUT",
      `no database ${loc.database} on clickhouse ${admin.where}: nothing has been stored there (check --db or $DNSIGHT_DB)`,
    );
}

export function storeError(loc: ClickHouseLocation, op: string, e: unknown): DnsightError {
  if (e instanceof DnsightError && e.code !== "STORE") return e;
  const msg = e instanceof Error ? e.message : String(e);
  // The client's messages already name the server; add the database and the operation.
  return new DnsightError("STORE", `${op} in clickhouse database ${loc.database}: ${msg}`, {
    cause: e,
  });
}

/** What a store on one server or on a cluster is made of. */
export interface StoreParts {
  loc: ClickHouseLocation;
  /** The client reads go through (the entry node on a cluster). */
  ch: ClickHouseClient;
  tables: Tables;
  observations: ObsWriter;
  snapshots: SnapshotSink;
  /**
   * Runs a read: on a cluster, names a shard that is down when the read fails, and with
   * partial answers lists the shards that were missing (empty: none).
   */
  read<T>(fn: () => Promise<T>): Promise<{ value: T; missing: string[] }>;
  /** Retention: drops old months where the data is (on a cluster, on every shard). */
  prune(before: number, o?: PruneOptions): Promise<PruneResult>;
  /** forgetCheckpoints where the checkpoint logs are (on a cluster, every shard's own). */
  forget(prefix: string, before: number): Promise<number>;
  close(): Promise<void>;
}

function singleNode(
  ch: ClickHouseClient,
  loc: ClickHouseLocation,
  options: ClickHouseStoreOptions,
): StoreParts {
  const ins = nativeInserter(loc, options.timeoutMs);
  return {
    loc,
    ch,
    tables: SINGLE_NODE,
    observations: obsWriter(ch, ins, options),
    snapshots: { inserters: [ins], shardOf: () => 0 },
    read: async (fn) => ({ value: await fn(), missing: [] }),
    prune: (before, o) => pruneMonths(ch, { database: loc.database }, before, o),
    forget: (prefix, before) => forgetCheckpoints(ch, loc.database, prefix, before),
    close: async () => {
      ins.close();
      ch.close();
    },
  };
}

/** Say which shards an answer lacks, as an optional member of the page or summary. */
const withMissing = <T extends object>(r: { value: T; missing: string[] }): T =>
  r.missing.length > 0 ? { ...r.value, partial: { missing: r.missing } } : r.value;

export function clickhouseBackend(p: StoreParts): StoreBackend {
  const { ch, loc, tables, observations } = p;
  let open = true;
  const guard = async <T>(op: string, fn: () => Promise<T>): Promise<T> => {
    if (!open)
      throw new DnsightError(
        "STORE",
        `clickhouse database ${loc.database}: ${op}: the store is closed`,
      );
    try {
      return await fn();
    } catch (e) {
      throw storeError(loc, op, e);
    }
  };
  const read = async <T>(fn: () => Promise<T>): Promise<T> => (await p.read(fn)).value;

  return {
    backend: CLICKHOUSE_BACKEND,
    registrations: clickhouseRegistrations(ch, tables, p.snapshots, (op, fn) =>
      guard(op, () => read(fn)),
    ),

    writeObservations(batch, checkpoint) {
      return guard(`write ${batch.length} observations`, async () => {
        // Check everything first: a bad delta must leave the whole batch unwritten.
        batch.forEach((o, i) => assertObservation(o, `observation ${i}`));
        if (checkpoint) assertCheckpoint(checkpoint);
        if (batch.length === 0 && !checkpoint) return;
        await observations.write(batch, checkpoint);
      });
    },

    queryObservations(query) {
      return guard(`query ${String(query?.rrname)}`, async () => {
        assertObservationQuery(query);
        return read(() => queryName(ch, query, tables));
      });
    },

    searchObservations(search) {
      return guard("search", async () => {
        assertSearch(search);
        return withMissing(await p.read(() => searchPage(ch, search, tables)));
      });
    },

    summarizeObservations(search) {
      return guard("summarize", async () => {
        assertSearch(search);
        return withMissing(await p.read(() => summarize(ch, search, tables)));
      });
    },

    suggestNames(prefix, limit) {
      return guard("suggest", () => read(() => suggestNames(ch, prefix, limit, tables)));
    },

    pruneObservations(before, o) {
      return guard("prune observations", async () => {
        assertPruneBefore(before);
        return p.prune(before, o);
      });
    },

    readCheckpoint(input) {
      return guard("read checkpoint", () => observations.read(input));
    },

    forgetCheckpoints(prefix, before) {
      return guard("forget checkpoints", async () => {
        assertForget(prefix, before);
        return p.forget(prefix, before);
      });
    },

    async close() {
      if (!open) return;
      open = false;
      await p.close();
    },
  };
}
