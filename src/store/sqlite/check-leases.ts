import type Database from "better-sqlite3";
import type { DnsightError } from "../../errors.js";
import { assertClaim, assertLease } from "../check-lease.js";
import type { ClaimOutcome, WatchStore } from "../types.js";

// Check leases (migration 14) in SQLite. Two processes may share the file, so a claim
// is one IMMEDIATE transaction: it takes the write lock before it reads, and no other
// connection can slip a lease or a check's result in between its reads and its write
// (https://sqlite.org/lang_transaction.html). Its wait for the lock is the busy timeout.

type Leases = Pick<WatchStore, "claimCheck" | "renewCheck" | "releaseCheck">;

export function sqliteCheckLeases(
  db: Database.Database,
  fail: (op: string, e: unknown) => DnsightError,
  ensureOpen: (op: string) => void,
): Leases {
  const lease = db.prepare(
    "SELECT owner, until FROM monitor_leases WHERE name = ? AND check_name = ?",
  );
  const lastRun = db.prepare("SELECT at FROM monitor_state WHERE name = ? AND check_name = ?");
  const take = db.prepare(
    `INSERT INTO monitor_leases (name, check_name, owner, until) VALUES (?, ?, ?, ?)
     ON CONFLICT (name, check_name) DO UPDATE SET owner = excluded.owner, until = excluded.until`,
  );
  const renew = db.prepare(
    "UPDATE monitor_leases SET until = ? WHERE name = ? AND check_name = ? AND owner = ?",
  );
  const release = db.prepare(
    "DELETE FROM monitor_leases WHERE name = ? AND check_name = ? AND owner = ?",
  );
  const claim = db.transaction(
    (
      name: string,
      check: string,
      owner: string,
      at: number,
      seen: number | null,
      until: number,
    ) => {
      const l = lease.get(name, check) as { owner: string; until: number } | undefined;
      if (l && l.owner !== owner && l.until > at) return "held";
      const s = lastRun.get(name, check) as { at: number } | undefined;
      if (s && (seen === null || s.at > seen)) return "ran";
      take.run(name, check, owner, until);
      return "claimed";
    },
  );

  return {
    async claimCheck(name, check, c) {
      ensureOpen("claim a check");
      assertClaim(c);
      try {
        return claim.immediate(
          name,
          check,
          c.owner,
          c.at,
          c.lastRun ?? null,
          c.at + c.leaseSeconds,
        ) as ClaimOutcome;
      } catch (e) {
        throw fail(`claim check ${name} ${check}`, e);
      }
    },
    async renewCheck(name, check, l) {
      ensureOpen("renew a check lease");
      assertLease(l);
      try {
        return renew.run(l.at + l.leaseSeconds, name, check, l.owner).changes > 0;
      } catch (e) {
        throw fail(`renew check lease ${name} ${check}`, e);
      }
    },
    async releaseCheck(name, check, owner) {
      ensureOpen("release a check lease");
      try {
        release.run(name, check, owner);
      } catch (e) {
        throw fail(`release check lease ${name} ${check}`, e);
      }
    },
  };
}
