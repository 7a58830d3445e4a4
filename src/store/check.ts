import { DnsightError } from "../errors.js";
import { META_TYPES, normaliseType } from "../dns/wire/types.js";
import { ALERT_STATUSES, SEVERITIES, type Alert, type AlertStatus } from "../model/alert.js";
import { OBSERVATION_SOURCES, type Observation } from "../model/observation.js";
import { hasControl } from "../util/printable.js";
import { REGISTRATION_PARTIES } from "./registration-parties.js";
import { SESSION_TOKEN_RE } from "./session-token.js";
import {
  ALERT_ACTIONS,
  ALERT_COMMENT_MAX,
  API_KEY_ROLES,
  AUDIT_OUTCOMES,
  AUDIT_PAGE_MAX,
  USER_ROLES,
  WATCH_KINDS,
  type AlertNote,
  type AuditEntry,
  type AuditQuery,
  type IngestCheckpoint,
  type LatestSnapshotQuery,
  type ObservationQuery,
  type ObservationSearch,
  type PartyQuery,
  type RegistrationSnapshot,
  type SessionInfo,
  type StoredApiKey,
  type StoredUser,
  type UserRole,
  type WatchKind,
} from "./types.js";

// What every backend checks on every call, the same way whatever the backend: the
// shape and invariants the merge relies on, cheaply (no full name parse: that is
// normaliseObservation's job, at the edge). A call that fails gets
// DnsightError("INPUT") naming the place and field, before anything is written.

const fail = (where: string, what: string): never => {
  throw new DnsightError("INPUT", `${where}: ${what}`);
};

/** True for a stored name: non-empty, no uppercase ASCII, no trailing dot ("." aside). */
export const isStoredName = (s: unknown): boolean =>
  typeof s === "string" && s !== "" && !/[A-Z]/.test(s) && (s === "." || !s.endsWith("."));

const isDataType = (t: unknown): boolean =>
  typeof t === "string" && normaliseType(t) === t && !META_TYPES.has(t);

/** Checks one delta of a batch. */
export function assertObservation(o: Observation, where = "observation"): void {
  if (o === null || typeof o !== "object") fail(where, "not an object");
  if (!isStoredName(o.rrname))
    fail(where, `rrname ${JSON.stringify(o.rrname)} is not normalised (use normaliseObservation)`);
  if (!isDataType(o.rrtype))
    fail(where, `rrtype ${JSON.stringify(o.rrtype)} is not a canonical mnemonic`);
  if (typeof o.rdata !== "string" || o.rdata === "")
    fail(where, "rdata must be a non-empty string");
  if (o.bailiwick !== undefined && !isStoredName(o.bailiwick))
    fail(where, `bailiwick ${JSON.stringify(o.bailiwick)} is not normalised`);
  // Control characters would make the in-memory merge key ambiguous (see merge.ts).
  if (
    o.sensorId !== undefined &&
    (typeof o.sensorId !== "string" || o.sensorId === "" || /[\x00-\x1f]/.test(o.sensorId))
  ) {
    fail(where, `sensorId ${JSON.stringify(o.sensorId)} must be a non-empty printable string`);
  }
  if (!Number.isSafeInteger(o.timeFirst) || o.timeFirst < 0)
    fail(where, `timeFirst must be whole epoch seconds, got ${String(o.timeFirst)}`);
  if (!Number.isSafeInteger(o.timeLast) || o.timeLast < 0)
    fail(where, `timeLast must be whole epoch seconds, got ${String(o.timeLast)}`);
  if (o.timeFirst > o.timeLast)
    fail(where, `timeFirst ${o.timeFirst} is after timeLast ${o.timeLast}`);
  if (!Number.isSafeInteger(o.count) || o.count < 0)
    fail(where, `count must be a whole number >= 0, got ${String(o.count)}`);
  if (!OBSERVATION_SOURCES.includes(o.source))
    fail(
      where,
      `source must be one of ${OBSERVATION_SOURCES.join(", ")}, got ${JSON.stringify(o.source)}`,
    );
}

/** The same cheap check for a query, so a mis-cased name fails loudly, not as "no rows". */
export function assertObservationQuery(q: ObservationQuery): void {
  const where = "query";
  if (q === null || typeof q !== "object") fail(where, "not an object");
  if (!isStoredName(q.rrname))
    fail(where, `rrname ${JSON.stringify(q.rrname)} is not normalised (use normaliseName)`);
  if (q.rrtype !== undefined && !isDataType(q.rrtype))
    fail(where, `rrtype ${JSON.stringify(q.rrtype)} is not a canonical mnemonic`);
  if (q.bailiwick !== undefined && !isStoredName(q.bailiwick))
    fail(where, `bailiwick ${JSON.stringify(q.bailiwick)} is not normalised`);
  if (q.sensorId !== undefined && (typeof q.sensorId !== "string" || q.sensorId === ""))
    fail(where, "sensorId must be a non-empty string");
  if (q.limit !== undefined && (!Number.isSafeInteger(q.limit) || q.limit < 1))
    fail(where, `limit must be a positive integer, got ${String(q.limit)}`);
  if (q.offset !== undefined && (!Number.isSafeInteger(q.offset) || q.offset < 0))
    fail(where, `offset must be a whole number >= 0, got ${String(q.offset)}`);
}

export function assertSearch(s: ObservationSearch): void {
  for (const k of ["limit", "offset", "scanMax"] as const) {
    const v = s[k];
    const min = k === "offset" ? 0 : 1;
    if (v !== undefined && (!Number.isSafeInteger(v) || v < min))
      throw new DnsightError("INPUT", `search ${k} must be an integer >= ${min}, got ${v}`);
  }
  if (s.offset !== undefined && s.offset > 0 && s.scanMax !== undefined)
    throw new DnsightError("INPUT", "search offset and scanMax do not go together: use the cursor");
  if (s.target.on === "ip" && s.target.first > s.target.last)
    throw new DnsightError("INPUT", "search address range ends before it starts");
}

export function assertCheckpoint(cp: IngestCheckpoint): void {
  if (
    typeof cp.input !== "string" ||
    cp.input === "" ||
    !Number.isSafeInteger(cp.offset) ||
    cp.offset < 0
  )
    throw new DnsightError("INPUT", "a checkpoint needs an input name and a byte offset >= 0");
}

/** Rows per page of a scan: a positive whole number. */
export function assertBatchSize(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 1)
    throw new DnsightError("INPUT", `${what}: the batch size must be a whole number >= 1`);
}

/** A prune cutoff: whole epoch seconds. */
export function assertPruneBefore(before: number): void {
  if (!Number.isSafeInteger(before) || before < 0)
    throw new DnsightError("INPUT", "prune: the cutoff must be whole epoch seconds >= 0");
}

/** forgetCheckpoints' arguments: a prefix (never all inputs at once) and whole epoch seconds. */
export function assertForget(prefix: string, before: number): void {
  if (typeof prefix !== "string" || prefix === "")
    throw new DnsightError("INPUT", "forget checkpoints: give the inputs' name prefix");
  if (!Number.isSafeInteger(before) || before < 0)
    throw new DnsightError(
      "INPUT",
      "forget checkpoints: the cutoff must be whole epoch seconds >= 0",
    );
}

const REGISTRATION_PROTOCOLS: ReadonlySet<string> = new Set(["rdap", "whois"]);

export function assertSnapshot(s: RegistrationSnapshot, i: number): void {
  const where = `snapshot ${i}`;
  if (typeof s.key !== "string" || s.key === "" || s.key !== s.key.toLowerCase())
    fail(where, `key ${JSON.stringify(s.key)} must be a non-empty lowercase name`);
  if (!Number.isSafeInteger(s.fetchedAt) || s.fetchedAt < 0)
    fail(where, "fetchedAt must be whole epoch seconds");
  if (s.record === null || typeof s.record !== "object") fail(where, "no record");
  const { source, status } = s.record as Partial<RegistrationSnapshot["record"]>;
  if (source === undefined || !REGISTRATION_PROTOCOLS.has(source.protocol))
    fail(where, "record.source.protocol must be rdap or whois");
  if (typeof status !== "string") fail(where, "record.status must be text");
  if (typeof s.raw !== "string") fail(where, "raw must be text");
}

export function assertLatestSnapshotQuery(q: LatestSnapshotQuery): void {
  if (q.since !== undefined && !Number.isSafeInteger(q.since))
    fail("latest snapshot", "since must be whole epoch seconds");
  if (q.protocol !== undefined && !REGISTRATION_PROTOCOLS.has(q.protocol))
    fail("latest snapshot", `unknown protocol "${String(q.protocol)}"`);
}

export const PARTY_PAGE_MAX = 10_000;

export function assertPartyQuery(q: PartyQuery): void {
  if (!REGISTRATION_PARTIES.includes(q.party))
    fail("keys by party", `unknown party "${String(q.party)}"`);
  if (typeof q.name !== "string") fail("keys by party", "name must be text");
  if (q.after !== undefined && typeof q.after !== "string")
    fail("keys by party", "after must be a key");
  if (!Number.isSafeInteger(q.limit) || q.limit < 1 || q.limit > PARTY_PAGE_MAX)
    fail("keys by party", `limit must be 1 to ${PARTY_PAGE_MAX}`);
}

const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

export function assertAlert(a: Alert): void {
  const bad = (why: string): never => fail(`alert ${JSON.stringify(a.id)}`, why);
  if (typeof a.id !== "string" || !/^al-[0-9a-f]{20}$/.test(a.id)) bad("malformed id");
  if (!a.rule || !a.entity || typeof a.key !== "string") bad("rule, entity and key are required");
  if (!SEVERITIES.includes(a.severity)) bad(`unknown severity ${JSON.stringify(a.severity)}`);
  if (!ALERT_STATUSES.includes(a.status)) bad(`unknown status ${JSON.stringify(a.status)}`);
  if (!Number.isInteger(a.confidence) || a.confidence < 0 || a.confidence > 100)
    bad("confidence must be an integer 0-100");
  if (!ISO_MS.test(a.firstSeen) || !ISO_MS.test(a.lastSeen))
    bad("firstSeen and lastSeen must be ISO 8601 UTC with milliseconds");
  if (!Number.isSafeInteger(a.count) || a.count < 1) bad("count must be ≥ 1");
}

export function assertAlertStatus(status: AlertStatus): void {
  if (!ALERT_STATUSES.includes(status))
    throw new DnsightError("INPUT", `unknown alert status ${JSON.stringify(status)}`);
}

export function assertAlertNote(n: AlertNote): void {
  const bad = (why: string): never => fail("alert note", why);
  if (!ALERT_ACTIONS.includes(n.action)) bad(`unknown action ${JSON.stringify(n.action)}`);
  if (typeof n.user !== "string" || n.user === "" || n.user.length > 200 || hasControl(n.user))
    bad("the user must be 1-200 printable characters");
  if (!ISO_MS.test(n.at)) bad("at must be ISO 8601 UTC with milliseconds");
  if (
    n.comment !== undefined &&
    (typeof n.comment !== "string" || n.comment.length > ALERT_COMMENT_MAX)
  )
    bad(`the comment must be text of at most ${ALERT_COMMENT_MAX} characters`);
}

export function assertApiKey(k: StoredApiKey): void {
  const bad = (why: string): never => fail(`API key ${JSON.stringify(k.id)}`, why);
  if (typeof k.id !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(k.id))
    bad("the id must be 1-64 letters, digits, - or _");
  if (typeof k.name !== "string" || k.name.length > 200) bad("the name must be text (≤ 200)");
  if (!API_KEY_ROLES.includes(k.role)) bad(`unknown role ${JSON.stringify(k.role)}`);
  if (typeof k.hash !== "string" || !/^[0-9a-f]{64}$/.test(k.hash))
    bad("the hash must be 64 lowercase hex digits (SHA-256)");
  if (!Number.isSafeInteger(k.createdAt) || k.createdAt < 0)
    bad("createdAt must be whole epoch seconds");
  if (k.revokedAt !== undefined && (!Number.isSafeInteger(k.revokedAt) || k.revokedAt < 0))
    bad("revokedAt must be whole epoch seconds");
  if (k.user !== undefined && !USER_NAME.test(k.user))
    bad(`bad user name ${JSON.stringify(k.user)}`);
}

export function assertRevokeTime(at: number): void {
  if (!Number.isSafeInteger(at) || at < 0)
    fail("revokeApiKey", "the time must be whole epoch seconds");
}

export function assertWatchKind(kind: WatchKind): void {
  if (!WATCH_KINDS.includes(kind))
    throw new DnsightError(
      "INPUT",
      `unknown watch kind ${JSON.stringify(kind)} (owned, brand, third-party)`,
    );
}

const isSeconds = (t: unknown): boolean => Number.isSafeInteger(t) && (t as number) >= 0;

/** What a user logs in with: no case to fold, nothing to escape in a URL or a log. */
const USER_NAME = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

export function assertUserName(name: string): void {
  if (typeof name !== "string" || !USER_NAME.test(name))
    fail(
      `user ${JSON.stringify(name)}`,
      "a name is 1-64 of a-z 0-9 . _ @ -, starting with a letter or digit",
    );
}

export function assertUserRole(role: UserRole): void {
  if (!USER_ROLES.includes(role))
    fail("user", `unknown role ${JSON.stringify(role)} (admin, analyst, reader)`);
}

export function assertPasswordHash(hash: string): void {
  // The format is src/util/password.ts's; the store only keeps it sane and bounded.
  if (typeof hash !== "string" || !/^\$scrypt\$[\x21-\x7e]{1,200}$/.test(hash))
    fail("user", "the password hash must be a $scrypt$ string (src/util/password.ts)");
}

export function assertUser(u: StoredUser): void {
  if (u === null || typeof u !== "object") fail("user", "not an object");
  assertUserName(u.name);
  assertUserRole(u.role);
  assertPasswordHash(u.passwordHash);
  if (!isSeconds(u.createdAt)) fail(`user ${u.name}`, "createdAt must be whole epoch seconds");
  if (typeof u.disabled !== "boolean") fail(`user ${u.name}`, "disabled must be true or false");
}

export function assertSessionToken(token: string): void {
  if (typeof token !== "string" || !SESSION_TOKEN_RE.test(token))
    fail("session", "the token must be 43 base64url characters (newSessionToken)");
}

export function assertSession(token: string, s: SessionInfo): void {
  assertSessionToken(token);
  assertUserName(s.user);
  for (const k of ["createdAt", "expiresAt", "lastUsedAt"] as const)
    if (!isSeconds(s[k])) fail("session", `${k} must be whole epoch seconds`);
  if (s.expiresAt <= s.createdAt) fail("session", "it expires before it starts");
}

export function assertSessionTime(at: number): void {
  if (!isSeconds(at)) fail("session", "the time must be whole epoch seconds");
}

/** Printable text of at most `max` characters: it is shown on terminals and pages. */
const text = (v: unknown, max: number): boolean =>
  typeof v === "string" && v !== "" && v.length <= max && !hasControl(v);

const ACTOR = /^(?:user|key|cli|system):./;
// "noun.verb" as the CLI writes them, or the operationId of an /api/v1 call.
const ACTION = /^(?:[a-z][a-z0-9-]{0,30}(?:\.[a-z][a-z0-9-]{0,30}){1,2}|[a-z][A-Za-z0-9]{0,63})$/;

export function assertAuditEntry(e: AuditEntry): void {
  if (e === null || typeof e !== "object") fail("audit entry", "not an object");
  if (!isSeconds(e.at)) fail("audit entry", "at must be whole epoch milliseconds");
  if (!text(e.actor, 200) || !ACTOR.test(e.actor))
    fail(
      "audit entry",
      `actor ${JSON.stringify(e.actor)} must be user:, key:, cli: or system: and printable (≤ 200)`,
    );
  if (typeof e.action !== "string" || !ACTION.test(e.action))
    fail(
      "audit entry",
      `action ${JSON.stringify(e.action)} must be like "user.add" or an operationId`,
    );
  if (e.target !== undefined && !text(e.target, 500))
    fail("audit entry", "target must be printable text (≤ 500)");
  if (!AUDIT_OUTCOMES.includes(e.outcome))
    fail("audit entry", `outcome must be ${AUDIT_OUTCOMES.join(", ")}`);
  if (e.detail !== undefined && !text(e.detail, 2000))
    fail("audit entry", "detail must be printable text (≤ 2000)");
}

/** An audit cursor: the last entry's time and id. */
export const AUDIT_CURSOR = /^(\d{1,16})\.([0-9a-f]{16})$/;

export function assertAuditQuery(q: AuditQuery): void {
  for (const k of ["since", "until"] as const)
    if (q[k] !== undefined && !Number.isSafeInteger(q[k]))
      fail("audit query", `${k} must be whole epoch milliseconds`);
  if (
    q.limit !== undefined &&
    (!Number.isSafeInteger(q.limit) || q.limit < 1 || q.limit > AUDIT_PAGE_MAX)
  )
    fail("audit query", `limit must be 1-${AUDIT_PAGE_MAX}, got ${String(q.limit)}`);
  if (q.cursor !== undefined && (typeof q.cursor !== "string" || !AUDIT_CURSOR.test(q.cursor)))
    fail("audit query", "malformed cursor (pass back the next of a page)");
  for (const k of ["actor", "action"] as const)
    if (q[k] !== undefined && !text(q[k], 200)) fail("audit query", `${k} must be printable text`);
  if (q.outcome !== undefined && !AUDIT_OUTCOMES.includes(q.outcome))
    fail("audit query", `outcome must be ${AUDIT_OUTCOMES.join(", ")}`);
}
