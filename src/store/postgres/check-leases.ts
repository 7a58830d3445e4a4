import { DnsightError } from "../../errors.js";
import { assertClaim, assertLease } from "../check-lease.js";
import type { WatchStore } from "../types.js";
import type { Db } from "./_db.js";

// Check leases (migration 5) in PostgreSQL, for monitors on several machines sharing
// the state. A claim is one transaction of two statements, correct under READ
// COMMITTED. First the lease row is taken: INSERT … ON CONFLICT DO UPDATE … WHERE
// locks the row and judges the WHERE on its newest version, so of two racing claims
// the second waits for the first and sees its lease. Only then is the last run read,
// in a statement of its own: a statement's snapshot is taken when it starts, before
// any wait for a lock, so read in the first statement it could miss the result of a
// monitor whose release it waited for (a result is stored before its lease ends).

type Leases = Pick<WatchStore, "claimCheck" | "renewCheck" | "releaseCheck">;

/** Thrown inside the claim to roll the lease back: another monitor ran the check. */
const RAN = new DnsightError("INTERNAL", "the check ran since it was read");

export function pgCheckLeases(db: Db): Leases {
  return {
    async claimCheck(name, check, c) {
      assertClaim(c);
      try {
        return await db.tx(`claim check ${name} ${check}`, async (sql) => {
          const took = await sql.query(
            `INSERT INTO monitor_leases AS l (name, check_name, owner, until)
               VALUES ($1, $2, $3, $4)
             ON CONFLICT (name, check_name) DO UPDATE
               SET owner = excluded.owner, until = excluded.until
               WHERE l.owner = excluded.owner OR l.until <= $5
             RETURNING 1`,
            [name, check, c.owner, c.at + c.leaseSeconds, c.at],
          );
          if (took.rowCount === 0) return "held" as const;
          const last = await sql.query<{ at: number }>(
            "SELECT at FROM monitor_state WHERE name = $1 AND check_name = $2",
            [name, check],
          );
          const at = last.rows[0]?.at;
          if (at !== undefined && (c.lastRun === undefined || at > c.lastRun)) throw RAN;
          return "claimed" as const;
        });
      } catch (e) {
        if (e === RAN) return "ran";
        throw e;
      }
    },
    async renewCheck(name, check, l) {
      assertLease(l);
      const rows = await db.run(
        `renew check lease ${name} ${check}`,
        `UPDATE monitor_leases SET until = $4
         WHERE name = $1 AND check_name = $2 AND owner = $3 RETURNING 1`,
        [name, check, l.owner, l.at + l.leaseSeconds],
      );
      return rows.length > 0;
    },
    async releaseCheck(name, check, owner) {
      await db.run(
        `release check lease ${name} ${check}`,
        "DELETE FROM monitor_leases WHERE name = $1 AND check_name = $2 AND owner = $3",
        [name, check, owner],
      );
    },
  };
}
