// A small client for ClickHouse's HTTP interface (port 8123 by default), on node:http:
// queries return JSONEachRow rows parsed as they stream, inserts stream their body, values
// are bound client-side (bind-params.ts) since 18.16 has no server-side parameters.
// The server is the store's own database, not a URL from outside: no SSRF guard here.
import { Agent } from "node:http";
import { DnsightError } from "../../errors.js";
import { exchange, type ExchangeTarget } from "./_exchange.js";
import { bindParams, type SqlParams } from "./bind-params.js";
import { insertChunks, type InsertFormat } from "./insert-body.js";
import { jsonRows, type Row } from "./json-rows.js";
import { quoteIdent } from "./sql-literal.js";
import { parseVersion, type ClickHouseVersion } from "./version.js";

export type Settings = Readonly<Record<string, string | number | boolean>>;

export interface ClickHouseClientOptions {
  host: string;
  /** The HTTP port. */
  port: number;
  database?: string;
  user?: string;
  password?: string;
  /** Whole exchange, connect to last byte (default 30 s). */
  timeoutMs?: number;
  /** Default row and byte caps of a query result (1M rows, 256 MiB). */
  maxRows?: number;
  maxBytes?: number;
  /** ClickHouse settings sent with every request. */
  settings?: Settings;
}

export interface RequestOptions {
  params?: SqlParams;
  settings?: Settings;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface QueryOptions extends RequestOptions {
  maxRows?: number;
  maxBytes?: number;
}

export interface InsertOptions extends Omit<RequestOptions, "params"> {
  format?: InsertFormat;
  /** Column names, in the order of a TSV row's fields (or a subset of a JSON row's keys). */
  columns?: readonly string[];
}

export interface ClickHouseClient {
  /** "HOST:PORT", as errors name the server. */
  readonly where: string;
  /** Rows of a query as they stream; breaking out of the loop drops the connection. */
  rows(sql: string, o?: QueryOptions): AsyncGenerator<Row>;
  /** All rows of a query, within the caps. */
  query<T = Row>(sql: string, o?: QueryOptions): Promise<T[]>;
  /** A statement without a result (DDL, ALTER, INSERT … SELECT). */
  exec(sql: string, o?: RequestOptions): Promise<void>;
  /** Streams `rows` into `table` ("table" or "db.table") in one INSERT; resolves with the count sent. */
  insert(
    table: string,
    rows: Iterable<unknown> | AsyncIterable<unknown>,
    o?: InsertOptions,
  ): Promise<{ rows: number }>;
  /** The server's version, from `SELECT version()`. */
  version(): Promise<ClickHouseVersion>;
  /** Closes idle keep-alive connections. */
  close(): void;
}

const SETTING = /^[a-z_][a-z0-9_]*$/i;

export function createClickHouseClient(c: ClickHouseClientOptions): ClickHouseClient {
  const where = c.host.includes(":") ? `[${c.host}]:${c.port}` : `${c.host}:${c.port}`;
  // ClickHouse closes idle connections after keep_alive_timeout (3 s by default). Node's
  // agent drops an idle socket a second before the Keep-Alive: timeout=N hint, but only
  // when it has a `timeout` of its own to lower (Agent.keepSocketAlive, Node 20); the
  // timeout closes only idle sockets, never one a request is using.
  const agent = new Agent({ keepAlive: true, maxSockets: 16, timeout: 60_000 });
  const target: ExchangeTarget = {
    host: c.host,
    port: c.port,
    where,
    agent,
    headers: {
      "user-agent": "dnsight",
      // Headers, not URL parameters: a password in a URL ends up in logs.
      "x-clickhouse-user": c.user ?? "default",
      ...(c.password ? { "x-clickhouse-key": c.password } : {}),
    },
  };
  const timeoutOf = (o: RequestOptions): number => o.timeoutMs ?? c.timeoutMs ?? 30_000;

  const search = (o: RequestOptions, extra: Record<string, string>): URLSearchParams => {
    const s = new URLSearchParams();
    if (c.database) s.set("database", c.database);
    for (const [k, v] of Object.entries({ ...c.settings, ...o.settings })) {
      if (!SETTING.test(k))
        throw new DnsightError(
          "INTERNAL",
          `clickhouse setting ${JSON.stringify(k)} is not a setting name`,
        );
      s.set(k, typeof v === "boolean" ? (v ? "1" : "0") : String(v));
    }
    for (const [k, v] of Object.entries(extra)) s.set(k, v);
    return s;
  };

  async function* rows(sql: string, o: QueryOptions = {}): AsyncGenerator<Row> {
    const timeoutMs = timeoutOf(o);
    const body = bindParams(sql, o.params);
    // The server stops too (the client's deadline alone would leave it working).
    // Unless the caller set its own limit, in the client's options or this query's.
    const settings = {
      max_execution_time: Math.max(1, Math.ceil(timeoutMs / 1000)),
      ...c.settings,
      ...o.settings,
    };
    const ex = await exchange(target, {
      search: search({ ...o, settings }, { default_format: "JSONEachRow" }),
      body,
      timeoutMs,
      signal: o.signal,
      retryStale: true, // a query only reads (exec and insert may not be safe to repeat)
    });
    try {
      yield* jsonRows(ex.res as AsyncIterable<Buffer>, where, {
        maxRows: o.maxRows ?? c.maxRows ?? 1_000_000,
        maxBytes: o.maxBytes ?? c.maxBytes ?? 256 << 20,
      });
    } catch (e) {
      throw ex.failure() ?? asStore(e, where);
    } finally {
      ex.close();
    }
  }

  async function drain(
    o: RequestOptions,
    body: string | AsyncIterable<Buffer>,
    extra: Record<string, string>,
  ): Promise<void> {
    const ex = await exchange(target, {
      search: search(o, extra),
      body,
      timeoutMs: timeoutOf(o),
      signal: o.signal,
    });
    try {
      for await (const _ of ex.res) void _; // an empty or tiny body; read so the socket is reused
    } catch (e) {
      throw ex.failure() ?? asStore(e, where);
    } finally {
      ex.close();
    }
  }

  async function query<T = Row>(sql: string, o: QueryOptions = {}): Promise<T[]> {
    const out: T[] = [];
    for await (const r of rows(sql, o)) out.push(r as T);
    return out;
  }

  return {
    where,
    rows,
    query,
    exec: (sql, o = {}) => drain(o, bindParams(sql, o.params), {}),
    async insert(table, data, o = {}) {
      const format = o.format ?? "JSONEachRow";
      const name = table.split(".").map(quoteIdent).join(".");
      const cols = o.columns ? ` (${o.columns.map(quoteIdent).join(", ")})` : "";
      const counter = { rows: 0 };
      const query = `INSERT INTO ${name}${cols} FORMAT ${format === "TSV" ? "TabSeparated" : "JSONEachRow"}`;
      await drain(o, insertChunks(data, format, counter), { query });
      return { rows: counter.rows };
    },
    async version() {
      const [row] = await query("SELECT version() AS v", { maxRows: 1 });
      if (typeof row?.v !== "string")
        throw new DnsightError("STORE", `clickhouse ${where}: SELECT version() gave no version`);
      return parseVersion(row.v);
    },
    close: () => agent.destroy(),
  };
}

/** A body read that broke mid-way (the server died or reset) as a STORE error naming it. */
function asStore(e: unknown, where: string): unknown {
  if (e instanceof DnsightError) return e;
  const text = (e as Error)?.message || "connection lost";
  return new DnsightError("STORE", `clickhouse ${where}: ${text} while reading the answer`, {
    cause: e,
  });
}
