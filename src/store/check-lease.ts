import { DnsightError } from "../errors.js";
import type { CheckClaim } from "./types.js";

// What every backend checks of a check lease before it touches the store: one owner
// string of bounded length, times and lengths as whole epoch seconds. A bad one is a
// caller's mistake, named, not a lease that never ends or can never be taken.

export const LEASE_OWNER_MAX = 200;
/** A day: longer is a mistake (a check is minutes at most; a renewed lease goes on). */
export const LEASE_SECONDS_MAX = 86_400;

const whole = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

export function assertLease(lease: Pick<CheckClaim, "owner" | "at" | "leaseSeconds">): void {
  const { owner, at, leaseSeconds } = lease;
  if (typeof owner !== "string" || owner === "" || owner.length > LEASE_OWNER_MAX)
    throw new DnsightError(
      "INPUT",
      `a check lease owner must be 1 to ${LEASE_OWNER_MAX} characters, got ${JSON.stringify(String(owner).slice(0, 40))}`,
    );
  if (!whole(at))
    throw new DnsightError("INPUT", `a check lease time must be whole epoch seconds, got ${at}`);
  if (!whole(leaseSeconds) || leaseSeconds < 1 || leaseSeconds > LEASE_SECONDS_MAX)
    throw new DnsightError(
      "INPUT",
      `a check lease lasts 1 to ${LEASE_SECONDS_MAX} whole seconds, got ${leaseSeconds}`,
    );
}

export function assertClaim(claim: CheckClaim): void {
  assertLease(claim);
  if (claim.lastRun !== undefined && !Number.isSafeInteger(claim.lastRun))
    throw new DnsightError(
      "INPUT",
      `a check's last run must be whole epoch seconds, got ${claim.lastRun}`,
    );
}
