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
  assertPruneBefore,
  assertSearch,
} from "../check.js";
import type { StoreBackend } from "../derive.js";
import { createClickHouseClient, type ClickHouseClient } from "./http-client.js";
import { migrate } from "./migrate.js";
import { nativeInserter } from "./native-insert.js";
import { obsWriter, type ObsWriterOptions } from "./obs-writer.js";
import { pruneMonths } from "./prune.js";
import { clickhouseRegistrations } from "./registrations.js";
import { queryName, searchPage, summarize } from "./search.js";
import { suggestNames } from "./suggest.js";
import { parseClickHouseUrl, type ClickHouseLocation } from "./url.js";

export const CLICKHOUSE_BACKEND = "clickhouse";

export type ClickHouseStoreOptions = ObsWriterOptions & {
  timeoutMs?: number;
  /** For commands that only read: a database that does not exist is an error, not created. */
  mustExist?: boolean;
};

/** Opens the database at `url`, creating and migrating it if needed. */
export async function openClickHouseStore(
  url: string,
  options: ClickHouseStoreOptions = {},
): Promise<StoreBackend> {
  const loc = parseClickHouseUrl(url);
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
  return clickhouseStore(ch, loc, options);
}

async function mustExist(admin: ClickHouseClient, loc: ClickHouseLocation): Promise<void> {
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

function storeError(loc: ClickHouseLocation, op: string, e: unknown): DnsightError {
  if (e instanceof DnsightError && e.code !== "STORE") return e;
  const msg = e instanceof Error ? e.message : String(e);
  // The client's messages already name the server; add the database and the operation.
  return new DnsightError("STORE", `${op} in clickhouse database ${loc.database}: ${msg}`, {
    cause: e,
  });
}

function clickhouseStore(
  ch: ClickHouseClient,
  loc: ClickHouseLocation,
  options: ClickHouseStoreOptions,
): StoreBackend {
  const ins = nativeInserter(loc, options.timeoutMs);
  const observations = obsWriter(ch, ins, options);
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

  return {
    backend: CLICKHOUSE_BACKEND,
    registrations: clickhouseRegistrations(ch, ins, guard),

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
        return queryName(ch, query);
      });
    },

    searchObservations(search) {
      return guard("search", async () => {
        assertSearch(search);
        return searchPage(ch, search);
      });
    },

    summarizeObservations(search) {
      return guard("summarize", async () => {
        assertSearch(search);
        return summarize(ch, search);
      });
    },

    suggestNames(prefix, limit) {
      return guard("suggest", () => suggestNames(ch, prefix, limit));
    },

    pruneObservations(before, o) {
      return guard("prune observations", async () => {
        assertPruneBefore(before);
        return pruneMonths(ch, { database: loc.database }, before, o);
      });
    },

    readCheckpoint(input) {
      return guard("read checkpoint", () => observations.read(input));
    },

    async close() {
      if (!open) return;
      open = false;
      ins.close();
      ch.close();
    },
  };
}
