import type Database from "better-sqlite3";
import { setTimeout as sleep } from "node:timers/promises";

// Waiting for SQLite's write lock without blocking the thread. SQLite lets one
// writer at a time hold a database (https://sqlite.org/lockingv3.html; in WAL mode
// readers never wait, https://sqlite.org/wal.html). Its own busy handler sleeps
// inside the call, holding the thread, and gives up after the busy timeout with
// "database is locked". Here each attempt waits only briefly inside SQLite; between
// attempts the thread is free (a listener keeps reading its sockets) and the wait
// backs off, is reported every few seconds, and lasts as long as the caller allows.

export interface LockWaitOptions {
  /** Told how long a write has waited so far: after the first second, then every 5 s. */
  onLockWait?: (waitedMs: number) => void;
  /** Longest wait before failing with "database is locked" (default: the busy timeout). */
  lockTimeoutMs?: number;
}

/** SQLite's wait inside one attempt: short, so the thread is soon free again. */
const ATTEMPT_BUSY_MS = 20;
const FIRST_REPORT_MS = 1000;
const REPORT_EVERY_MS = 5000;
const MAX_BACKOFF_MS = 50;

const isBusy = (e: unknown): boolean => {
  const code = (e as { code?: unknown }).code;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
};

/**
 * Runs `fn` (one write transaction, begun IMMEDIATE so that the lock is taken at its
 * start) until it gets the lock, or rethrows SQLite's "database is locked" once the
 * limit has passed. The connection's busy timeout is restored after each try.
 */
export async function withWriteLock<T>(
  db: Database.Database,
  busyTimeoutMs: number,
  o: LockWaitOptions,
  fn: () => T,
): Promise<T> {
  const limit = o.lockTimeoutMs ?? busyTimeoutMs;
  const started = performance.now();
  let nextReport = FIRST_REPORT_MS;
  let backoff = 2;
  for (;;) {
    db.pragma(`busy_timeout = ${Math.min(ATTEMPT_BUSY_MS, busyTimeoutMs)}`);
    try {
      return fn();
    } catch (e) {
      if (!isBusy(e)) throw e;
      const waited = performance.now() - started;
      if (waited >= limit) throw e;
      if (waited >= nextReport) {
        o.onLockWait?.(waited);
        nextReport = waited + REPORT_EVERY_MS;
      }
    } finally {
      db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    }
    await sleep(backoff);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  }
}
