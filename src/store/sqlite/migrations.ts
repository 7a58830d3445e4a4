import type BetterSqlite3 from "better-sqlite3";
import { DnsightError } from "../../errors.js";

// Schema changes as an ordered list of SQL steps. Each applied step is recorded in
// `schema_migrations`, so a database knows its own version and a newer one is
// refused instead of being half-understood. Append steps; never edit a shipped one.

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "observations",
    // An absent bailiwick or sensor is '' rather than NULL: SQLite treats NULLs as
    // distinct in a UNIQUE index, so NULL would never merge. A rowid table with a
    // separate unique index (not WITHOUT ROWID) keeps later rdata / IP / reversed-name
    // indexes small: they point at an 8-byte rowid instead of repeating the whole key.
    // The unique index also serves exact rrname lookups and gives the contract order.
    sql: `
      CREATE TABLE observations (
        rrname     TEXT    NOT NULL,
        rrtype     TEXT    NOT NULL,
        rdata      TEXT    NOT NULL,
        bailiwick  TEXT    NOT NULL DEFAULT '',
        sensor_id  TEXT    NOT NULL DEFAULT '',
        time_first INTEGER NOT NULL,
        time_last  INTEGER NOT NULL,
        count      INTEGER NOT NULL,
        source     TEXT    NOT NULL CHECK (source IN ('passive', 'active', 'zone'))
      );
      CREATE UNIQUE INDEX observations_key
        ON observations (rrname, rrtype, rdata, bailiwick, sensor_id);
    `,
  },
  {
    version: 2,
    name: "registration snapshots",
    // Append-only; the record and the raw response are kept as text (JSON for the
    // record). `seq` keeps write order among snapshots fetched in the same second.
    sql: `
      CREATE TABLE registration_snapshots (
        seq        INTEGER PRIMARY KEY,
        key        TEXT    NOT NULL,
        fetched_at INTEGER NOT NULL,
        record     TEXT    NOT NULL,
        raw        TEXT    NOT NULL
      );
      CREATE INDEX registration_snapshots_key ON registration_snapshots (key, fetched_at, seq);
    `,
  },
  {
    version: 3,
    name: "registration snapshot protocol and status",
    // The registration cache filters on both. As columns they cost nothing to test
    // while the key index is walked from the newest snapshot back; inside the record
    // JSON every row passed over would be parsed. No new index: a key has a handful
    // of snapshots within any cache age, so (key, fetched_at, seq) bounds the walk.
    sql: `
      ALTER TABLE registration_snapshots ADD COLUMN protocol TEXT NOT NULL DEFAULT '';
      ALTER TABLE registration_snapshots ADD COLUMN status   TEXT NOT NULL DEFAULT '';
      UPDATE registration_snapshots SET
        protocol = coalesce(json_extract(record, '$.source.protocol'), ''),
        status   = coalesce(json_extract(record, '$.status'), '');
    `,
  },
  {
    version: 4,
    name: "passive DNS search keys and ingest checkpoints",
    // Derived keys (src/store/indexed-names.ts), filled by the writer and here for
    // rows written before: reversed owner name for "*.example.com", the name in the
    // rdata and its reversal for --rdata queries, and address bytes for CIDR and
    // range scans. Partial indexes: most rows have no rdata name or no address.
    // The dnsight_* functions are registered on the connection before migrating.
    sql: `
      ALTER TABLE observations ADD COLUMN rrname_rev     TEXT NOT NULL DEFAULT '';
      ALTER TABLE observations ADD COLUMN rdata_name     TEXT;
      ALTER TABLE observations ADD COLUMN rdata_name_rev TEXT;
      ALTER TABLE observations ADD COLUMN ip_key         BLOB;
      UPDATE observations SET
        rrname_rev     = dnsight_reverse_name(rrname),
        rdata_name     = dnsight_rdata_name(rrtype, rdata),
        rdata_name_rev = dnsight_reverse_name(dnsight_rdata_name(rrtype, rdata)),
        ip_key         = dnsight_ip_key(rrtype, rdata);
      CREATE INDEX observations_rrname_rev ON observations (rrname_rev);
      CREATE INDEX observations_rdata_name ON observations (rdata_name)
        WHERE rdata_name IS NOT NULL;
      CREATE INDEX observations_rdata_name_rev ON observations (rdata_name_rev)
        WHERE rdata_name_rev IS NOT NULL;
      CREATE INDEX observations_ip_key ON observations (ip_key) WHERE ip_key IS NOT NULL;
      CREATE TABLE ingest_checkpoints (
        input      TEXT    PRIMARY KEY,
        offset     INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: "api keys",
    // Only the SHA-256 of a key is kept. A revoked key stays listed (who had access
    // when) with its revocation time.
    sql: `
      CREATE TABLE api_keys (
        id         TEXT    PRIMARY KEY,
        name       TEXT    NOT NULL,
        role       TEXT    NOT NULL CHECK (role IN ('read', 'admin')),
        hash       TEXT    NOT NULL,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      );
    `,
  },
  {
    version: 6,
    name: "alerts",
    // One row per finding (id = hash of rule, entity, key). Lists (techniques, ids,
    // evidence) are JSON text: they are written and read whole, never searched in
    // SQL except the techniques filter, which a LIKE on the JSON serves at this size.
    // Times are ISO 8601 UTC text of one length, so they compare as they sort.
    sql: `
      CREATE TABLE alerts (
        id              TEXT    PRIMARY KEY,
        rule            TEXT    NOT NULL,
        entity          TEXT    NOT NULL,
        key             TEXT    NOT NULL,
        techniques      TEXT    NOT NULL,
        data_components TEXT    NOT NULL,
        analytics       TEXT    NOT NULL,
        severity        TEXT    NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
        confidence      INTEGER NOT NULL,
        summary         TEXT    NOT NULL,
        evidence        TEXT    NOT NULL,
        first_seen      TEXT    NOT NULL,
        last_seen       TEXT    NOT NULL,
        count           INTEGER NOT NULL,
        status          TEXT    NOT NULL CHECK (status IN ('open', 'acknowledged', 'closed'))
      );
      CREATE INDEX alerts_last_seen ON alerts (last_seen);
      CREATE INDEX alerts_entity ON alerts (entity);
    `,
  },
  {
    version: 7,
    name: "watchlist and monitor state",
    // The monitor's memory between passes: per watched name and check, the last
    // result as JSON (an NS set, a registration summary), so a restart resumes.
    sql: `
      CREATE TABLE watches (
        name     TEXT    PRIMARY KEY,
        kind     TEXT    NOT NULL CHECK (kind IN ('owned', 'brand', 'third-party')),
        added_at INTEGER NOT NULL
      );
      CREATE TABLE monitor_state (
        name  TEXT    NOT NULL,
        check_name TEXT NOT NULL,
        at    INTEGER NOT NULL,
        data  TEXT    NOT NULL,
        PRIMARY KEY (name, check_name)
      );
    `,
  },
  {
    version: 8,
    name: "delivery outbox",
    // Alerts waiting for a webhook or syslog: queued when raised, kept until the sink
    // took them, so a receiver that is down loses nothing (src/store/outbox.ts).
    sql: `
      CREATE TABLE deliveries (
        id              INTEGER PRIMARY KEY,
        sink            TEXT    NOT NULL,
        alert_id        TEXT    NOT NULL,
        raised_at       TEXT    NOT NULL,
        payload         TEXT    NOT NULL,
        created_at      INTEGER NOT NULL,
        attempts        INTEGER NOT NULL,
        next_at         INTEGER NOT NULL,
        state           TEXT    NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
        last_error      TEXT,
        last_attempt_at INTEGER,
        UNIQUE (sink, alert_id, raised_at)
      );
      CREATE INDEX deliveries_due ON deliveries (next_at) WHERE state = 'pending';
      CREATE INDEX deliveries_alert ON deliveries (alert_id);
    `,
  },
  {
    version: 9,
    name: "owned domains of watched brands",
    // A brand's other domains (githubusercontent.com for github.com), as a JSON array:
    // never reported as its lookalikes, and imitated like it (issue 12).
    sql: `ALTER TABLE watches ADD COLUMN owned TEXT NOT NULL DEFAULT '[]';`,
  },
  {
    version: 10,
    name: "search indexes in key order",
    // Searches page by the observation key, as any backend can (ClickHouse has no
    // rowid): each search index holds its column, then the rest of the key, so a
    // page is a seek on (column, key...) > (cursor...) and the order is the same on
    // every backend (src/store/contract/observations.ts). The rrname index needs no
    // rrname (its reversal is unique to it); the rdata and address indexes put rdata
    // first, so that the rows of one rdata value come together.
    sql: `
      DROP INDEX observations_rrname_rev;
      DROP INDEX observations_rdata_name;
      DROP INDEX observations_rdata_name_rev;
      DROP INDEX observations_ip_key;
      CREATE INDEX observations_rrname_rev
        ON observations (rrname_rev, rrtype, rdata, bailiwick, sensor_id);
      CREATE INDEX observations_rdata_name
        ON observations (rdata_name, rdata, rrname, rrtype, bailiwick, sensor_id)
        WHERE rdata_name IS NOT NULL;
      CREATE INDEX observations_rdata_name_rev
        ON observations (rdata_name_rev, rdata, rrname, rrtype, bailiwick, sensor_id)
        WHERE rdata_name_rev IS NOT NULL;
      CREATE INDEX observations_ip_key
        ON observations (ip_key, rdata, rrname, rrtype, bailiwick, sensor_id)
        WHERE ip_key IS NOT NULL;
    `,
  },
  {
    version: 11,
    name: "users, sessions, audit log; API keys belong to users",
    // Keys made before this keep a NULL owner and their own role (read as reader,
    // admin as admin: src/store/roles.ts), so dnsdbq's keys work on unchanged. A
    // removed user's keys keep the name, revoked (who had access when), so the owner
    // is no foreign key. Sessions keep only the SHA-256 of their token. The audit log
    // is keyed by (at, id), the order it is read in, not by rowid.
    sql: `
      CREATE TABLE users (
        name          TEXT    PRIMARY KEY,
        role          TEXT    NOT NULL CHECK (role IN ('admin', 'analyst', 'reader')),
        password_hash TEXT    NOT NULL,
        created_at    INTEGER NOT NULL,
        disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
      );
      ALTER TABLE api_keys ADD COLUMN owner TEXT;
      CREATE INDEX api_keys_owner ON api_keys (owner) WHERE owner IS NOT NULL;
      CREATE TABLE sessions (
        token_hash   TEXT    PRIMARY KEY,
        user_name    TEXT    NOT NULL,
        created_at   INTEGER NOT NULL,
        expires_at   INTEGER NOT NULL,
        last_used_at INTEGER NOT NULL
      );
      CREATE INDEX sessions_user ON sessions (user_name, last_used_at);
      CREATE INDEX sessions_expires ON sessions (expires_at);
      CREATE TABLE audit_log (
        at      INTEGER NOT NULL,
        id      TEXT    NOT NULL,
        actor   TEXT    NOT NULL,
        action  TEXT    NOT NULL,
        target  TEXT,
        outcome TEXT    NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
        detail  TEXT,
        PRIMARY KEY (at, id)
      ) WITHOUT ROWID;
      CREATE INDEX audit_log_actor ON audit_log (actor, at, id);
      CREATE INDEX audit_log_action ON audit_log (action, at, id);
    `,
  },
  {
    version: 12,
    name: "alert notes",
    // Who acknowledged, closed or reopened an alert, when and why, oldest first by
    // id. No foreign key: an upsert rewrites the alert's row (INSERT OR REPLACE),
    // which must not take its notes with it.
    sql: `
      CREATE TABLE alert_notes (
        id       INTEGER PRIMARY KEY,
        alert_id TEXT    NOT NULL,
        at       TEXT    NOT NULL,
        user     TEXT    NOT NULL,
        action   TEXT    NOT NULL CHECK (action IN ('acknowledged', 'closed', 'reopened')),
        comment  TEXT
      );
      CREATE INDEX alert_notes_alert ON alert_notes (alert_id, id);
    `,
  },
  {
    version: 13,
    name: "registration parties",
    // The registrar and registrant organisation of each key's newest answered
    // snapshot (throttled ones skipped), in partyKey form, for the pivot from a
    // registrar to its domains. Kept by the snapshot writer; filled here for
    // snapshots written before, with functions registered on the connection.
    sql: `
      CREATE TABLE registration_parties (
        key        TEXT    PRIMARY KEY,
        fetched_at INTEGER NOT NULL,
        seq        INTEGER NOT NULL,
        registrar  TEXT,
        registrant TEXT
      ) WITHOUT ROWID;
      INSERT INTO registration_parties (key, fetched_at, seq, registrar, registrant)
        SELECT key, fetched_at, seq, dnsight_registrar(record), dnsight_registrant(record)
        FROM registration_snapshots AS s
        WHERE seq = (
          SELECT seq FROM registration_snapshots AS t
          WHERE t.key = s.key AND t.status <> 'throttled'
          ORDER BY fetched_at DESC, seq DESC LIMIT 1
        );
      CREATE INDEX registration_parties_registrar
        ON registration_parties (registrar, key) WHERE registrar IS NOT NULL;
      CREATE INDEX registration_parties_registrant
        ON registration_parties (registrant, key) WHERE registrant IS NOT NULL;
    `,
  },
  {
    version: 14,
    name: "monitor check leases",
    // Which monitor runs a check now, and until when (epoch seconds), so two monitors
    // sharing the file run each due check once (src/store/sqlite/check-leases.ts).
    // A row outlives its lease only until the owner releases it or another takes it.
    sql: `
      CREATE TABLE monitor_leases (
        name       TEXT    NOT NULL,
        check_name TEXT    NOT NULL,
        owner      TEXT    NOT NULL,
        until      INTEGER NOT NULL,
        PRIMARY KEY (name, check_name)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 15,
    name: "rdata-name index covers a page",
    // A page of an rdata-name search (exact or name.*) needs the row's times, count and
    // source too: with them in the index it is read from the index alone, in order,
    // with no seek into the table per row, which on a cold page cache was most of a
    // page's time (issue 17: p99 36-58 ms at 10M rows). The cost: a merge that moves a
    // time or a count rewrites the row's entry here (measured: bench/pdns-query.ts).
    sql: `
      DROP INDEX observations_rdata_name;
      CREATE INDEX observations_rdata_name
        ON observations (rdata_name, rdata, rrname, rrtype, bailiwick, sensor_id,
                         time_first, time_last, count, source)
        WHERE rdata_name IS NOT NULL;
    `,
  },
];

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new DnsightError(
        "INTERNAL",
        `migration "${m.name}" has version ${m.version}, expected ${i + 1}`,
      );
    }
  });
}

/** The highest applied version (0 for a fresh database). */
export function schemaVersion(db: BetterSqlite3.Database): number {
  const row = db.prepare("SELECT max(version) AS v FROM schema_migrations").get() as {
    v: number | null;
  };
  return row.v ?? 0;
}

/**
 * Brings the schema up to date in one IMMEDIATE transaction, so two processes
 * opening a fresh file at once cannot both apply a step. Returns the steps applied.
 */
export function migrate(
  db: BetterSqlite3.Database,
  migrations: readonly Migration[] = MIGRATIONS,
): number {
  checkOrder(migrations);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const record = db.prepare(
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
  );
  const run = db.transaction((): number => {
    const current = schemaVersion(db);
    if (current > migrations.length) {
      throw new DnsightError(
        "STORE",
        `database schema version ${current} is newer than this dnsight knows (${migrations.length}); upgrade dnsight`,
      );
    }
    const pending = migrations.slice(current);
    for (const m of pending) {
      db.exec(m.sql);
      record.run(m.version, m.name, Math.floor(Date.now() / 1000));
    }
    return pending.length;
  });
  return run.immediate();
}
