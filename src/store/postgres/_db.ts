import pg from "pg";
import { DnsightError } from "../../errors.js";

// The connection pool every part of the PostgreSQL store runs through: one place that
// refuses calls once closed, runs a step in a transaction, and turns a driver error
// into DnsightError "STORE" naming the server as HOST:PORT/DB, never the password.

/** 64-bit integers (epoch ms, ids) come back as numbers: every one we store is a safe integer. */
const INT8 = 20;
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8 && format !== "binary"
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** "HOST:PORT/DB" of a postgres:// URL, for messages: no user, no password. */
export function serverLabel(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return "(unparsable URL)";
  }
  // libpq's ?host= (a unix socket directory, say) overrides the authority's host.
  const host = u.searchParams.get("host") ?? (u.hostname || "localhost");
  const db = decodeURIComponent(u.pathname.slice(1)) || decodeURIComponent(u.username) || "";
  return `${host}:${u.port || "5432"}/${db}`;
}

/** A query runner: the pool, or one client inside a transaction. */
export type Sql = Pick<pg.PoolClient, "query">;

export interface Db {
  /** "HOST:PORT/DB". */
  readonly where: string;
  /** The error of step `op`: a DnsightError is kept, anything else becomes "STORE". */
  fail(op: string, e: unknown): DnsightError;
  /** One statement, outside any transaction. */
  run<R extends pg.QueryResultRow>(op: string, text: string, values?: unknown[]): Promise<R[]>;
  /** `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  tx<T>(op: string, fn: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export const UNIQUE_VIOLATION = "23505";

/**
 * True for a key holding NUL: PostgreSQL text cannot hold one, so nothing stored has
 * it, and a lookup by it finds nothing (as in SQLite) instead of failing.
 */
export const unstorable = (...keys: unknown[]): boolean =>
  keys.some((k) => typeof k === "string" && k.includes("\0"));

/** The SQLSTATE of the driver error behind a store error (`fail` keeps it as the cause). */
export const pgCode = (e: unknown): string | undefined => {
  const c = (e as { cause?: { code?: unknown } }).cause?.code;
  return typeof c === "string" ? c : undefined;
};

export interface DbOptions {
  /** How long to wait for a connection (default 10 s). */
  connectTimeoutMs?: number;
  /**
   * Longest wait for a lock another process holds (a row being changed, the users'
   * advisory lock) before the step fails (default 5 s, as SQLite's busy wait;
   * Infinity waits on): a process hung inside a transaction stops nobody for long.
   */
  lockTimeoutMs?: number;
}

/** SQLSTATE 55P03: lock_timeout ran out. */
const LOCK_NOT_AVAILABLE = "55P03";

export function openDb(url: string, options: DbOptions = {}): Db {
  const where = serverLabel(url);
  const lockMs = options.lockTimeoutMs ?? 5000;
  const pool = new pg.Pool({
    connectionString: url,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    // 0 is PostgreSQL's "no limit"; a fraction would be refused.
    ...(Number.isFinite(lockMs) ? { lock_timeout: Math.max(1, Math.ceil(lockMs)) } : {}),
    // What pg_stat_activity shows (a URL's application_name wins).
    application_name: "dnsight",
    max: 8,
    types,
  });
  // An idle connection the server dropped (a restart): the next query sees the error.
  pool.on("error", () => undefined);
  let closed = false;

  const fail = (op: string, e: unknown): DnsightError => {
    if (e instanceof DnsightError) return e;
    const code = (e as { code?: string }).code;
    // 22021: a NUL character, which PostgreSQL text cannot hold (SQLite can).
    if (code === "22021")
      return new DnsightError("INPUT", `postgres ${where}: ${op}: text holds a NUL character`, {
        cause: e,
      });
    if (code === LOCK_NOT_AVAILABLE)
      return new DnsightError(
        "STORE",
        `postgres ${where}: ${op}: waited over ${lockMs} ms for a lock another process holds`,
        { cause: e },
      );
    const msg = (e instanceof Error ? e.message : String(e)) || (code ?? "failed");
    return new DnsightError("STORE", `postgres ${where}: ${op}: ${msg}`, { cause: e });
  };
  const ensureOpen = (op: string): void => {
    if (closed) throw new DnsightError("STORE", `postgres ${where}: ${op}: the store is closed`);
  };

  return {
    where,
    fail,
    async run(op, text, values) {
      ensureOpen(op);
      try {
        return (await pool.query(text, values)).rows;
      } catch (e) {
        throw fail(op, e);
      }
    },
    async tx(op, fn) {
      ensureOpen(op);
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (e) {
        throw fail(op, e);
      }
      let broken: Error | undefined;
      try {
        await client.query("BEGIN");
        const out = await fn(client);
        await client.query("COMMIT");
        return out;
      } catch (e) {
        // A client whose rollback failed is in an unknown state: the pool drops it.
        await client.query("ROLLBACK").catch((r: Error) => (broken = r));
        throw fail(op, e);
      } finally {
        client.release(broken);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
