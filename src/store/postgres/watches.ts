import { assertWatchKind } from "../check.js";
import { normaliseName } from "../observation.js";
import type { Watch, WatchStore } from "../types.js";
import { unstorable, type Db } from "./_db.js";
import { pgCheckLeases } from "./check-leases.js";

// The watchlist and the monitor's memory in PostgreSQL: a whole list added or removed
// in one statement (unnest), so a watchlist of thousands is one round trip.

interface WatchRow {
  name: string;
  kind: Watch["kind"];
  added_at: number;
  owned: string[];
}

const names = (list: readonly string[]): string[] => list.map((n) => normaliseName(n, "watch"));

/** Per name of `list`: `hit` for its first occurrence, false for a repeat (as one by one). */
function perName(list: readonly string[], hit: ReadonlySet<string>): boolean[] {
  const seen = new Set<string>();
  return list.map((n) => {
    const first = !seen.has(n);
    seen.add(n);
    return first && hit.has(n);
  });
}

export function pgWatches(db: Db): WatchStore {
  return {
    ...pgCheckLeases(db),
    async addWatches(list, kind, at, ownedList) {
      assertWatchKind(kind);
      const n = names(list);
      const owned = ownedList && [...new Set(names(ownedList))].sort();
      if (n.length === 0) return [];
      // xmax = 0 only on a row this statement inserted: new, not re-kinded. Each name
      // once: ON CONFLICT DO UPDATE cannot touch one row twice in a statement.
      const rows = await db.run<{ name: string; inserted: boolean }>(
        "add watches",
        `INSERT INTO watches (name, kind, added_at, owned)
           SELECT u.name, $2, $3, coalesce($4::text[], '{}') FROM unnest($1::text[]) AS u(name)
         ON CONFLICT (name) DO UPDATE
           SET kind = excluded.kind, owned = coalesce($4::text[], watches.owned)
         RETURNING name, (xmax = 0) AS inserted`,
        [[...new Set(n)], kind, at, owned ?? null],
      );
      return perName(n, new Set(rows.filter((r) => r.inserted).map((r) => r.name)));
    },
    async removeWatches(list) {
      const n = names(list);
      if (n.length === 0) return [];
      const rows = await db.tx("remove watches", async (sql) => {
        // Its monitor state goes with it.
        await sql.query("DELETE FROM monitor_state WHERE name = ANY($1::text[])", [n]);
        await sql.query("DELETE FROM monitor_leases WHERE name = ANY($1::text[])", [n]);
        return (
          await sql.query<{ name: string }>(
            "DELETE FROM watches WHERE name = ANY($1::text[]) RETURNING name",
            [n],
          )
        ).rows;
      });
      return perName(n, new Set(rows.map((r) => r.name)));
    },
    async listWatches() {
      const rows = await db.run<WatchRow>("list watches", "SELECT * FROM watches ORDER BY name");
      return rows.map((r) => ({ name: r.name, kind: r.kind, addedAt: r.added_at, owned: r.owned }));
    },
    async getMonitorState(name, check) {
      if (unstorable(name, check)) return undefined;
      const [r] = await db.run<{ at: number; data: string }>(
        `get monitor state ${name} ${check}`,
        "SELECT at, data FROM monitor_state WHERE name = $1 AND check_name = $2",
        [name, check],
      );
      return r && { at: r.at, data: JSON.parse(r.data) as unknown };
    },
    async putMonitorState(name, check, at, data) {
      await db.run(
        `put monitor state ${name} ${check}`,
        `INSERT INTO monitor_state (name, check_name, at, data) VALUES ($1, $2, $3, $4)
         ON CONFLICT (name, check_name) DO UPDATE SET at = excluded.at, data = excluded.data`,
        [name, check, at, JSON.stringify(data)],
      );
    },
  };
}
