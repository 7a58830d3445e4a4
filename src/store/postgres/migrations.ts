import { DnsightError } from "../../errors.js";
import type { Db, Sql } from "./_db.js";

// The PostgreSQL state schema as ordered steps, as the SQLite store keeps its own
// (src/store/sqlite/migrations.ts): each applied step is recorded in
// dnsight_state_migrations, a newer schema is refused, and steps are appended, never
// edited. The tables go in the first schema of the connection's search_path (a
// URL's options=-c search_path=NAME picks another than public).
//
// Text that is sorted or compared is COLLATE "C": byte order, as SQLite's, whatever
// locale the database was made with. Epoch seconds and milliseconds are bigint.

export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: "users, sessions, API keys, audit log",
    // As SQLite's migrations 5 and 11: a removed user's keys keep the owner's name,
    // revoked, so the owner is no foreign key; sessions keep the SHA-256 of their
    // token; the audit log is read newest first by (at, id) and by actor or action.
    sql: `
      CREATE TABLE users (
        name          text COLLATE "C" PRIMARY KEY,
        role          text    NOT NULL CHECK (role IN ('admin', 'analyst', 'reader')),
        password_hash text    NOT NULL,
        created_at    bigint  NOT NULL,
        disabled      boolean NOT NULL DEFAULT false
      );
      CREATE TABLE api_keys (
        id         text COLLATE "C" PRIMARY KEY,
        name       text   NOT NULL,
        role       text   NOT NULL CHECK (role IN ('read', 'admin')),
        hash       text   NOT NULL,
        created_at bigint NOT NULL,
        revoked_at bigint,
        owner      text COLLATE "C"
      );
      CREATE INDEX api_keys_owner ON api_keys (owner) WHERE owner IS NOT NULL;
      CREATE TABLE sessions (
        token_hash   text COLLATE "C" PRIMARY KEY,
        user_name    text COLLATE "C" NOT NULL,
        created_at   bigint NOT NULL,
        expires_at   bigint NOT NULL,
        last_used_at bigint NOT NULL
      );
      CREATE INDEX sessions_user ON sessions (user_name, last_used_at);
      CREATE INDEX sessions_expires ON sessions (expires_at);
      CREATE TABLE audit_log (
        at      bigint NOT NULL,
        id      text COLLATE "C" NOT NULL,
        actor   text COLLATE "C" NOT NULL,
        action  text COLLATE "C" NOT NULL,
        target  text,
        outcome text   NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
        detail  text,
        PRIMARY KEY (at, id)
      );
      CREATE INDEX audit_log_actor ON audit_log (actor, at, id);
      CREATE INDEX audit_log_action ON audit_log (action, at, id);
    `,
  },
  {
    version: 2,
    name: "alerts and their notes",
    // As SQLite's migrations 6 and 12: one row per finding, the lists as arrays (the
    // techniques filter looks inside), the evidence as JSON text, times as ISO 8601
    // UTC text of one length, so they compare as they sort. Notes oldest first by
    // their id; no foreign key, as in SQLite.
    sql: `
      CREATE TABLE alerts (
        id              text COLLATE "C" PRIMARY KEY,
        rule            text    NOT NULL,
        entity          text COLLATE "C" NOT NULL,
        key             text    NOT NULL,
        techniques      text[]  NOT NULL,
        data_components text[]  NOT NULL,
        analytics       text[]  NOT NULL,
        severity        text    NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
        confidence      integer NOT NULL,
        summary         text    NOT NULL,
        evidence        text    NOT NULL,
        first_seen      text COLLATE "C" NOT NULL,
        last_seen       text COLLATE "C" NOT NULL,
        count           bigint  NOT NULL,
        status          text    NOT NULL CHECK (status IN ('open', 'acknowledged', 'closed'))
      );
      CREATE INDEX alerts_last_seen ON alerts (last_seen, id);
      CREATE INDEX alerts_entity ON alerts (entity);
      CREATE TABLE alert_notes (
        id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        alert_id  text COLLATE "C" NOT NULL,
        at        text NOT NULL,
        user_name text NOT NULL,
        action    text NOT NULL CHECK (action IN ('acknowledged', 'closed', 'reopened')),
        comment   text
      );
      CREATE INDEX alert_notes_alert ON alert_notes (alert_id, id);
    `,
  },
  {
    version: 3,
    name: "watchlist and monitor state",
    // As SQLite's migrations 7 and 9. The monitor's memory is JSON text, not jsonb:
    // given back exactly as written, and jsonb cannot hold the string "\u0000".
    sql: `
      CREATE TABLE watches (
        name     text COLLATE "C" PRIMARY KEY,
        kind     text   NOT NULL CHECK (kind IN ('owned', 'brand', 'third-party')),
        added_at bigint NOT NULL,
        owned    text[] NOT NULL DEFAULT '{}'
      );
      CREATE TABLE monitor_state (
        name       text COLLATE "C" NOT NULL,
        check_name text COLLATE "C" NOT NULL,
        at         bigint NOT NULL,
        data       text   NOT NULL,
        PRIMARY KEY (name, check_name)
      );
    `,
  },
  {
    version: 4,
    name: "delivery outbox",
    // As SQLite's migration 8: queued once per (sink, alert, raising), kept until
    // the sink took it.
    sql: `
      CREATE TABLE deliveries (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        sink            text COLLATE "C" NOT NULL,
        alert_id        text COLLATE "C" NOT NULL,
        raised_at       text COLLATE "C" NOT NULL,
        payload         text    NOT NULL,
        created_at      bigint  NOT NULL,
        attempts        integer NOT NULL,
        next_at         bigint  NOT NULL,
        state           text    NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
        last_error      text,
        last_attempt_at bigint,
        UNIQUE (sink, alert_id, raised_at)
      );
      CREATE INDEX deliveries_due ON deliveries (next_at, id) WHERE state = 'pending';
      CREATE INDEX deliveries_alert ON deliveries (alert_id, id);
    `,
  },
  {
    version: 5,
    name: "monitor check leases",
    // As SQLite's migration 14: which monitor runs a check now, and until when
    // (epoch seconds), so monitors sharing the state run each due check once
    // (src/store/postgres/check-leases.ts).
    sql: `
      CREATE TABLE monitor_leases (
        name       text COLLATE "C" NOT NULL,
        check_name text COLLATE "C" NOT NULL,
        owner      text   NOT NULL,
        until      bigint NOT NULL,
        PRIMARY KEY (name, check_name)
      );
    `,
  },
  {
    version: 6,
    name: "secrets shared by every server on this state",
    // The key of the web UI's CSRF tokens, so servers on several machines agree
    // (the SQLite state keeps it in a file beside the database instead).
    sql: `
      CREATE TABLE shared_secrets (
        name       text COLLATE "C" PRIMARY KEY,
        value      bytea  NOT NULL,
        created_at bigint NOT NULL
      );
    `,
  },
];

/** A key of our own for pg_advisory_xact_lock: the bytes of "dnsight" as a number. */
const MIGRATION_LOCK = 0x646e7369676874;

/** The highest applied version, 0 for an empty schema. */
async function versionOf(sql: Sql): Promise<number> {
  const r = await sql.query<{ v: number | null }>(
    "SELECT max(version)::int AS v FROM dnsight_state_migrations",
  );
  return r.rows[0]?.v ?? 0;
}

/**
 * Brings the schema up to date in one transaction (PostgreSQL's DDL is
 * transactional), under an advisory lock so two processes opening an empty database
 * at once apply each step once. Returns how many steps it applied.
 */
export async function migratePg(db: Db, migrations = PG_MIGRATIONS): Promise<number> {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new DnsightError("INTERNAL", `migration "${m.name}" has version ${m.version}`);
  });
  return db.tx("migrate", async (sql) => {
    await sql.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await sql.query(`CREATE TABLE IF NOT EXISTS dnsight_state_migrations (
      version    integer PRIMARY KEY,
      name       text    NOT NULL,
      applied_at bigint  NOT NULL
    )`);
    const current = await versionOf(sql);
    if (current > migrations.length)
      throw new DnsightError(
        "STORE",
        `postgres ${db.where}: state schema version ${current} is newer than this dnsight knows (${migrations.length}); upgrade dnsight`,
      );
    const pending = migrations.slice(current);
    for (const m of pending) {
      await sql.query(m.sql);
      await sql.query(
        "INSERT INTO dnsight_state_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
        [m.version, m.name, Math.floor(Date.now() / 1000)],
      );
    }
    return pending.length;
  });
}
