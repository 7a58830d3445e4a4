// The audit log: who did what to which, and how it went. Append-only, so it can live
// in a MergeTree as well as in SQLite or Postgres; paged by its own key (time, id),
// not by a backend row id.

export type AuditOutcome = "ok" | "denied" | "failed";
export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ["ok", "denied", "failed"];

export interface AuditEntry {
  /** Epoch milliseconds: several actions fall in one second. */
  at: number;
  /**
   * Who: "user:NAME", "key:ID" (an API key), "cli:LOGIN" (the CLI, as this OS user)
   * or "system:WHAT". Printable, at most 200 characters.
   */
  actor: string;
  /** What, as "noun.verb": "user.add", "apikey.revoke", "session.login". */
  action: string;
  /** To what: a user name, a key id, an alert id. Printable, at most 500 characters. */
  target?: string;
  outcome: AuditOutcome;
  /** A few words more: "reader → analyst", an error message. Printable, at most 2000. */
  detail?: string;
}

/** An entry as stored: with the id the store gave it (16 hex digits, random). */
export interface AuditRecord extends AuditEntry {
  id: string;
}

/** Every condition given must hold. */
export interface AuditQuery {
  /** At or after, epoch milliseconds. */
  since?: number;
  /** Before, epoch milliseconds. */
  until?: number;
  /** Exactly this actor ("user:alice"). */
  actor?: string;
  /** Exactly this action ("user.add"). */
  action?: string;
  /** Only this outcome. */
  outcome?: AuditOutcome;
  /** At most this many entries (1-1000, default 100). */
  limit?: number;
  /** Continue after the entry this came from (`next` of the previous page). */
  cursor?: string;
}

export interface AuditPage {
  /** Newest first: by time, then id, both descending. */
  entries: AuditRecord[];
  /** Present when more entries match: pass it as `cursor` for the next page. */
  next?: string;
}

export const AUDIT_PAGE_MAX = 1000;
export const AUDIT_PAGE_DEFAULT = 100;

export interface AuditStore {
  /** Appends an entry; DnsightError "INPUT" when a field is invalid. */
  appendAudit(entry: AuditEntry): Promise<AuditRecord>;
  /**
   * A page of matching entries. The cursor carries the last entry's (at, id), so
   * pages neither repeat nor skip an entry while others are appended.
   */
  queryAudit(query?: AuditQuery): Promise<AuditPage>;
}
