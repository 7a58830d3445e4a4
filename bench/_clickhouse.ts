// What the ClickHouse benches share: a server (or two-shard cluster) from the test
// helpers, on loopback; the stored observation count and bytes on disk of a database
// on each node; and the CPU seconds a server process has used, to tell where an
// ingest's time went.
import { readFileSync } from "node:fs";
import {
  createClickHouseClient,
  type ClickHouseClient,
} from "../src/store/clickhouse/http-client.js";
import type { ClickHouseNode } from "../test/helpers/clickhouse.js";

export function nodeClient(node: ClickHouseNode, database?: string): ClickHouseClient {
  return createClickHouseClient({
    host: node.host,
    port: node.httpPort,
    timeoutMs: 600_000,
    ...(database !== undefined ? { database } : {}),
  });
}

/** Distinct observation keys (`exact`, or an estimate) and bytes on disk of `database`, summed over `nodes`. */
export async function storedOn(
  nodes: readonly ClickHouseNode[],
  database: string,
  exact = true,
): Promise<{ keys: number; bytes: number; obsBytes: number }> {
  let keys = 0;
  let bytes = 0;
  let obsBytes = 0;
  for (const node of nodes) {
    const ch = nodeClient(node, database);
    try {
      // Exact at the Zeek bench's size; past a million keys an exact GROUP BY over every
      // key outgrows the test servers' 2 GB query limit (it killed a 50M-row run), so
      // there the count is uniqCombined's estimate (about 1% off).
      const [k] = await ch.query<{ n: string }>(
        exact
          ? "SELECT count() AS n FROM (SELECT 1 FROM observations" +
              " GROUP BY rrname_rev, rrtype, rdata, bailiwick, sensor)"
          : "SELECT uniqCombined(rrname_rev, rrtype, rdata, bailiwick, sensor) AS n FROM observations",
      );
      keys += Number(k?.n ?? 0);
      const parts = await ch.query<{ table: string; b: string }>(
        "SELECT table, sum(bytes_on_disk) AS b FROM system.parts" +
          " WHERE active AND database = {d:String} GROUP BY table",
        { params: { d: database } },
      );
      for (const p of parts) {
        bytes += Number(p.b);
        if (p.table === "observations") obsBytes += Number(p.b);
      }
    } finally {
      ch.close();
    }
  }
  return { keys, bytes, obsBytes };
}

/** User + system CPU seconds a process has used so far (Linux /proc). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name, which is in parentheses and may hold spaces.
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / 100;
}
