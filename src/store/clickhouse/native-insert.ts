// INSERT of one Native block (native-block.ts) over the HTTP interface. The client of
// http-client.ts streams JSONEachRow and TSV only, and a body in those formats cut short
// by a dying process is stored as far as it got; one Native block is stored whole or not
// at all (test/integration/clickhouse-store.test.ts cuts one at every column). This is
// the one request the store makes outside that client; it shares its exchange.
import { Agent } from "node:http";
import { exchange, type ExchangeTarget } from "./_exchange.js";
import { quoteIdent } from "./sql-literal.js";
import type { ClickHouseLocation } from "./url.js";

export interface NativeInserter {
  insert(table: string, block: Buffer, o?: { timeoutMs?: number }): Promise<void>;
  close(): void;
}

export function nativeInserter(c: ClickHouseLocation, timeoutMs = 60_000): NativeInserter {
  const agent = new Agent({ keepAlive: true, maxSockets: 4, timeout: 60_000 });
  const target: ExchangeTarget = {
    host: c.host,
    port: c.port,
    where: c.host.includes(":") ? `[${c.host}]:${c.port}` : `${c.host}:${c.port}`,
    agent,
    headers: {
      "user-agent": "dnsight",
      "x-clickhouse-user": c.user ?? "default",
      ...(c.password ? { "x-clickhouse-key": c.password } : {}),
    },
  };
  return {
    async insert(table, block, o = {}) {
      const search = new URLSearchParams({
        database: c.database,
        query: `INSERT INTO ${quoteIdent(table)} FORMAT Native`,
        // On Replicated tables a block identical to a recent one is dropped; two batches
        // may carry identical deltas that must count twice (README-versions.md).
        insert_deduplicate: "0",
      });
      const ex = await exchange(target, {
        search,
        body: (async function* () {
          yield block;
        })(),
        timeoutMs: o.timeoutMs ?? timeoutMs,
      });
      try {
        for await (const _ of ex.res) void _;
      } finally {
        ex.close();
      }
    },
    close: () => agent.destroy(),
  };
}
