import type Database from "better-sqlite3";
import { DnsightError } from "../../errors.js";
import { assertWatchKind } from "../check.js";
import type { Watch, WatchStore } from "../types.js";
import { normaliseName } from "../observation.js";
import { sqliteCheckLeases } from "./check-leases.js";

// The watchlist and the monitor's memory (migration 7), with each brand's owned domains
// (migration 9) and the monitors' check leases (migration 14).

interface WatchRow {
  name: string;
  kind: Watch["kind"];
  added_at: number;
  owned: string;
}

export function sqliteWatches(
  db: Database.Database,
  fail: (op: string, e: unknown) => DnsightError,
  ensureOpen: (op: string) => void,
): WatchStore {
  const exists = db.prepare("SELECT 1 FROM watches WHERE name = ?");
  const add = db.prepare(
    `INSERT INTO watches (name, kind, added_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET kind = excluded.kind`,
  );
  const setOwned = db.prepare("UPDATE watches SET owned = ? WHERE name = ?");
  const del = db.prepare("DELETE FROM watches WHERE name = ?");
  const delState = db.prepare("DELETE FROM monitor_state WHERE name = ?");
  const delLeases = db.prepare("DELETE FROM monitor_leases WHERE name = ?");
  const all = db.prepare("SELECT * FROM watches ORDER BY name");
  const getState = db.prepare(
    "SELECT at, data FROM monitor_state WHERE name = ? AND check_name = ?",
  );
  const putState = db.prepare(
    `INSERT INTO monitor_state (name, check_name, at, data) VALUES (?, ?, ?, ?)
     ON CONFLICT (name, check_name) DO UPDATE SET at = excluded.at, data = excluded.data`,
  );
  const names = (list: readonly string[]): string[] => list.map((n) => normaliseName(n, "watch"));
  const addAll = db.transaction(
    (list: string[], kind: string, at: number, owned: string[] | undefined) =>
      list.map((n) => {
        const isNew = exists.get(n) === undefined;
        add.run(n, kind, at);
        if (owned) setOwned.run(JSON.stringify(owned), n);
        return isNew;
      }),
  );
  const removeAll = db.transaction((list: string[]) =>
    list.map((n) => {
      delState.run(n);
      delLeases.run(n);
      return del.run(n).changes > 0;
    }),
  );
  return {
    ...sqliteCheckLeases(db, fail, ensureOpen),
    async addWatches(list, kind, at, ownedList) {
      ensureOpen("add watches");
      assertWatchKind(kind);
      const n = names(list);
      const owned = ownedList && [...new Set(names(ownedList))].sort();
      try {
        return addAll(n, kind, at, owned);
      } catch (e) {
        throw fail("add watches", e);
      }
    },
    async removeWatches(list) {
      ensureOpen("remove watches");
      const n = names(list);
      try {
        return removeAll(n);
      } catch (e) {
        throw fail("remove watches", e);
      }
    },
    async listWatches() {
      ensureOpen("list watches");
      try {
        return (all.all() as WatchRow[]).map((r) => ({
          name: r.name,
          kind: r.kind,
          addedAt: r.added_at,
          owned: JSON.parse(r.owned) as string[],
        }));
      } catch (e) {
        throw fail("list watches", e);
      }
    },
    async getMonitorState(name, checkName) {
      ensureOpen("get monitor state");
      try {
        const r = getState.get(name, checkName) as { at: number; data: string } | undefined;
        return r && { at: r.at, data: JSON.parse(r.data) as unknown };
      } catch (e) {
        throw fail(`get monitor state ${name} ${checkName}`, e);
      }
    },
    async putMonitorState(name, checkName, at, data) {
      ensureOpen("put monitor state");
      try {
        putState.run(name, checkName, at, JSON.stringify(data));
      } catch (e) {
        throw fail(`put monitor state ${name} ${checkName}`, e);
      }
    },
  };
}
