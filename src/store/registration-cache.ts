import type { RegistrationStatus } from "../model/registration.js";
import type { RegistrationSnapshot, RegistrationStore } from "./types.js";

// The stored snapshots as a cache for `dnsight registration`: the newest answer for
// the same key, over an acceptable protocol, young enough for its status. Negative
// answers age faster, as in DNS (RFC 2308): a name seen available may be registered
// any minute, while a registration rarely changes within a day.

/** How long a registered or reserved answer is reused, seconds. */
export const POSITIVE_MAX_AGE_S = 24 * 3600;
/** How long an available or unknown answer is reused, seconds. */
export const NEGATIVE_MAX_AGE_S = 3600;

/** A throttled answer says nothing about the name, so it is never reused. */
const NOT_ANSWERS: readonly RegistrationStatus[] = ["throttled"];

export interface CacheRequest {
  /** "auto" accepts a snapshot of either protocol. */
  protocol: "auto" | "rdap" | "whois";
  /** Epoch seconds. */
  now: number;
  /** One age limit for every status, seconds, instead of the defaults; 0 never hits. */
  maxAgeS?: number;
}

/** The age limit of an answer with this status. */
export function maxAgeFor(status: RegistrationStatus, override?: number): number {
  if (status === "throttled") return 0;
  if (override !== undefined) return override;
  return status === "registered" || status === "reserved" ? POSITIVE_MAX_AGE_S : NEGATIVE_MAX_AGE_S;
}

/**
 * The snapshot that may answer instead of a fetch, or undefined. Only the newest
 * answer counts: an older registered one does not stand in for a newer, expired
 * available one, as the newer answer is the better guess of the name's state.
 */
export async function cachedSnapshot(
  store: RegistrationStore,
  key: string,
  req: CacheRequest,
): Promise<RegistrationSnapshot | undefined> {
  const longest = req.maxAgeS ?? Math.max(POSITIVE_MAX_AGE_S, NEGATIVE_MAX_AGE_S);
  if (longest <= 0) return undefined;
  const snap = await store.latestSnapshot(key, {
    since: req.now - longest,
    skipStatus: NOT_ANSWERS,
    ...(req.protocol !== "auto" ? { protocol: req.protocol } : {}),
  });
  if (snap === undefined) return undefined;
  return req.now - snap.fetchedAt <= maxAgeFor(snap.record.status, req.maxAgeS) ? snap : undefined;
}
