import { DnsightError } from "../errors.js";
import { META_TYPES, normaliseType } from "../dns/wire/types.js";
import { OBSERVATION_SOURCES, type Observation } from "../model/observation.js";
import type { ObservationQuery } from "./types.js";

// What every backend checks on every call: the shape and invariants the merge relies
// on, cheaply (no full name parse: that is normaliseObservation's job, at the edge).
// A batch or query that fails gets DnsightError("INPUT") naming the place and field.

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
