import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { WatchStore } from "../store/types.js";

// A monitor's leases on the checks it runs, so that monitors sharing a store (two
// `dnsight monitor`s on one PostgreSQL state, or on one SQLite file) run each due
// check once. A check is claimed before it runs and released once its result is
// stored. The lease is short and renewed while the check runs: a monitor killed
// mid-check holds its checks for LEASE_SECONDS at most, however long a check takes.

/** How long a lease lasts unless renewed; it is renewed every third of that. */
export const LEASE_SECONDS = 60;

let owner: string | undefined;

/** This process's owner id: hostname:pid:random, the same for every monitor it runs. */
export function monitorOwner(): string {
  owner ??= `${hostname().slice(0, 150)}:${process.pid}:${randomBytes(6).toString("hex")}`;
  return owner;
}

export interface Lease {
  owner: string;
  /** Seconds. */
  leaseSeconds: number;
  /** Epoch seconds now (the pass's clock). */
  now: () => number;
}

/**
 * Runs `fn` under the lease the caller claimed on `check` of `name`: renewed every
 * third of its length while `fn` runs, released when it ends (stored or failed: a
 * failed check is due again, for any monitor). A renewal that fails is left to the
 * lease's end: the check's own store writes report a store that is down.
 */
export async function underLease<T>(
  w: WatchStore,
  name: string,
  check: string,
  l: Lease,
  fn: () => Promise<T>,
): Promise<T> {
  const timer = setInterval(
    () => {
      w.renewCheck(name, check, {
        owner: l.owner,
        at: l.now(),
        leaseSeconds: l.leaseSeconds,
      }).catch(() => undefined);
    },
    (l.leaseSeconds * 1000) / 3,
  );
  timer.unref();
  try {
    return await fn();
  } finally {
    clearInterval(timer);
    await w.releaseCheck(name, check, l.owner).catch(() => undefined);
  }
}
